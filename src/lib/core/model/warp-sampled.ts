import { applyBatchStep, type BatchContext, type BatchOutcome } from './batch-context.ts';
import { dotRow } from './batch-scratch.ts';
import { addUserPairGradient } from './feature-gradients.ts';
import { representInto } from './representations.ts';
import { drawViolator, kosPositive, trialsCoefficient, type ViolatorDraw } from './sampling.ts';

/**
 * One WARP (or k-OS when `kos`) batch with LightFM's own sampled violator search
 * (violatorSearch 'sampled', the default): per sample, draw items uniformly from all N until one
 * scores above s⁺ − 1 and is not a positive (drawn positives count as trials), at most
 * maxSampled draws. The number of draws K then is exactly Geometric(r/N) truncated at
 * maxSampled and the negative is uniform among the r violators — the same distribution as the
 * exact full-catalogue search (violators.ts, lightfm-spec.md §4.4), without scoring all N items:
 * about min(K, maxSampled) dot products per sample instead of N.
 *
 * Everything reads the parameters as they were at the start of the batch; gradients follow the
 * per-sample step rule (user side per feature row, item side grouped per item, see ItemGradients)
 * and one schedule step is applied at the end. The user bias is left out (it cancels in s⁺ − s⁻).
 *
 * k-OS (lightfm-spec.md §2, §4.5; LightFM's fit_warp_kos): the sample's user only (visits in
 * proportion to interaction count), m = min(n, |P_u|) positives drawn with replacement, the
 * ⌈k·m/n⌉-th highest scoring is the positive (LightFM: min(k, m)-th, see kosRank), then the same
 * WARP loop with weight 1 and the max(1, ·) guard.
 */
export function warpSampledBatch(
  ctx: BatchContext,
  order: Int32Array,
  start: number,
  count: number,
  kos: boolean
): BatchOutcome {
  const { config, state, userX, itemX, nItems: N, train, rng, positives } = ctx;
  const d = config.components;
  const f = ctx.scratch;
  const { itemReps: items, itemGrads, p, g, g2 } = f;
  const ie = state.item.emb.values;
  const ib = state.item.bias.values;
  const ue = state.user.emb.values;
  const qv = items.vec;
  const qb = items.bias;
  const maxSampled = config.maxSampled;
  const kosK = config.loss === 'warp-kos' ? config.k : 1;
  const kosN = config.loss === 'warp-kos' ? config.n : 1;
  const kItems = f.kosItems;
  const kScores = f.kosScores;
  const nRank = N - 1;
  const trace = ctx.trace;
  // s = b_i + p·q_i for the current user representation p (lazily represented items).
  const scoreItem = (it: number): number => {
    items.ensure(it, ie, ib);
    return qb[it] + dotRow(f, it, d);
  };
  const scoreDraw = trace
    ? (it: number): number => {
        const s = scoreItem(it);
        trace.onDraw?.(it, s);
        return s;
      }
    : scoreItem;
  const found: ViolatorDraw = { negative: -1, trials: 0, score: 0 };
  items.begin();
  let loss = 0;
  let updated = 0;
  for (let b = 0; b < count; b++) {
    const k = order[start + b];
    const u = train.userIdx[k];
    let i = train.itemIdx[k];
    // LightFM rejects sample weights for k-OS; its multiplier has no weight.
    const w = kos ? 1 : train.weight[k];
    representInto(userX, ue, d, u, p);
    if (kos) {
      i = kosPositive(positives, u, kosK, kosN, rng, scoreItem, kItems, kScores);
      if (i < 0) continue;
    }
    const sPos = scoreItem(i);
    drawViolator(positives, u, N, maxSampled, sPos - 1, rng, scoreDraw, found);
    const { negative: j, trials, score: sNeg } = found;
    const coef = j < 0 ? 0 : trialsCoefficient(w, nRank, trials);
    if (trace)
      trace.onWarp?.({
        user: u,
        positive: i,
        weight: w,
        positiveScore: sPos,
        negative: j,
        negativeScore: sNeg,
        trials,
        coefficient: coef
      });
    if (!(coef > 0)) continue;
    updated++;
    loss += coef * (1 - sPos + sNeg);
    // ∂/∂p_u of c·(1 − s⁺ + s⁻) = c·(q_j − q_i); ∂/∂q_i = −c·p_u; ∂/∂q_j = c·p_u.
    addUserPairGradient(userX, u, state.user.embGrad, coef, qv, j * d, i * d, g, g2);
    itemGrads.addPair(i, j, coef, p);
    ctx.hits.record(userX, u, itemX, i, j);
  }
  itemGrads.spread(itemX, state.item.embGrad, state.item.biasGrad);
  applyBatchStep(ctx);
  return { loss, updated };
}
