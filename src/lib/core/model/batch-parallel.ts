import type { Rng } from '../data/rng.ts';
import type { BatchOutcome } from './batch-context.ts';
import type { ModelConfig } from './config.ts';
import {
  CONTROL_BYTES,
  createPairwiseKernel,
  instantiateKernel,
  kernelUnsupported,
  type KernelExports,
  type KernelShards,
  type PairwiseKernel,
  type PairwiseKernelInput
} from './kernels/pairwise-kernel.ts';

/**
 * The batch-parallel step: one batch of sampled WARP, WARP-KOS or BPR split into n contiguous
 * shards of its samples, each run by the fused kernel (kernels/wasm/parallel.watinc) in its own
 * instance over one shared memory. Every shard reads the parameters as they were at the start of
 * the batch (nobody writes them until all shards are done) and fills its own gradient sums;
 * shard 0's instance then adds shards 1 … n−1 into its sums in that order and takes one Adagrad
 * step. That is synchronous mini-batch SGD, as the one-core kernel already is within a batch
 * (LightFM instead runs per-sample Hogwild steps across threads). Each shard draws its own
 * random stream, seeded from the run's stream in shard order, so a run is a function of the seed
 * *and* the number of cores; with one shard it is the one-core kernel's run bit for bit.
 *
 * Shards 1 … n−1 run either in helper threads (a ShardSpawner starts one per shard; it calls
 * runShardHelper) or, without a spawner, one after another in this thread: the same shards, the
 * same reduction, the same bits (batch-parallel.test.ts holds both to that).
 */

/** What a helper thread needs: the kernel module, the shared memory, its shard's globals. */
export interface ShardSetup {
  module: object;
  memory: object;
  globals: Record<string, number>;
  /** Byte offset of the shards' control blocks. */
  control: number;
  shard: number;
}

export interface ShardHelper {
  terminate(): void;
  /**
   * Settles when the helper has its shard instantiated (runShardHelper's onReady). A browser
   * worker started from a worker loads through its parent's thread, which must not be blocked in
   * Atomics.wait until then: BatchParallel.ready() awaits these before the first batch.
   */
  ready: Promise<void>;
}

/** Starts a thread that calls runShardHelper(setup) (a Web Worker, a Node worker_thread). */
export type ShardSpawner = (setup: ShardSetup) => ShardHelper;

/** The cores a run asks for, how to start helpers, and why there are none when the platform knows. */
export interface ParallelRequest {
  cores: number;
  spawn?: ShardSpawner;
  /** Why this platform cannot run more than one core (e.g. 'this page is not cross-origin isolated'). */
  unavailable?: string;
}

// Slots of a shard's control block (Int32 indices; the loss is a float64 at byte LOSS_BYTE).
const GEN = 0; // request number, written by the main thread (−1: stop)
const DONE = 1; // request number finished, written by the shard
const OP = 2;
const COUNT = 3;
const SEED = 4;
const UPDATED = 5;
const N_USER_ROWS = 6;
const N_ITEM_ROWS = 7;
const FAILED = 8;
const COULD_NOT_START = 9; // set to 1 by a helper whose thread failed to load (helperFailedSlot)
const LOSS_BYTE = 40;
const OP_WARP = 0;
const OP_KOS = 1;
const OP_BPR = 2;
/** How long the main thread waits for a helper before giving up on the run. */
const HELPER_TIMEOUT_MS = 60_000;

interface ControlViews {
  i32: Int32Array;
  f64: Float64Array;
}

function controlViews(memory: object): ControlViews {
  const buffer = (memory as { buffer: ArrayBuffer }).buffer;
  return { i32: new Int32Array(buffer), f64: new Float64Array(buffer) };
}

const slot = (control: number, shard: number, i: number) => (control + shard * CONTROL_BYTES) / 4 + i;

/**
 * The Int32 index in `setup.memory` that a helper's loader sets to 1 (then notifies the same
 * index) when its thread fails before runShardHelper: the main thread, blocked in Atomics.wait,
 * cannot see a worker's error event.
 */
export function helperFailedSlot(setup: Pick<ShardSetup, 'control' | 'shard'>): number {
  return slot(setup.control, setup.shard, COULD_NOT_START);
}

/**
 * Runs the request in a shard's control block on that shard's instance and records the result.
 * The shard's touched-row counts go to the block and are zeroed in the instance: shard 0 absorbs
 * (and clears) the rows themselves before the next batch.
 */
