import * as tf from '@tensorflow/tfjs-core';
import { applyBatchStep, loadBatch, type BatchContext, type BatchOutcome } from './batch-context.ts';
import { applyTower, towerPairStep, type TowerTrainer } from './deep-tower.ts';
import { addToBiasRows, addToFeatureRows } from './feature-gradients.ts';
import { representAll } from './representations.ts';
import { warpCoefficient } from './sampling.ts';
import { searchBatchViolators } from './violators.ts';

/**
 * One Hybrid Deep batch, trained with WARP: towers over both sides' feature embeddings, full
 * catalogue scored through them, exact violators as in warpBatch. The towers' gradients are
 * written by hand (towerBackward); inputs P, Q⁺, Q⁻ are uploaded, never gathered, and their
 * per-sample gradients are spread onto feature rows in JS with the same per-sample step rule
 * as the plain model.
 */
export function deepBatch(
  ctx: BatchContext,
  tower: TowerTrainer,
  order: Int32Array,
  start: number,
  count: number
): BatchOutcome {
  const { config, state, userX, itemX, nItems: N, rng } = ctx;
  if (config.loss !== 'hybrid-deep') throw new Error('deepBatch needs a hybrid-deep config');
  const d = config.components;
  const s = ctx.scratch;
  loadBatch(ctx, order, start, count);
  const q = representAll(itemX, state.item.emb.values, state.item.bias.values, d);
  const userVec = s.userVec.subarray(0, count * d);
  const v = searchBatchViolators(
    ctx,
    count,
    () =>
      tf.tidy(() => {
        const p = applyTower(tf.tensor2d(userVec, [count, d]), tower.user);
        const qq = applyTower(tf.tensor2d(q.vec, [N, d]), tower.item);
        return tf.add(tf.matMul(p, tf.transpose(qq)), tf.tensor1d(q.bias));
      }) as tf.Tensor2D
  );
  let loss = 0;
  let updated = 0;
  for (let b = 0; b < count; b++) {
    const c = warpCoefficient(
      config.warpVariant,
      v.count[b],
      N,
      N - 1,
      config.maxSampled,
      s.weights[b],
      rng.next()
    );
    const ok = c > 0;
    s.coefficient[b] = ok ? c : 0;
    const i = s.items[b];
    const j = ok ? v.negative[b] : i;
    s.negatives[b] = j;
    s.posVec.set(q.vec.subarray(i * d, i * d + d), b * d);
    s.negVec.set(q.vec.subarray(j * d, j * d + d), b * d);
    if (ok) {
      updated++;
      loss += c * (1 - v.positiveScore[b] + v.negativeScore[b]);
    }
  }
  if (updated === 0) return { loss, updated };
  const coef = s.coefficient.subarray(0, count);
  // Biases are handled in closed form below; the embeddings go back through the towers.
  const { dP, dQp, dQn } = towerPairStep({
    tower,
    coefficient: coef,
    userVec,
    posVec: s.posVec,
    negVec: s.negVec,
    n: count,
    d
  });
  for (let b = 0; b < count; b++) {
    const c = s.coefficient[b];
    if (c === 0) continue;
    const o = b * d;
    addToFeatureRows(userX, s.users[b], state.user.embGrad, 1, dP, o);
    addToFeatureRows(itemX, s.items[b], state.item.embGrad, 1, dQp, o);
    addToFeatureRows(itemX, s.negatives[b], state.item.embGrad, 1, dQn, o);
    addToBiasRows(itemX, s.items[b], state.item.biasGrad, -c);
    addToBiasRows(itemX, s.negatives[b], state.item.biasGrad, c);
    ctx.hits.record(userX, s.users[b], itemX, s.items[b], s.negatives[b]);
  }
  applyBatchStep(ctx);
  return { loss, updated };
}
