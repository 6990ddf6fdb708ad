import { describe, expect, it } from 'vitest';
import { generateDataset } from '../data/generator.ts';
import { ALL_FEATURES, attributeOf, buildFeatureSpace } from './feature-space.ts';

describe('switching single features off inside a group', () => {
  const dataset = generateDataset({ customers: 300, seed: 5, ceilings: false });
  it('drops the excluded attributes on both sides and keeps the rest', () => {
    const full = buildFeatureSpace({ dataset, selection: ALL_FEATURES }).space;
    const cut = buildFeatureSpace({
      dataset,
      selection: { ...ALL_FEATURES, exclude: ['sms_trend', 'bundle_type'] }
    }).space;
    const attrs = (names: string[]) => new Set(names.map(attributeOf));
    expect(attrs(full.userFeatureNames).has('sms_trend')).toBe(true);
    expect(attrs(cut.userFeatureNames).has('sms_trend')).toBe(false);
    expect(attrs(cut.userFeatureNames).has('data_trend')).toBe(true);
    expect(attrs(full.itemFeatureNames).has('bundle_type')).toBe(true);
    expect(attrs(cut.itemFeatureNames).has('bundle_type')).toBe(false);
    // Every customer loses exactly the one sms_trend column: rows stay L1-normalised.
    const u = cut.userFeatures;
    expect(u.indptr[1] - u.indptr[0]).toBe(full.userFeatures.indptr[1] - full.userFeatures.indptr[0] - 1);
    let sum = 0;
    for (let k = u.indptr[0]; k < u.indptr[1]; k++) sum += u.values[k];
    expect(sum).toBeCloseTo(1, 6);
  });
});
