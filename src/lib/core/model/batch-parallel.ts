import type { Rng } from '../data/rng.ts';
import type { BatchOutcome } from './batch-context.ts';
import { withTimeout } from './clock.ts';
import type { ModelConfig } from './config.ts';
import { helperSource, shardProgram, SLOTS, type ControlViews, type ShardSetup } from './shard-program.ts';
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

export { helperSource, type ShardSetup };

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

const { GEN, DONE, OP, COUNT, SEED, UPDATED, N_USER_ROWS, N_ITEM_ROWS, FAILED, LOSS_BYTE } = SLOTS;
const { OP_WARP, OP_KOS, OP_BPR } = SLOTS;
const { slot, views: controlViews, runShard, serve } = shardProgram(SLOTS, instantiateKernel);
/** How long the main thread waits for a helper before giving up on the run. */
const HELPER_TIMEOUT_MS = 60_000;

/**
 * A helper thread's whole life (shard-program.ts): instantiate its shard, then run its part of
 * each batch until BatchParallel.dispose. Helpers that load this module call it; the others run
 * the same code from helperSource().
 */
export const runShardHelper: (setup: ShardSetup, onReady?: () => void) => void = serve;

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

  /**
   * Resolves once every helper thread is running (await it before the first batch; see
   * ShardHelper.ready); rejects when one fails to start or takes longer than `timeoutMs`.
   */
  async ready(timeoutMs = 30_000): Promise<void> {
    const all = Promise.all(this.helpers.map((h) => h.ready));
    await withTimeout(all, timeoutMs, `not running after ${timeoutMs / 1000} s`);
  }

  /** After a failed start: stops the helpers; the shard-0 instance then steps every batch itself, as the one-core kernel. */
  fallBackToOneCore(): void {
    this.dispose();
    this.shards.main.deferStep.value = 0;
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
    let waited = 0;
    for (;;) {
      const seen = Atomics.load(i32, at);
      if (seen === gen) return;
      if (Atomics.wait(i32, at, seen, 1000) === 'timed-out') waited += 1000;
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

/**
 * Starts the context's helper cores before its first batch; where they cannot start (a browser
 * that will not load the helper worker, offline for example) the run goes on with one core,
 * the same kernel and memory, and says why.
 */
export async function startHelperCores(ctx: Pick<KernelChoice, 'parallel' | 'oneCore'>): Promise<void> {
  const parallel = ctx.parallel;
  if (!parallel) return;
  try {
    await parallel.ready();
  } catch (err) {
    parallel.fallBackToOneCore();
    ctx.parallel = null;
    ctx.oneCore = `the helper cores could not start (${err instanceof Error ? err.message : String(err)})`;
  }
}

/** The run card's words for the cores: " · batch-parallel on 2 cores", " · one core: why", or ''. */
export function describeCores(choice: Pick<KernelChoice, 'parallel' | 'oneCore'>): string {
  if (choice.parallel) return ` · batch-parallel on ${choice.parallel.cores} cores`;
  return choice.oneCore ? ` · one core: ${choice.oneCore}` : '';
}
