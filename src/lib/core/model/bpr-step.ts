import { applyBatchStep, type BatchContext, type BatchOutcome } from './batch-context.ts';
import { dotRow } from './batch-scratch.ts';
import { addUserPairGradient } from './feature-gradients.ts';
import { representInto } from './representations.ts';
import { popularityNegative } from './sampling.ts';

/**
 * One BPR batch (lightfm-spec.md §2, §4.6): popularity negatives rejecting positives,
 * g = w·(1 − σ(s⁺ − s⁻)), ascent on s⁺ − s⁻, user bias left out. Only B pairs of dot products:
 * no catalogue scoring, so it runs in JS (a TF.js round trip would cost more than the math).
 * Item representations are computed once per batch for the items it reads, and item-side
 * gradients are grouped per item before being spread onto feature rows (ItemGradients).
 */
/**
 * The batch's BPR samples, negatives drawn first (the RNG order of the earlier per-sample loop),
 * compacted into scratch rows 0..n (users, items, negatives, weights); returns n. A row whose
 * user has no item left to be a negative is skipped rather than trained against a positive.
 * Shared by this reference step and the TF.js full-tensor path (tensor-pairwise.ts).
 */
export function drawBprSamples(ctx: BatchContext, order: Int32Array, start: number, count: number): number {
  const { train, rng, positives, scratch: s } = ctx;
  let n = 0;
  for (let b = 0; b < count; b++) {
    const k = order[start + b];
    const u = train.userIdx[k];
    const j = popularityNegative(positives, u, train.itemIdx, rng);
    if (j < 0) continue;
    s.users[n] = u;
    s.items[n] = train.itemIdx[k];
    s.negatives[n] = j;
    s.weights[n] = train.weight[k];
    n++;
  }
  return n;
}

export function bprBatch(ctx: BatchContext, order: Int32Array, start: number, count: number): BatchOutcome {
  const { config, state, userX, itemX } = ctx;
  const d = config.components;
  const s = ctx.scratch;
  const { itemReps: items, itemGrads, p, g, g2 } = s;
  const ue = state.user.emb.values;
  const ie = state.item.emb.values;
  const ib = state.item.bias.values;
  const qv = items.vec;
  const qb = items.bias;
  const trace = ctx.trace;
  items.begin();
  const n = drawBprSamples(ctx, order, start, count);
  let loss = 0;
  for (let b = 0; b < n; b++) {
    const u = s.users[b];
    const i = s.items[b];
    const j = s.negatives[b];
    const w = s.weights[b];
    representInto(userX, ue, d, u, p);
    items.ensure(i, ie, ib);
    items.ensure(j, ie, ib);
    const x = qb[i] + dotRow(s, i, d) - qb[j] - dotRow(s, j, d);
    const sig = 1 / (1 + Math.exp(-x));
    // −ln σ(x), computed stably for large |x|.
    const sampleLoss = w * (x > 0 ? Math.log1p(Math.exp(-x)) : -x + Math.log1p(Math.exp(x)));
    loss += sampleLoss;
    const c = w * (1 - sig);
    if (trace)
      trace.onBpr?.({
        user: u,
        positive: i,
        negative: j,
        weight: w,
        difference: x,
        coefficient: c,
        loss: sampleLoss
      });
    // Descent on −ln σ(x): ∂/∂p_u = c·(q_j − q_i); ∂/∂q_i = −c·p_u; ∂/∂q_j = c·p_u.
    addUserPairGradient(userX, u, state.user.embGrad, c, qv, j * d, i * d, g, g2);
    itemGrads.addPair(i, j, c, p);
    ctx.hits.record(userX, u, itemX, i, j);
  }
  itemGrads.spread(itemX, state.item.embGrad, state.item.biasGrad);
  applyBatchStep(ctx);
  return { loss, updated: n };
}
