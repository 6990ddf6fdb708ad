import * as tf from '@tensorflow/tfjs-core';
import { CoreError } from '../types.ts';
import { usesExactSearch, type BatchContext, type BatchOutcome } from './batch-context.ts';
import { describeTrainingPath, trainBatch } from './batch-driver.ts';
import type { DeepTowers } from './deep-towers.ts';
import { now } from './clock.ts';
import {
  CPU_TENSOR_BACKENDS,
  choosePath,
  describeChoice,
  type PathChoice,
  type TrainingPathMode
} from './path-choice.ts';
import { TensorPairwise, tensorPathUnsupported } from './tensor-pairwise.ts';

/** What the training loop calls per batch: the chosen path, labelled for the run card. */
export interface PathRunner {
  choice: PathChoice;
  /** What runs the batches (TrainingEngine.loop). */
  loop: string;
  /** How that was chosen, with both measured figures; undefined where only one path can run. */
  choiceLine?: string;
  batch(start: number, count: number, epoch: number): BatchOutcome;
  /** Brings ctx.state up to date (the tensor path keeps the parameters in tensors). */
  sync(): void;
  dispose(): void;
}

export interface PrepareTrainingPathOptions {
  ctx: BatchContext;
  tower: DeepTowers | undefined;
  /** The run's sample order; the trial batches are its first batches (it is not changed). */
  order: Int32Array;
  mode: TrainingPathMode;
  /** The mode is the choice stored with a resumed run (labelled so), not the caller's. */
  resumed?: boolean;
  /** Timed batches per path, after one untimed warm-up each. Default 3. */
  trialBatches?: number;
  /** Milliseconds (tests inject timings through it). Default: the monotonic clock. */
  clock?: () => number;
}

/** The loop label of the tensor path (the run card's "training loop: …"). */
export function tensorLoop(loss: string): string {
  return loss === 'warp'
    ? 'TF.js full-tensor (exact violator search, gradients and Adagrad in tensors)'
    : 'TF.js full-tensor (gradients and Adagrad in tensors)';
}

/**
 * Picks what trains the run's batches. Where the full-tensor path can run and `mode` is
 * 'measure', times `trialBatches` batches of each path (same batches, after a warm-up batch
 * each) and keeps the faster by their best batches (path-choice.ts). The trial batches are discarded
 * deterministically: the parameters, accumulators and the random stream are restored after
 * each path's trial, so the run starts from the seed's state and its numbers are a function of
 * the seed and the chosen path (which the run card shows), never of the timings otherwise.
 */
