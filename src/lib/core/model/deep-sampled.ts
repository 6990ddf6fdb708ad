import * as tf from '@tensorflow/tfjs-core';
import { applyBatchStep, loadBatch, type BatchContext, type BatchOutcome } from './batch-context.ts';
import { applyTower, towerPairStep, type TowerTrainer } from './deep-tower.ts';
import { dot2 } from './dot.ts';
import { addToFeatureRows } from './feature-gradients.ts';
import { representAll } from './representations.ts';
import { searchDeepViolators } from './deep-search.ts';

/**
 * One Hybrid Deep batch (WARP, LightFM-compatible weighting) with the sampled violator search
 * (sampling.ts drawViolator): the towers run in TF.js on the batch's users (B × d) and on the catalogue
 * (N × d) once, the search runs in JS on those outputs, and only the samples that update go
 * back through the towers for their hand-written gradients. Per-sample gradients on the factor
 * representations (∂L/∂p, ∂L/∂q⁺, ∂L/∂q⁻ through the towers) follow the per-sample step rule;
 * item-side ones are grouped per item before spreading onto feature rows (ItemGradients).
 */
export function deepSampledBatch(
  ctx: BatchContext,
  tower: TowerTrainer,
  order: Int32Array,
  start: number,
  count: number
): BatchOutcome {
  const { config, state, userX, itemX, nItems: N, train } = ctx;
  if (config.loss !== 'hybrid-deep') throw new Error('deepSampledBatch needs a hybrid-deep config');
  const d = config.components;
  const s = ctx.scratch;
  // The factor side runs in the kernel when there is one (same math in f32 SIMD, tested against this).
  const kernel = ctx.kernel?.deep ?? null;
  let userVec = s.userVec;
  if (kernel) {
    for (let b = 0; b < count; b++) {
      const k = order[start + b];
      s.users[b] = train.userIdx[k];
      s.items[b] = train.itemIdx[k];
      s.weights[b] = train.weight[k];
    }
    userVec = kernel.representUsers(order, start, count);
  } else loadBatch(ctx, order, start, count);
  const q = kernel
    ? kernel.representItems()
    : representAll(itemX, state.item.emb.values, state.item.bias.values, d);
  const [pOutT, qOutT] = tf.tidy(() => [
    applyTower(tf.tensor2d(userVec.subarray(0, count * d), [count, d]), tower.user),
    applyTower(tf.tensor2d(q.vec, [N, d]), tower.item)
  ]);
  let pOut: Float32Array;
  let qOut: Float32Array;
  try {
    pOut = pOutT.dataSync() as Float32Array;
    qOut = qOutT.dataSync() as Float32Array;
  } finally {
    tf.dispose([pOutT, qOutT]);
  }
  // Compact the updating samples to rows 0..n of the scratch buffers (n ≤ b: rows not yet read).
  let n = 0;
  const qb = q.bias;
  const score = (b: number, it: number) => qb[it] + dot2(pOut, b * d, qOut, it * d, d);
  const loss = searchDeepViolators(ctx, { ...s, count }, score, (b, j, coef) => {
    s.users[n] = s.users[b];
    s.items[n] = s.items[b];
    s.negatives[n] = j;
    s.coefficient[n] = coef;
    userVec.copyWithin(n * d, b * d, b * d + d);
    s.posVec.set(q.vec.subarray(s.items[n] * d, s.items[n] * d + d), n * d);
    s.negVec.set(q.vec.subarray(j * d, j * d + d), n * d);
    n++;
  });
  if (n === 0) return { loss, updated: 0 };
  const { dP, dQp, dQn } = towerPairStep({
    tower,
    coefficient: s.coefficient,
    userVec,
    posVec: s.posVec,
    negVec: s.negVec,
    n,
    d
  });
  if (kernel) {
    kernel.users.set(s.users.subarray(0, n));
    kernel.items.set(s.items.subarray(0, n));
    kernel.negatives.set(s.negatives.subarray(0, n));
    kernel.coefficient.set(s.coefficient.subarray(0, n));
    kernel.grads(n, dP, dQp, dQn);
    return { loss, updated: n };
  }
  const { itemGrads } = s;
  const sq = (v: Float32Array) => {
    const out = new Float32Array(v.length);
    for (let k = 0; k < v.length; k++) out[k] = v[k] * v[k];
    return out;
  };
  const dQp2 = sq(dQp);
  const dQn2 = sq(dQn);
  for (let b = 0; b < n; b++) {
    const o = b * d;
    addToFeatureRows(userX, s.users[b], state.user.embGrad, 1, dP, o);
    // addItem: per-sample gradient dx (already through the tower) on q_i, bias ∓c.
    itemGrads.addVec(s.items[b], dQp, dQp2, o, -s.coefficient[b]);
    itemGrads.addVec(s.negatives[b], dQn, dQn2, o, s.coefficient[b]);
    ctx.hits.record(userX, s.users[b], itemX, s.items[b], s.negatives[b]);
  }
  itemGrads.spread(itemX, state.item.embGrad, state.item.biasGrad);
  applyBatchStep(ctx);
  return { loss, updated: n };
}