function runShard(ex: KernelExports, v: ControlViews, control: number, shard: number): void {
  const at = (i: number) => slot(control, shard, i);
  const count = v.i32[at(COUNT)];
  const op = v.i32[at(OP)];
  const seed = v.i32[at(SEED)];
  let loss = 0;
  if (count > 0) loss = op === OP_BPR ? ex.bpr(count, seed) : ex.warp(count, op === OP_KOS ? 1 : 0, seed);
  v.f64[(control + shard * CONTROL_BYTES + LOSS_BYTE) / 8] = loss;
  v.i32[at(UPDATED)] = count > 0 ? ex.updated.value : 0;
  v.i32[at(N_USER_ROWS)] = ex.nU.value;
  v.i32[at(N_ITEM_ROWS)] = ex.nF.value;
  ex.nU.value = 0;
  ex.nF.value = 0;
}

/**
 * A helper thread's whole life: instantiate its shard, then wait for a request, run it, say so,
 * until the main thread writes −1 (BatchParallel.dispose). Blocks its thread (Atomics.wait).
 */
export function runShardHelper(setup: ShardSetup, onReady?: () => void): void {
  const { control, shard } = setup;
  const v = controlViews(setup.memory);
  const gen = slot(control, shard, GEN);
  const done = slot(control, shard, DONE);
  let ex: KernelExports | null;
  try {
    ex = instantiateKernel(setup.module, setup.memory, setup.globals);
  } catch {
    ex = null;
  }
  onReady?.();
  let seen = 0;
  for (;;) {
    Atomics.wait(v.i32, gen, seen);
    const g = Atomics.load(v.i32, gen);
    if (g === seen) continue;
    if (g < 0) return;
    seen = g;
    try {
      if (!ex) throw new Error('the kernel did not start in this thread');
      runShard(ex, v, control, shard);
      v.i32[slot(control, shard, FAILED)] = 0;
    } catch {
      v.i32[slot(control, shard, FAILED)] = 1;
    }
    Atomics.store(v.i32, done, g);
    Atomics.notify(v.i32, done);
  }
}

export class BatchParallel {
  readonly cores: number;
  private readonly views: ControlViews;
  private readonly orders: Int32Array[];
  /** Shards 1 … n−1 run in this thread when no spawner was given (index 0 unused). */
  private readonly local: (KernelExports | null)[];
  private readonly helpers: ShardHelper[] = [];
  private generation = 0;

  constructor(
    private readonly shards: KernelShards,
    spawn?: ShardSpawner
  ) {
    const { globals, memory, module, control } = shards;
    this.cores = globals.length;
    this.views = controlViews(memory);
    const buffer = (memory as { buffer: ArrayBuffer }).buffer;
    // Each shard's `order` region is sized for a whole batch; a shard uses its first part.
    this.orders = globals.map((g) => new Int32Array(buffer, g.order, shards.batchSize));
    this.local = globals.map((g, s) => (s === 0 || spawn ? null : instantiateKernel(module, memory, g)));
    if (spawn)
      for (let s = 1; s < globals.length; s++)
        this.helpers.push(spawn({ module, memory, globals: globals[s], control, shard: s }));
  }

  warp(order: Int32Array, start: number, count: number, kos: boolean, rng: Rng): BatchOutcome {
    return this.run(kos ? OP_KOS : OP_WARP, order, start, count, rng);
  }

  bpr(order: Int32Array, start: number, count: number, rng: Rng): BatchOutcome {
    return this.run(OP_BPR, order, start, count, rng);
  }

  /** Resolves once every helper thread is running (await it before the first batch; see ShardHelper.ready). */
  async ready(): Promise<void> {
    await Promise.all(this.helpers.map((h) => h.ready));
  }

  /** Stops the helper threads (their loops end; then they are terminated). */
  dispose(): void {
    const { i32 } = this.views;
    for (let s = 1; s < this.cores; s++) {
      Atomics.store(i32, slot(this.shards.control, s, GEN), -1);
      Atomics.notify(i32, slot(this.shards.control, s, GEN));
    }
    for (const h of this.helpers) h.terminate();
    this.helpers.length = 0;
  }

