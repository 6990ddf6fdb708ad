import * as tf from '@tensorflow/tfjs-core';
import type { BatchContext } from './batch-context.ts';

/**
 * Exact WARP violators over the full catalogue for a batch (lightfm-spec.md §4 steps 2–4), in
 * TF.js so the B×N work runs on the accelerator: V = [S > s⁺ − 1] ∧ ¬positive, r = ΣV per row,
 * and one violator chosen uniformly (the ⌊pick·r⌋-th, found with a cumulative sum).
 * Only B-length vectors come back to JS.
 */
export interface ViolatorResult {
  /** r: number of non-positive items with s_j > s⁺ − 1, per sample. */
  count: Float32Array;
  /** Index of the chosen violator, meaningful only where count > 0. */
  negative: Int32Array;
  /** s⁺ and s_neg as read from S. */
  positiveScore: Float32Array;
  negativeScore: Float32Array;
}

export interface FindViolatorsOptions {
  /** Scores S, B × N (without user bias: it cancels in s_j − s⁺). Not disposed here. */
  scores: tf.Tensor2D;
  /** Positive item per sample (B). */
  positive: Int32Array;
  /** B × N, 1 where the item is a training positive of the sample's user. */
  positivesMask: Float32Array;
  /** Uniforms in [0, 1), one per sample, choosing which violator. */
  pick: Float32Array;
}

export function findViolators(opts: FindViolatorsOptions): ViolatorResult {
  const { scores, positive, positivesMask, pick } = opts;
  const [B, N] = scores.shape;
  const flatPos = new Int32Array(B);
  for (let b = 0; b < B; b++) flatPos[b] = b * N + positive[b];
  const rowBase = new Int32Array(B);
  for (let b = 0; b < B; b++) rowBase[b] = b * N;
  // Comparisons with a broadcast operand take ~70 ms on a 1024×400 tensor on WASM (a slow
  // generic path) against ~2 ms for a broadcast subtraction, so every test below is written
  // as step(x) = [x > 0] on a difference, and masks are float multiplications.
  const [count, negative, sPos, sNeg] = tf.tidy(() => {
    const flat = tf.reshape(scores, [B * N]);
    const sPos = tf.gather(flat, tf.tensor1d(flatPos, 'int32'));
    const notPos = tf.sub(1, tf.tensor2d(positivesMask, [B, N]));
    const threshold = tf.reshape(tf.sub(sPos, 1), [B, 1]);
    const v = tf.mul(tf.step(tf.sub(scores, threshold)), notPos);
    const r = tf.sum(v, 1);
    // The t-th violator (1-based) is the first column where the running count reaches t.
    const target = tf.reshape(tf.add(tf.floor(tf.mul(tf.tensor1d(pick), r)), 0.5), [B, 1]);
    const neg = tf.cast(tf.argMax(tf.step(tf.sub(tf.cumsum(v, 1), target)), 1), 'int32');
    const sNeg = tf.gather(flat, tf.add(tf.tensor1d(rowBase, 'int32'), neg));
    return [r, neg, sPos, sNeg];
  });
  try {
    return {
      count: count.dataSync() as Float32Array,
      negative: negative.dataSync() as Int32Array,
      positiveScore: sPos.dataSync() as Float32Array,
      negativeScore: sNeg.dataSync() as Float32Array
    };
  } finally {
    tf.dispose([count, negative, sPos, sNeg]);
  }
}

/**
 * The exact search of one batch (warp-step.ts, deep-step.ts): draws each sample's pick, marks
 * its user's positives, scores the batch against the whole catalogue with `score` (B × N, without
 * user bias; disposed here) and finds the violators. The mask is cleared whatever happens.
 */
export function searchBatchViolators(
  ctx: BatchContext,
  count: number,
  score: () => tf.Tensor2D
): ViolatorResult {
  const s = ctx.scratch;
  for (let b = 0; b < count; b++) s.pick[b] = ctx.rng.next();
  fillPositivesMask(ctx, count);
  let scores: tf.Tensor2D | null = null;
  try {
    scores = score();
    return findViolators({
      scores,
      positive: s.items.subarray(0, count),
      positivesMask: s.mask.subarray(0, ctx.nItems * count),
      pick: s.pick.subarray(0, count)
    });
  } finally {
    scores?.dispose();
    clearPositivesMask(ctx, count);
  }
}

/** Marks each sample's training positives in the B × N mask; `clearPositivesMask` undoes it. */
function fillPositivesMask(ctx: BatchContext, count: number): void {
  const { positives, nItems } = ctx;
  // Allocated on first use when the context was made for a JS path (e.g. a direct warpBatch call).
  if (ctx.scratch.mask.length < ctx.config.batchSize * nItems)
    ctx.scratch.mask = new Float32Array(ctx.config.batchSize * nItems);
  const { users, mask } = ctx.scratch;
  for (let b = 0; b < count; b++) {
    const u = users[b];
    for (let p = positives.indptr[u]; p < positives.indptr[u + 1]; p++)
      mask[b * nItems + positives.items[p]] = 1;
  }
}

function clearPositivesMask(ctx: BatchContext, count: number): void {
  const { positives, nItems } = ctx;
  const { users, mask } = ctx.scratch;
  for (let b = 0; b < count; b++) {
    const u = users[b];
    for (let p = positives.indptr[u]; p < positives.indptr[u + 1]; p++)
      mask[b * nItems + positives.items[p]] = 0;
  }
}