export function prepareTrainingPath(o: PrepareTrainingPathOptions): PathRunner {
  const { ctx, tower, order } = o;
  const clock = o.clock ?? now;
  const names = { cpu: describeTrainingPath(ctx), tensor: `TF.js ${tf.getBackend()} full-tensor` };
  const unsupported = tensorPathUnsupported(ctx.config);
  if (unsupported !== null) {
    if (o.mode === 'tensor')
      throw new CoreError(
        'bad_config',
        `the full-tensor training path cannot run this model: ${unsupported}`
      );
    return cpuRunner(ctx, tower, order, { path: 'cpu', how: 'only' }, names);
  }
  const how = o.resumed ? 'resumed' : 'forced';
  if (o.mode === 'cpu') return cpuRunner(ctx, tower, order, { path: 'cpu', how }, names);
  if (o.mode === 'tensor')
    return tensorRunner(new TensorPairwise(ctx), order, { path: 'tensor', how }, names);
  // Measured only against the WebAssembly kernel, which is far from the tensor path on a CPU
  // backend. The exact search (warp-step.ts) runs on the same TF.js backend as the tensor path:
  // their timings are close, so a measured choice would flip from run to run, and with it the
  // run's numbers; those configurations keep their own step unless the caller forces one.
  if (ctx.kernel === null || usesExactSearch(ctx.config))
    return cpuRunner(ctx, tower, order, { path: 'cpu', how: 'only' }, names);
  const backend = tf.getBackend();
  if (o.mode === 'auto' && CPU_TENSOR_BACKENDS.includes(backend))
    return cpuRunner(
      ctx,
      tower,
      order,
      {
        path: 'cpu',
        how: 'skipped',
        failure: `TF.js ${backend} computes on the same CPU cores as the kernel; 'measure' times both`
      },
      names
    );
  const tooLarge = tensorFootprintTooLarge(ctx);
  if (tooLarge)
    return cpuRunner(ctx, tower, order, { path: 'cpu', how: 'skipped', failure: tooLarge }, names);

  const n = order.length;
  const B = ctx.config.batchSize;
  const trials = o.trialBatches ?? 3;
  // Batch k of the trial: the order's k-th batch, wrapping round on small data. Each timed
  // batch ends when its work has (WebGL queues work and returns before it is done).
  const timeBatches = (run: (start: number, count: number) => void, flush: () => void): number[] => {
    const ms: number[] = [];
    for (let k = 0; k <= trials; k++) {
      const start = (k * B) % n;
      const t0 = clock();
      run(start, Math.min(B, n - start));
      flush();
      const t1 = clock();
      if (k > 0) ms.push(t1 - t0); // batch 0 warms up (shader compilation, JIT)
    }
    return ms;
  };
  const saved = snapshot(ctx);
  const cpuMs = timeBatches(
    (start, count) => trainBatch(ctx, tower, order, start, count, 1),
    () => undefined
  );
  saved.restore();
  let tensor: TensorPairwise | undefined;
  let choice: PathChoice;
  try {
    tensor = new TensorPairwise(ctx);
    const t = tensor;
    const tensorMs = timeBatches(
      (start, count) => t.batch(order, start, count),
      () => t.flush()
    );
    choice = choosePath({ cpuMs, tensorMs });
  } catch (err) {
    // A backend that cannot run the path (e.g. out of GPU memory) leaves the CPU path.
    choice = { path: 'cpu', how: 'failed', failure: err instanceof Error ? err.message : String(err) };
  }
  saved.restore();
  if (choice.path === 'tensor' && tensor) {
    tensor.upload();
    return tensorRunner(tensor, order, choice, names);
  }
  tensor?.dispose();
  return cpuRunner(ctx, tower, order, choice, names);
}

/** The tensor path's working set that a trial may allocate (bytes): beyond it, no trial. */
export const TENSOR_BUDGET_BYTES = 512 * 2 ** 20;

/**
 * Why the tensor path is not even tried, or null: its parameters, accumulators, their next
 * values and the gradient sums and squares (6 copies of d floats per feature row) would exceed
 * TENSOR_BUDGET_BYTES (e.g. a million customers' identity features: 1.5 GB on top of the kernel's
 * own copy, which a browser tab may not have).
 */
export function tensorFootprintTooLarge(ctx: BatchContext): string | null {
  const rows = ctx.userX.nCols + ctx.itemX.nCols;
  const bytes = rows * ctx.config.components * 4 * 6;
  if (bytes <= TENSOR_BUDGET_BYTES) return null;
  return `its tensors would need about ${Math.round(bytes / 2 ** 20)} MB for ${rows.toLocaleString('en')} feature rows`;
}

function cpuRunner(
  ctx: BatchContext,
  tower: DeepTowers | undefined,
  order: Int32Array,
  choice: PathChoice,
  names: { cpu: string; tensor: string }
): PathRunner {
  return {
    choice,
    loop: names.cpu,
    choiceLine: choice.how === 'only' ? undefined : describeChoice(choice, names),
    batch: (start, count, epoch) => trainBatch(ctx, tower, order, start, count, epoch),
    sync: () => undefined,
    dispose: () => undefined
  };
}

function tensorRunner(
  t: TensorPairwise,
  order: Int32Array,
  choice: PathChoice,
  names: { cpu: string; tensor: string }
): PathRunner {
  return {
    choice,
    loop: tensorLoop(t.loss),
    choiceLine: describeChoice(choice, names),
    batch: (start, count) => t.batch(order, start, count),
    sync: () => t.sync(),
    dispose: () => t.dispose()
  };
}

/** Copies of everything a batch changes on the eligible paths (adagrad, no regularisation: no accDelta, no decay). */
function snapshot(ctx: BatchContext): { restore(): void } {
  const { user, item } = ctx.state;
  const arrays = [user.emb, user.bias, item.emb, item.bias].flatMap((b) => [b.values, b.acc]);
  const copies = arrays.map((a) => a.slice());
  const rng = ctx.rng.getState();
  return {
    restore() {
      arrays.forEach((a, k) => a.set(copies[k]));
      ctx.rng.setState(rng);
    }
  };
}