  private run(op: number, order: Int32Array, start: number, count: number, rng: Rng): BatchOutcome {
    const n = this.cores;
    const { i32, f64 } = this.views;
    const { control, globals, main } = this.shards;
    const chunk = Math.ceil(count / n);
    const gen = ++this.generation;
    // Seeds in shard order, all drawn before any shard runs: the stream does not depend on timing.
    const seeds = Array.from({ length: n }, () => rng.uint32() | 0);
    for (let s = 1; s < n; s++) {
      const a = Math.min(count, s * chunk);
      const b = Math.min(count, a + chunk);
      this.orders[s].set(order.subarray(start + a, start + b));
      i32[slot(control, s, OP)] = op;
      i32[slot(control, s, COUNT)] = b - a;
      i32[slot(control, s, SEED)] = seeds[s];
      const ex = this.local[s];
      if (ex) {
        runShard(ex, this.views, control, s);
      } else {
        Atomics.store(i32, slot(control, s, GEN), gen);
        Atomics.notify(i32, slot(control, s, GEN));
      }
    }
    const own = Math.min(count, chunk);
    this.orders[0].set(order.subarray(start, start + own));
    let loss = op === OP_BPR ? main.bpr(own, seeds[0]) : main.warp(own, op === OP_KOS ? 1 : 0, seeds[0]);
    let updated = main.updated.value;
    for (let s = 1; s < n; s++) {
      if (!this.local[s]) this.waitFor(s, gen);
      if (i32[slot(control, s, FAILED)] !== 0)
        throw new Error(`core ${s + 1} of ${n} failed on a batch; train with one core`);
      const g = globals[s];
      main.absorbUsers(g.uSum, g.uSq, g.uMark, g.uTouched, i32[slot(control, s, N_USER_ROWS)]);
      main.absorbItems(
        g.fSum,
        g.fSq,
        g.fBSum,
        g.fBSq,
        g.fMark,
        g.fTouched,
        i32[slot(control, s, N_ITEM_ROWS)]
      );
      loss += f64[(control + s * CONTROL_BYTES + LOSS_BYTE) / 8];
      updated += i32[slot(control, s, UPDATED)];
    }
    main.applyStep();
    return { loss, updated };
  }

  private waitFor(shard: number, gen: number): void {
    const { i32 } = this.views;
    const at = slot(this.shards.control, shard, DONE);
    const failed = slot(this.shards.control, shard, COULD_NOT_START);
    let waited = 0;
    for (;;) {
      const seen = Atomics.load(i32, at);
      if (seen === gen) return;
      if (Atomics.load(i32, failed) !== 0) throw new Error(`core ${shard + 1}'s thread could not start`);
      // Short waits: a helper that fails to load notifies COULD_NOT_START, not DONE.
      if (Atomics.wait(i32, at, seen, 100) === 'timed-out') waited += 100;
      if (waited >= HELPER_TIMEOUT_MS)
        throw new Error(`core ${shard + 1} stopped answering (no reply in ${HELPER_TIMEOUT_MS / 1000} s)`);
    }
  }
}

/** The kernel a run's batches use, its batch-parallel driver, and why one core when more were asked. */
export interface KernelChoice {
  kernel: PairwiseKernel | null;
  parallel: BatchParallel | null;
  /** Why the run trains on one core although the request asked for more; null otherwise. */
  oneCore: string | null;
}

const PARALLEL_LOSSES: Partial<Record<ModelConfig['loss'], true>> = {
  warp: true,
  'warp-kos': true,
  bpr: true
};

/**
 * Picks the kernel (and, for `request.cores` > 1, the batch-parallel driver over it).
 * `useKernel`: the configuration trains with the pairwise kernel at all; `exactSearch`: it runs
 * the TF.js full-catalogue search instead (one core).
 */
export function chooseKernel(
  c: PairwiseKernelInput,
  useKernel: boolean,
  exactSearch: boolean,
  request?: ParallelRequest
): KernelChoice {
  const cores = Math.max(1, Math.floor(request?.cores ?? 1));
  let oneCore: string | null = null;
  if (cores > 1) {
    const unsupported = kernelUnsupported(c.config);
    oneCore =
      request?.unavailable ??
      (!PARALLEL_LOSSES[c.config.loss]
        ? 'more cores train WARP, WARP-KOS and BPR only'
        : exactSearch
          ? 'the exact violator search runs on one core'
          : !useKernel
            ? 'more cores need the WebAssembly kernel'
            : unsupported);
    if (oneCore === null) {
      const kernel = createPairwiseKernel(c, cores);
      if (kernel?.shards)
        return { kernel, parallel: new BatchParallel(kernel.shards, request?.spawn), oneCore };
      oneCore = 'shared WebAssembly memory is unavailable here';
    }
  }
  return { kernel: useKernel ? createPairwiseKernel(c) : null, parallel: null, oneCore };
}

/** The run card's words for the cores: " · batch-parallel on 2 cores", " · one core: why", or ''. */
export function describeCores(choice: Pick<KernelChoice, 'parallel' | 'oneCore'>): string {
  if (choice.parallel) return ` · batch-parallel on ${choice.parallel.cores} cores`;
  return choice.oneCore ? ` · one core: ${choice.oneCore}` : '';
}
