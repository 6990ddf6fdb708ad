import type { Interactions } from '../types.ts';
import { CoreError } from '../types.ts';
import { evaluatePrepared, prepareEvaluation } from '../eval/metrics.ts';
import { itemPopularity } from '../eval/popularity.ts';
import { normaliseScores } from './normalise.ts';
import { topN } from './scoring.ts';

/**
 * Cold start: how much to trust content rules versus the model, by tenure.
 * Days 0..contentOnlyUntilDay: content only; up to blendUntilDay: blendContentShare content and
 * the rest model; after that: model only. Both score rows are z-scored per customer first,
 * so the share is a share of evidence, not of arbitrary score units.
 */
export interface TenurePolicy {
  /** Last day served by content alone. Default 7. */
  contentOnlyUntilDay: number;
  /** Last day of the blend. Default 30. */
  blendUntilDay: number;
  /** Content share during the blend, in [0, 1]. Default 0.7. */
  blendContentShare: number;
}

export const DEFAULT_TENURE_POLICY: Readonly<TenurePolicy> = {
  contentOnlyUntilDay: 7,
  blendUntilDay: 30,
  blendContentShare: 0.7
};

export type RecommendationSource = 'content' | 'model' | 'blend';

/** Content share in [0, 1] for a customer `days` after joining. */
export function contentShareForTenure(days: number, policy: Partial<TenurePolicy> = {}): number {
  const p = { ...DEFAULT_TENURE_POLICY, ...policy };
  if (!(p.contentOnlyUntilDay <= p.blendUntilDay))
    throw new CoreError(
      'bad_input',
      `contentOnlyUntilDay (${p.contentOnlyUntilDay}) must not exceed blendUntilDay (${p.blendUntilDay})`
    );
  if (!(p.blendContentShare >= 0 && p.blendContentShare <= 1))
    throw new CoreError('bad_input', `blendContentShare must be in [0, 1], got ${p.blendContentShare}`);
  if (days <= p.contentOnlyUntilDay) return 1;
  if (days <= p.blendUntilDay) return p.blendContentShare;
  return 0;
}

export interface BlendRowOptions {
  /** Content scores of one customer, one per plan. */
  content: ArrayLike<number>;
  /** Model scores of the same customer (null when no model is trained: content only). */
  model: ArrayLike<number> | null;
  /** Content share in [0, 1]. */
  contentShare: number;
}

/** share·z(content) + (1 − share)·z(model), one row. */
export function blendRow({ content, model, contentShare }: BlendRowOptions): Float64Array {
  const n = content.length;
  const zc = normaliseScores({ scores: content, nItems: n });
  if (model === null || contentShare >= 1) return zc;
  if (model.length !== n)
    throw new CoreError('bad_input', `content has ${n} plans but the model row has ${model.length}`);
  const zm = normaliseScores({ scores: model, nItems: n });
  if (contentShare <= 0) return zm;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = contentShare * zc[i] + (1 - contentShare) * zm[i];
  return out;
}

export interface ColdStartRecommendOptions {
  content: ArrayLike<number>;
  model: ArrayLike<number> | null;
  daysSinceJoining: number;
  policy?: Partial<TenurePolicy>;
  /** How many plans. Default 5. */
  n?: number;
  /** Plan indices to leave out. */
  exclude?: ArrayLike<number>;
}

export interface ColdStartItem {
  item: number;
  /** 0-based position in the list. */
  rank: number;
  /** The blended (z-scored) score that ordered the list. */
  score: number;
  /** Which evidence produced it: content alone, the model alone, or both. */
  source: RecommendationSource;
  /** z-scored content and model evidence for the card ("content +1.2, model +0.4"); model null without a model. */
  contentZ: number;
  modelZ: number | null;
}

export interface ColdStartRecommendation {
  contentShare: number;
  items: ColdStartItem[];
}

export function coldStartRecommend(opts: ColdStartRecommendOptions): ColdStartRecommendation {
  const share = opts.model === null ? 1 : contentShareForTenure(opts.daysSinceJoining, opts.policy);
  const n = opts.content.length;
  const scores = blendRow({ content: opts.content, model: opts.model, contentShare: share });
  const zc = normaliseScores({ scores: opts.content, nItems: n });
  const zm = opts.model === null ? null : normaliseScores({ scores: opts.model, nItems: n });
  const source: RecommendationSource = share >= 1 ? 'content' : share <= 0 ? 'model' : 'blend';
  const items = [...topN({ scores, nItems: n, n: opts.n ?? 5, exclude: opts.exclude })].map((item, rank) => ({
    item,
    rank,
    score: scores[item],
    source,
    contentZ: zc[item],
    modelZ: zm === null ? null : zm[item]
  }));
  return { contentShare: share, items };
}

export interface ColdStartEvaluationOptions {
  nItems: number;
  /** Content scores of the held-out customers (nHeldOut × nItems); rows match `test` user indices. */
  contentScores: ArrayLike<number>;
  /** Features-only model scores of the same customers. */
  modelScores: ArrayLike<number>;
  /** The held-out customers' adoptions (user index = row of the score matrices). */
  test: Interactions;
  /** Warm customers' adoptions: only used to count plan popularity. */
  popularityFrom: Interactions;
  /** Content share of the blend row. Default 0.7 (the 8–30 day blend). */
  blendContentShare?: number;
  /** Default [5]. */
  ks?: number[];
}

export interface ColdStartEvaluationRow {
  source: RecommendationSource | 'popularity';
  metrics: Record<string, number>;
}

/**
 * P@k and NDCG@k (and the rest) of content rules, the features-only model, their blend, and
 * popularity, on customers the model never saw (nothing excluded: they have no history).
 */
export function evaluateColdStart(opts: ColdStartEvaluationOptions): ColdStartEvaluationRow[] {
  const { nItems, contentScores, modelScores } = opts;
  if (contentScores.length !== modelScores.length) {
    throw new CoreError(
      'bad_input',
      `content scores (${contentScores.length}) and model scores (${modelScores.length}) differ in size`
    );
  }
  if (contentScores.length % nItems !== 0)
    throw new CoreError('bad_input', `scores are not a multiple of nItems = ${nItems}`);
  const nUsers = contentScores.length / nItems;
  const empty: Interactions = {
    userIdx: new Int32Array(0),
    itemIdx: new Int32Array(0),
    weight: new Float32Array(0)
  };
  const prepared = prepareEvaluation({ nUsers, nItems, train: empty, test: opts.test });
  const ks = opts.ks ?? [5];
  const share = opts.blendContentShare ?? DEFAULT_TENURE_POLICY.blendContentShare;
  const zc = normaliseScores({ scores: contentScores, nItems });
  const zm = normaliseScores({ scores: modelScores, nItems });
  const blend = new Float64Array(zc.length);
  for (let k = 0; k < blend.length; k++) blend[k] = share * zc[k] + (1 - share) * zm[k];
  const pop = itemPopularity(opts.popularityFrom, nItems);
  const popMatrix = new Float64Array(nUsers * nItems);
  for (let u = 0; u < nUsers; u++) popMatrix.set(pop, u * nItems);
  const run = (scores: Float64Array) => evaluatePrepared({ prepared, scores, ks, perUser: false }).metrics;
  return [
    { source: 'content', metrics: run(zc) },
    { source: 'model', metrics: run(zm) },
    { source: 'blend', metrics: run(blend) },
    { source: 'popularity', metrics: run(popMatrix) }
  ];
}
