import { applyBatchStep, type BatchContext, type BatchOutcome } from './batch-context.ts';
import { addDiffToFeatureRows, addToBiasRows, addToFeatureRows } from './feature-gradients.ts';
import { dot, representRows } from './representations.ts';
import { popularityNegative } from './sampling.ts';

/**
 * One BPR batch (lightfm-spec.md §2, §4.6): popularity negatives rejecting positives,
 * g = w·(1 − σ(s⁺ − s⁻)), ascent on s⁺ − s⁻, user bias left out. Only B pairs of dot products:
 * no catalogue scoring, so it runs in JS (a TF.js round trip would cost more than the math).
 */
export function bprBatch(ctx: BatchContext, order: Int32Array, start: number, count: number): BatchOutcome {
  const { config, state, userX, itemX, train, rng, positives } = ctx;
  const d = config.components;
  const s = ctx.scratch;
  let n = 0;
  for (let b = 0; b < count; b++) {
    const k = order[start + b];
    const u = train.userIdx[k];
    const j = popularityNegative(positives, u, train.itemIdx, rng);
    if (j < 0) continue; // skip a row rather than train against a positive
    s.users[n] = u;
    s.items[n] = train.itemIdx[k];
    s.negatives[n] = j;
    s.weights[n] = train.weight[k];
    n++;
  }
  const ue = state.user.emb.values;
  const ub = state.user.bias.values;
  const ie = state.item.emb.values;
  const ib = state.item.bias.values;
  representRows(userX, ue, ub, d, s.users, n, s.userVec, s.userBias);
  representRows(itemX, ie, ib, d, s.items, n, s.posVec, s.posBias);
  representRows(itemX, ie, ib, d, s.negatives, n, s.negVec, s.negBias);
  let loss = 0;
  for (let b = 0; b < n; b++) {
    const o = b * d;
    const x = dot(s.userVec, o, s.posVec, o, d) + s.posBias[b] - dot(s.userVec, o, s.negVec, o, d) - s.negBias[b];
    const sig = 1 / (1 + Math.exp(-x));
    const w = s.weights[b];
    // −ln σ(x), computed stably for large |x|.
    loss += w * (x > 0 ? Math.log1p(Math.exp(-x)) : -x + Math.log1p(Math.exp(x)));
    const c = w * (1 - sig);
    addDiffToFeatureRows(userX, s.users[b], state.user.embGrad, c, s.negVec, o, s.posVec, o);
    addToFeatureRows(itemX, s.items[b], state.item.embGrad, -c, s.userVec, o);
    addToFeatureRows(itemX, s.negatives[b], state.item.embGrad, c, s.userVec, o);
    addToBiasRows(itemX, s.items[b], state.item.biasGrad, -c);
    addToBiasRows(itemX, s.negatives[b], state.item.biasGrad, c);
  }
  applyBatchStep(ctx, n);
  return { loss, updated: n };
}
