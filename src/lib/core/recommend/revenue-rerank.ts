import type { Interactions } from '../types.ts';
import { CoreError } from '../types.ts';
import { evaluatePrepared, prepareEvaluation } from '../eval/metrics.ts';
import { groupByUser } from '../eval/user-rows.ts';
import { normaliseScores } from './normalise.ts';
import { topN } from './scoring.ts';

/**
 * Revenue-aware re-ranking: relevance + λ · normalised price. Relevance is z-scored per
 * customer (so λ is in standard deviations of that customer's scores); price is min–max
 * scaled over the catalogue to [0, 1]. λ = 0 keeps the model's order.
 */
export interface RevenueRerankOptions {
  /** nUsers × nItems row-major. */
  scores: ArrayLike<number>;
  nItems: number;
  /** Monthly price per plan (length nItems). */
  prices: ArrayLike<number>;
  /** ≥ 0; 0 = relevance only. */
  lambda: number;
  /** 'zscore' (default) or 'none' to add λ·price to raw scores. */
  relevance?: 'zscore' | 'none';
}

/** Prices scaled to [0, 1] (all equal → all 0). */
export function normalisedPrices(prices: ArrayLike<number>): Float64Array {
  let lo = Infinity,
    hi = -Infinity;
  for (let i = 0; i < prices.length; i++) {
    if (!Number.isFinite(prices[i])) throw new CoreError('bad_input', `price of plan ${i} is ${prices[i]}`);
    lo = Math.min(lo, prices[i]);
    hi = Math.max(hi, prices[i]);
  }
  return Float64Array.from({ length: prices.length }, (_, i) => (hi > lo ? (prices[i] - lo) / (hi - lo) : 0));
}

/** Re-ranked scores (Float64Array, nUsers × nItems): rank them with topN or evaluate them. */
export function revenueRerank(opts: RevenueRerankOptions): Float64Array {
  const { nItems, lambda } = opts;
  if (opts.prices.length !== nItems)
    throw new CoreError('bad_input', `got ${opts.prices.length} prices for ${nItems} plans`);
  if (!(lambda >= 0 && Number.isFinite(lambda)))
    throw new CoreError('bad_input', `lambda must be a finite number ≥ 0, got ${lambda}`);
  const out = normaliseScores({
    scores: opts.scores,
    nItems,
    method: opts.relevance === 'none' ? 'none' : 'zscore'
  });
  if (lambda === 0) return out;
  const price = normalisedPrices(opts.prices);
  for (let k = 0; k < out.length; k++) out[k] += lambda * price[k % nItems];
  return out;
}

export interface RerankReportOptions extends Omit<RevenueRerankOptions, 'lambda'> {
  /** λ values to report, e.g. [0, 0.25, 0.5, 1, 2]. */
  lambdas: readonly number[];
  train: Interactions;
  test: Interactions;
  /** List length for P@n and the average price. Default 5. */
  n?: number;
}

export interface RerankReportRow {
  lambda: number;
  /** P@n on the test split (train excluded). */
  precision: number;
  ndcg: number;
  /** Mean price of the top-n lists (train items excluded) over every customer. */
  averagePrice: number;
}

/** The relevance–revenue trade-off, one row per λ (train/test grouped once). */
export function rerankReport(opts: RerankReportOptions): RerankReportRow[] {
  const { nItems, prices } = opts;
  const n = opts.n ?? 5;
  const nUsers = opts.scores.length / nItems;
  const prepared = prepareEvaluation({ nUsers, nItems, train: opts.train, test: opts.test });
  const trainRows = groupByUser({ interactions: opts.train, nUsers, nItems, label: 'train' });
  return opts.lambdas.map((lambda) => {
    const scores = revenueRerank({ ...opts, lambda });
    const m = evaluatePrepared({ prepared, scores, ks: [n], perUser: false }).metrics;
    let sum = 0,
      count = 0;
    for (let u = 0; u < nUsers; u++) {
      const exclude = trainRows.items.subarray(trainRows.indptr[u], trainRows.indptr[u + 1]);
      for (const i of topN({ scores, nItems, user: u, n, exclude })) {
        sum += prices[i];
        count++;
      }
    }
    return {
      lambda,
      precision: m[`precision@${n}`],
      ndcg: m[`ndcg@${n}`],
      averagePrice: count ? sum / count : NaN
    };
  });
}
