import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng.ts';
import {
  explainScore,
  explanationPhrases,
  describeContribution,
  identityFeatureName,
  humaniseFeatureName
} from './explain.ts';
import { modelRepresentations, scoreAll, scoreFeatureRow } from './scoring.ts';
import { randomModel } from './test-model.test.ts';

describe('explainScore', () => {
  it('contributions sum to the model score within 1e-4 for random customers and plans', () => {
    for (const seed of [1, 2, 3]) {
      const { space, weights } = randomModel(seed, 40, 10, 8);
      const S = scoreAll({ weights, space });
      const rng = createRng(seed + 100);
      for (let t = 0; t < 25; t++) {
        const u = rng.int(40);
        const i = rng.int(10);
        const e = explainScore({ weights, space, user: u, item: i });
        const sum = e.contributions.reduce((s, c) => s + c.value, 0);
        expect(Math.abs(sum - S[u * 10 + i])).toBeLessThan(1e-4);
        expect(Math.abs(e.total - e.score)).toBeLessThan(1e-9);
        expect(e.userBias + e.itemBias + e.interaction).toBeCloseTo(e.total, 12);
      }
    }
  });
  it('sorts by |value| and counts every term', () => {
    const { space, weights } = randomModel(4);
    const e = explainScore({ weights, space, user: 2, item: 3 });
    const nx = space.userFeatures.indptr[3] - space.userFeatures.indptr[2];
    const ny = space.itemFeatures.indptr[4] - space.itemFeatures.indptr[3];
    expect(e.contributions.length).toBe(nx + ny + nx * ny);
    for (let k = 1; k < e.contributions.length; k++) {
      expect(Math.abs(e.contributions[k - 1].value)).toBeGreaterThanOrEqual(
        Math.abs(e.contributions[k].value)
      );
    }
  });
  it('explains a new customer’s attribute row, matching scoreFeatureRow', () => {
    const { space, weights } = randomModel(9);
    const { items } = modelRepresentations({ weights, space });
    const seg = space.userFeatureNames.indexOf('segment:business');
    const lines = space.userFeatureNames.indexOf('lines:multi');
    const row = { indices: [seg, lines], values: [1, 1] };
    const s = scoreFeatureRow({ weights, items, row });
    const e = explainScore({ weights, space, user: row, item: 5 });
    expect(Math.abs(e.total - s[5])).toBeLessThan(1e-4);
  });
});

describe('plain words', () => {
  it('phrases the largest terms and the remainder', () => {
    const { space, weights } = randomModel(4);
    const e = explainScore({ weights, space, user: 2, item: 3 });
    const phrases = explanationPhrases({ explanation: e, top: 2 });
    expect(phrases.length).toBe(3);
    expect(phrases[2].text).toMatch(/smaller effects together/);
    const total = phrases.reduce((s, p) => s + p.value, 0);
    expect(total).toBeCloseTo(e.total - e.userBias, 9);
  });
  it('names identity features as own history and humanises others', () => {
    expect(humaniseFeatureName('data_tier:heavy')).toBe('data tier heavy');
    const names = ['user:C1', 'user:C2', 'segment:business'];
    expect(identityFeatureName(names, [1, 2], 'C2')).toBe('user:C2');
    const txt = describeContribution(
      {
        kind: 'pair',
        userFeature: 1,
        userFeatureName: 'user:C2',
        itemFeature: 0,
        itemFeatureName: 'type:family',
        value: 0.4
      },
      { userIdentity: 'user:C2' }
    );
    expect(txt).toBe("This customer's own history favours plans with type family (+0.40)");
    const neg = describeContribution({
      kind: 'pair',
      userFeature: 2,
      userFeatureName: 'segment:business',
      itemFeature: 0,
      itemFeatureName: 'type:family',
      value: -0.25
    });
    expect(neg).toBe('Customers with segment business tend to avoid plans with type family (−0.25)');
  });
});
