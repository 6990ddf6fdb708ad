import { describe, expect, it } from 'vitest';
import { rankingScores } from './ceilings.ts';
import { generateDataset } from './generator.ts';
import { buildTrainTestData } from './train-test.ts';

/**
 * The signal must be learnable from features: a ranker that only counts train adoptions among
 * customers with the same feature values (no model at all) must beat global popularity, and
 * stay below the ideal ceiling.
 */
describe('learnability of the synthetic data', () => {
  it('feature-conditional popularity beats popularity on the random split', () => {
    const ds = generateDataset({ customers: 8000, seed: 42 });
    const d = buildTrainTestData({
      dataset: ds,
      features: { customer: ['basic', 'account', 'behavioural'], plan: [] }
    });
    const { userFeatures: m, userFeatureNames: names } = d.space;
    const nItems = ds.plans.length,
      nUsers = ds.customers.ids.length;
    // Key of a customer: its segment, lines, age band and data intensity.
    const keep = (n: string) => /^(segment|lines_band|age_band|data_intensity):/.test(n);
    const key = (u: number) =>
      Array.from(m.indices.subarray(m.indptr[u], m.indptr[u + 1]))
        .filter((k) => keep(names[k]))
        .join(',');
    const keys = Array.from({ length: nUsers }, (_, u) => key(u));
    const global = new Float64Array(nItems);
    const byKey = new Map<string, Float64Array>();
    for (let r = 0; r < d.train.userIdx.length; r++) {
      const k = keys[d.train.userIdx[r]];
      if (!byKey.has(k)) byKey.set(k, new Float64Array(nItems));
      byKey.get(k)![d.train.itemIdx[r]]++;
      global[d.train.itemIdx[r]]++;
    }
    const total = global.reduce((a, b) => a + b, 0);
    const conditional = rankingScores({
      train: d.train,
      test: d.test,
      nUsers,
      nItems,
      ks: [5],
      score: (u, out) => {
        const c = byKey.get(keys[u]);
        for (let j = 0; j < nItems; j++) out[j] = (c?.[j] ?? 0) + global[j] / total; // global popularity breaks ties
      }
    });
    const ceilings = ds.ceilings![0];
    expect(conditional.scores.ndcg[5]).toBeGreaterThan(ceilings.popularity.ndcg[5] * 1.15);
    expect(conditional.scores.precision[5]).toBeGreaterThan(ceilings.popularity.precision[5] * 1.1);
    expect(conditional.scores.precision[5]).toBeLessThan(ceilings.ideal.precision[5]);
  });
});
