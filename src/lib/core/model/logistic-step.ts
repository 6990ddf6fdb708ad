import { applyBatchStep, type BatchContext, type BatchOutcome } from './batch-context.ts';
import { addToBiasRows, addToFeatureRows } from './feature-gradients.ts';
import { dot } from './dot.ts';
import { representRows } from './representations.ts';
import { uniformNegative } from './sampling.ts';

/**
 * One logistic batch: each stored positive (y = 1, weight w) plus `negatives` uniformly drawn
 * unobserved items (y = 0, weight 1). g = w·(σ(s) − y) with s = b_u + b_i + p·q; all of
 * u's and i's parameters move, user bias included (it does not cancel here). LightFM draws no
 * negatives; on positive-only data it then learns "everything is liked" (lightfm-spec.md §2).
 * Like BPR this is O(B·d) work and runs in JS.
 */
export function logisticBatch(
  ctx: BatchContext,
  order: Int32Array,
  start: number,
  count: number
): BatchOutcome {
  if (ctx.config.loss !== 'logistic') throw new Error('logisticBatch needs a logistic config');
  const { config, state, userX, itemX, train, rng, positives, nItems } = ctx;
  const d = config.components;
  const s = ctx.scratch;
  const ue = state.user.emb.values;
  const ub = state.user.bias.values;
  const ie = state.item.emb.values;
  const ib = state.item.bias.values;
  let loss = 0;
  let examples = 0;
  // Pass 0: the positives; passes 1..negatives: one sampled unobserved item per positive.
  for (let pass = 0; pass <= config.negatives; pass++) {
    let n = 0;
    for (let b = 0; b < count; b++) {
      const k = order[start + b];
      const u = train.userIdx[k];
      const i = pass === 0 ? train.itemIdx[k] : uniformNegative(positives, u, nItems, rng);
      if (i < 0) continue;
      s.users[n] = u;
      s.items[n] = i;
      s.weights[n] = pass === 0 ? train.weight[k] : 1;
      n++;
    }
    representRows(userX, ue, ub, d, s.users, n, s.userVec, s.userBias);
    representRows(itemX, ie, ib, d, s.items, n, s.posVec, s.posBias);
    const y = pass === 0 ? 1 : 0;
    for (let b = 0; b < n; b++) {
      const o = b * d;
      const z = dot(s.userVec, o, s.posVec, o, d) + s.userBias[b] + s.posBias[b];
      const w = s.weights[b];
      // Binary cross-entropy, stable: softplus(z) − y·z.
      loss += w * ((z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y * z);
      const c = w * (1 / (1 + Math.exp(-z)) - y);
      addToFeatureRows(userX, s.users[b], state.user.embGrad, c, s.posVec, o);
      addToFeatureRows(itemX, s.items[b], state.item.embGrad, c, s.userVec, o);
      addToBiasRows(userX, s.users[b], state.user.biasGrad, c);
      addToBiasRows(itemX, s.items[b], state.item.biasGrad, c);
      ctx.hits.record(userX, s.users[b], itemX, s.items[b], -1);
    }
    examples += n;
  }
  applyBatchStep(ctx);
  return { loss, updated: examples };
}
