import * as tf from '@tensorflow/tfjs-core';
import { applyBatchStep, loadBatch, type BatchContext, type BatchOutcome } from './batch-context.ts';
import { addDiffToFeatureRows, addToBiasRows, addToFeatureRows } from './feature-gradients.ts';
import { dot, transpose } from './dot.ts';
import { representAll } from './representations.ts';
import { kosPositive, warpCoefficient } from './sampling.ts';
import { searchBatchViolators } from './violators.ts';

/**
 * One WARP (or k-OS when `kos`) batch over interactions order[start .. start+count):
 * full-catalogue scores in TF.js, exact violators, LightFM-compatible coefficients, closed-form
 * per-sample gradients into the row buffers, one schedule step (lightfm-spec.md §4).
 * The user bias is left out: it cancels in s⁺ − s⁻ (spec §2).
 */
export function warpBatch(
  ctx: BatchContext,
  order: Int32Array,
  start: number,
  count: number,
  kos: boolean
): BatchOutcome {
  const { config, state, userX, itemX, nItems: N, rng, positives } = ctx;
  const d = config.components;
  const s = ctx.scratch;
  // LightFM rejects sample weights for k-OS; its multiplier has no weight.
  loadBatch(ctx, order, start, count, kos);
  const q = representAll(itemX, state.item.emb.values, state.item.bias.values, d);
  if (config.loss === 'warp-kos') {
    for (let b = 0; b < count; b++) {
      const off = b * d;
      s.items[b] = kosPositive(
        positives,
        s.users[b],
        config.k,
        config.n,
        rng,
        (i) => dot(s.userVec, off, q.vec, i * d, d) + q.bias[i],
        s.kosItems,
        s.kosScores
      );
    }
  }
  const v = searchBatchViolators(
    ctx,
    count,
    () =>
      tf.tidy(() =>
        tf.add(
          tf.matMul(
            tf.tensor2d(s.userVec.subarray(0, count * d), [count, d]),
            // Uploaded pre-transposed: matMul with transposeB was 8× slower on WASM.
            tf.tensor2d(transpose(q.vec, N, d), [d, N])
          ),
          tf.tensor1d(q.bias)
        )
      ) as tf.Tensor2D
  );
  const variant = config.loss === 'warp' ? config.warpVariant : 'lightfm';
  let loss = 0;
  let updated = 0;
  for (let b = 0; b < count; b++) {
    const u = s.users[b];
    const i = s.items[b];
    // LightFM 1.17's k-OS runs the same loop as WARP: ⌊(N − 1)/K⌋ (without the guard, which we keep).
    const c = warpCoefficient(variant, v.count[b], N, N - 1, config.maxSampled, s.weights[b], rng.next());
    if (!(c > 0)) continue;
    const j = v.negative[b];
    updated++;
    loss += c * (1 - v.positiveScore[b] + v.negativeScore[b]);
    // ∂/∂p_u of c·(1 − s⁺ + s⁻) = c·(q_j − q_i); ∂/∂q_i = −c·p_u; ∂/∂q_j = c·p_u.
    addDiffToFeatureRows(userX, u, state.user.embGrad, c, q.vec, j * d, q.vec, i * d);
    addToFeatureRows(itemX, i, state.item.embGrad, -c, s.userVec, b * d);
    addToFeatureRows(itemX, j, state.item.embGrad, c, s.userVec, b * d);
    addToBiasRows(itemX, i, state.item.biasGrad, -c);
    addToBiasRows(itemX, j, state.item.biasGrad, c);
    ctx.hits.record(userX, u, itemX, i, j);
  }
  applyBatchStep(ctx);
  return { loss, updated };
}
