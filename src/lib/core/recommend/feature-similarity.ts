import { USER_IDENTITY_PREFIX } from '../data/parity-layout.ts';
import type { FeatureSpace, Interactions } from '../types.ts';
import { CoreError } from '../types.ts';

/**
 * Cold start by feature similarity, for datasets without telco plan attributes (where the
 * content rules of content-rules.ts have nothing to match on): an item's similarity score for a
 * new customer is how often training customers who share each of the profile's features adopted
 * it, averaged over those features — co-occurrence of profile features and items on the train
 * split only (the test split stays unseen). Each item's reason names the feature with the
 * highest rate, in counts anyone can check.
 */
export interface FeatureRate {
  /** The profile feature ("contract:Two year"). */
  feature: string;
  /** Training customers with the feature. */
  customers: number;
  /** Of those, how many adopted the item in train. */
  adopters: number;
  rate: number;
}

export interface SimilarityResult {
  /** Mean adoption rate over the profile's usable features, per item (0 when none is usable). */
  scores: Float64Array;
  /** Per item, the profile feature with the highest rate (null when no feature has customers). */
  best: Array<FeatureRate | null>;
  /** Profile features no training customer has (left out of the mean). */
  unseen: string[];
}

/** Features a profile can share with customers: one-hot columns (not identity, scaled values or "missing"). */
export function isShareableFeature(name: string): boolean {
  return !name.startsWith(USER_IDENTITY_PREFIX) && !name.endsWith(':scaled') && !name.endsWith(':missing');
}

export function featureSimilarity(opts: {
  space: FeatureSpace;
  train: Interactions;
  features: readonly string[];
}): SimilarityResult {
  const { space, train } = opts;
  const nItems = space.itemIds.length;
  const m = space.userFeatures;
  const owned = Array.from({ length: space.userIds.length }, () => new Set<number>());
  for (let k = 0; k < train.userIdx.length; k++) {
    const u = train.userIdx[k],
      i = train.itemIdx[k];
    if (!(u >= 0 && u < owned.length && i >= 0 && i < nItems))
      throw new CoreError('bad_input', `train adoption ${k} (${u}, ${i}) is outside the dataset`);
    owned[u].add(i);
  }
  const sum = new Float64Array(nItems);
  const best: Array<FeatureRate | null> = new Array(nItems).fill(null);
  const unseen: string[] = [];
  let used = 0;
  for (const feature of new Set(opts.features.filter(isShareableFeature))) {
    const col = space.userFeatureNames.indexOf(feature);
    const adopters = new Int32Array(nItems);
    let customers = 0;
    if (col >= 0) {
      for (let u = 0; u < m.nRows; u++) {
        let has = false;
        for (let p = m.indptr[u]; p < m.indptr[u + 1] && !has; p++)
          has = m.indices[p] === col && m.values[p] > 0;
        if (!has) continue;
        customers++;
        for (const i of owned[u]) adopters[i]++;
      }
    }
    if (customers === 0) {
      unseen.push(feature);
      continue;
    }
    used++;
    for (let i = 0; i < nItems; i++) {
      const rate = adopters[i] / customers;
      sum[i] += rate;
      if (!best[i] || rate > best[i]!.rate) best[i] = { feature, customers, adopters: adopters[i], rate };
    }
  }
  const scores = used ? sum.map((s) => s / used) : sum;
  return { scores, best, unseen };
}

/** "adopted by 62% of training customers with contract:Two year (31 of 50)". */
export function similarityReason(r: FeatureRate): string {
  return `adopted by ${Math.round(r.rate * 100)}% of training customers with ${r.feature} (${r.adopters} of ${r.customers})`;
}

/** Scores z-scored over items (all equal → all 0), so two scales can be mixed. */
function zscores(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i] / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (x[i] - mean) ** 2 / n;
  const sd = Math.sqrt(v);
  return Float64Array.from({ length: n }, (_, i) => (sd > 0 ? (x[i] - mean) / sd : 0));
}

/** Weight of the model in the cold-start blend; the rest goes to feature similarity. */
export const MODEL_SHARE = 0.5;

/** MODEL_SHARE × z(model's cold-start scores) + (1 − MODEL_SHARE) × z(similarity scores), per item. */
export function blendColdStart(
  model: ArrayLike<number>,
  similarity: ArrayLike<number>,
  modelShare = MODEL_SHARE
): Float64Array {
  if (model.length !== similarity.length)
    throw new CoreError(
      'bad_input',
      `${model.length} model scores but ${similarity.length} similarity scores`
    );
  const a = zscores(model),
    b = zscores(similarity);
  return a.map((z, i) => modelShare * z + (1 - modelShare) * b[i]);
}
