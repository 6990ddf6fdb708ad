import { CONTROL_BYTES, instantiateKernel, type KernelExports } from './kernels/pairwise-kernel.ts';

/**
 * What a batch-parallel shard does (batch-parallel.ts), written so that its text can be a helper
 * thread's whole program: `shardProgram` and `instantiateKernel` use no name from outside
 * themselves, and `helperSource` sends their text (a blob: worker in the browser, an eval'd
 * worker_thread in Node). The helper then needs no script fetched from the site — which a nested
 * worker could not get offline, since the service worker does not serve it.
 */

/** A shard's control block: Int32 slots, and the loss as a float64 at byte LOSS_BYTE. */
export const SLOTS = {
  GEN: 0, // request number, written by the main thread (−1: stop)
  DONE: 1, // request number finished, written by the shard
  OP: 2,
  COUNT: 3,
  SEED: 4,
  UPDATED: 5,
  N_USER_ROWS: 6,
  N_ITEM_ROWS: 7,
  FAILED: 8,
  LOSS_BYTE: 40,
  CONTROL_BYTES,
  OP_WARP: 0,
  OP_KOS: 1,
  OP_BPR: 2
} as const;

/** What a helper thread receives: the kernel module, the shared memory, its shard's globals. */
export interface ShardSetup {
  module: object;
  memory: object;
  globals: Record<string, number>;
  /** Byte offset of the shards' control blocks. */
  control: number;
  shard: number;
}

export interface ControlViews {
  i32: Int32Array;
  f64: Float64Array;
}

export function shardProgram(S: typeof SLOTS, instantiate: typeof instantiateKernel) {
  const slot = (control: number, shard: number, i: number) => (control + shard * S.CONTROL_BYTES) / 4 + i;
  const views = (memory: object): ControlViews => {
    const buffer = (memory as { buffer: ArrayBuffer }).buffer;
    return { i32: new Int32Array(buffer), f64: new Float64Array(buffer) };
  };
  /**
   * Runs the request in a shard's control block on that shard's instance and records the result.
   * Its touched-row counts go to the block and are zeroed in the instance: shard 0 absorbs (and
   * clears) the rows themselves before the next batch.
   */
  const runShard = (ex: KernelExports, v: ControlViews, control: number, shard: number): void => {
    const at = (i: number) => slot(control, shard, i);
    const count = v.i32[at(S.COUNT)];
    const op = v.i32[at(S.OP)];
    const seed = v.i32[at(S.SEED)];
    let loss = 0;
    if (count > 0)
      loss = op === S.OP_BPR ? ex.bpr(count, seed) : ex.warp(count, op === S.OP_KOS ? 1 : 0, seed);
    v.f64[(control + shard * S.CONTROL_BYTES + S.LOSS_BYTE) / 8] = loss;
    v.i32[at(S.UPDATED)] = count > 0 ? ex.updated.value : 0;
    v.i32[at(S.N_USER_ROWS)] = ex.nU.value;
    v.i32[at(S.N_ITEM_ROWS)] = ex.nF.value;
    ex.nU.value = 0;
    ex.nF.value = 0;
  };
  /**
   * A helper thread's whole life: instantiate its shard, say so, then wait for a request, run
   * it, mark it done, until the main thread writes −1. Blocks its thread (Atomics.wait).
   */
  const serve = (setup: ShardSetup, onReady?: () => void): void => {
    const { control, shard } = setup;
    const v = views(setup.memory);
    const gen = slot(control, shard, S.GEN);
    const done = slot(control, shard, S.DONE);
    let ex: KernelExports | null;
    try {
      ex = instantiate(setup.module, setup.memory, setup.globals);
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
        v.i32[slot(control, shard, S.FAILED)] = 0;
      } catch {
        v.i32[slot(control, shard, S.FAILED)] = 1;
      }
      Atomics.store(v.i32, done, g);
      Atomics.notify(v.i32, done);
    }
  };
  return { slot, views, runShard, serve };
}

/**
 * JavaScript that defines `program` (shardProgram's result) in a fresh thread. The platform adds
 * one line that calls `program.serve(setup, onReady)` with its own messaging.
 */
export function helperSource(): string {
  return (
    // esbuild with keepNames (tsx: the CLI, the benchmarks) wraps functions in __name(fn, "name")
    // calls inside their bodies; in a thread of its own that helper must exist. Names are cosmetic.
    `var __name = (fn) => fn;\n` +
    `const instantiateKernel = ${instantiateKernel.toString()};\n` +
    `const program = (${shardProgram.toString()})(${JSON.stringify(SLOTS)}, instantiateKernel);\n`
  );
}
