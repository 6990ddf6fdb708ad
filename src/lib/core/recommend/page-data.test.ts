import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng.ts';
import { initTowerWeights } from '../model/deep-tower.ts';
import { modelRepresentations, scoreFeatureRow } from './scoring.ts';
import {
  compactUsers,
  featureProfile,
  featuresOnlyRow,
  featuresOnlyScores,
  latestPlans,
  recommendView,
  searchCustomers,
  selectUsers
} from './page-data.ts';
import { randomModel } from './test-model.test.ts';

describe('latestPlans', () => {
  it('takes the latest adoption per customer, −1 without one', () => {
    const adoptions = {
      customerIdx: Int32Array.of(0, 0, 2, 0, 2),
      planIdx: Int32Array.of(4, 1, 3, 2, 5),
      day: Int32Array.of(-30, 10, 5, 3, 5),
      kind: Uint8Array.of(0, 1, 0, 1, 1)
    };
    expect(Array.from(latestPlans(adoptions, 3))).toEqual([1, -1, 5]);
  });
});

describe('searchCustomers', () => {
  const ids = ['C001', 'C010', 'C100', 'C011', 'X1'];
  const segments = [0, 1, 0, 1, 2];
  it('filters by id substring and segment, exact match first', () => {
    expect(searchCustomers({ ids, segments, query: '01', segment: null })).toEqual([0, 1, 3]);
    expect(searchCustomers({ ids, segments, query: 'c01', segment: 1 })).toEqual([1, 3]);
    expect(searchCustomers({ ids, segments, query: 'c011', segment: null })).toEqual([3]);
    expect(searchCustomers({ ids, segments, query: '', segment: 2 })).toEqual([4]);
    expect(searchCustomers({ ids, segments, query: '', segment: null, limit: 2 })).toEqual([0, 1]);
  });
});

describe('features-only scoring', () => {
  it('drops the identity feature and scores like scoreFeatureRow on the rest', () => {
    const { space, weights } = randomModel(2, 12, 5, 4);
    const row = featuresOnlyRow(space.userFeatures, space.userFeatureNames, 3)!;
    for (const f of Array.from(row.indices))
      expect(space.userFeatureNames[f].startsWith('user:')).toBe(false);
    const { items } = modelRepresentations({ weights, space });
    const want = scoreFeatureRow({ weights, items, row });
    const got = featuresOnlyScores({ weights, space }, [3, 5]);
    for (let i = 0; i < 5; i++) expect(got[i]).toBeCloseTo(want[i], 5);
    expect(got.length).toBe(10);
  });
  it('applies the towers when the model has them', () => {
    const { space, weights } = randomModel(2, 12, 5, 4);
    const tower = initTowerWeights(4, 3, createRng(0));
    // W2 = 0: the towers are the identity, scores unchanged
    const a = featuresOnlyScores({ weights, space }, [1]);
    const b = featuresOnlyScores({ weights, space, tower }, [1]);
    for (let i = 0; i < 5; i++) expect(b[i]).toBeCloseTo(a[i], 5);
  });
});

describe('re-indexing users', () => {
  const x = {
    userIdx: Int32Array.of(7, 2, 7, 9),
    itemIdx: Int32Array.of(0, 1, 2, 3),
    weight: Float32Array.of(1, 1, 1, 1)
  };
  it('compactUsers maps users to their ascending position', () => {
    const { users, interactions } = compactUsers(x);
    expect(Array.from(users)).toEqual([2, 7, 9]);
    expect(Array.from(interactions.userIdx)).toEqual([1, 0, 1, 2]);
  });
  it('selectUsers keeps only the given users, indexed by position', () => {
    const y = selectUsers(x, [9, 7]);
    expect(Array.from(y.userIdx)).toEqual([1, 1, 0]);
    expect(Array.from(y.itemIdx)).toEqual([0, 2, 3]);
  });
});

describe('featureProfile', () => {
  it('converts days since joining to months', () => {
    const p = featureProfile({
      segment: 'business',
      dataGb: 5,
      voiceMinutes: 100,
      sms: 10,
      bundles: [],
      lines: 2,
      daysSinceJoining: 304
    });
    expect(p).toMatchObject({ segment: 'business', dataGb: 5, lines: 2 });
    expect(p.tenureMonths).toBeCloseTo(10, 9);
  });
});

describe('recommendView', () => {
  it('keeps the catalogue, ids, segments and current plans, and copies the segments it may hand over', async () => {
    const { generateDataset } = await import('../data/generator.ts');
    const ds = generateDataset({ customers: 60, seed: 2, ceilings: false });
    const view = recommendView(ds);
    expect(view.name).toBe(ds.name);
    expect(view.plans).toBe(ds.plans);
    expect(view.customers.ids).toBe(ds.customers.ids);
    expect(Array.from(view.customers.segment)).toEqual(Array.from(ds.customers.segment));
    expect(view.customers.segment.buffer).not.toBe(ds.customers.segment.buffer);
    expect(Array.from(view.currentPlans)).toEqual(Array.from(latestPlans(ds.adoptions, 60)));
  });
});
