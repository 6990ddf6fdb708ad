import { describe, expect, it } from 'vitest';
import { BASE } from '../../../../test/fixtures/wide/malformed.ts';
import { importWideTable } from '../data/wide/import.ts';
import { profileFeatureList, profileFields } from './layout-profile.ts';

describe("cold-start profile from a dataset's own customer features", () => {
  const r = importWideTable({ text: BASE, file: 't.csv' });
  const fields = profileFields(r.data.space.userFeatureNames, r.mapping);

  it('offers each categorical group as a choice and each numeric column as a number field with its range', () => {
    expect(fields.find((f) => f.group === 'contract')).toEqual({
      kind: 'choice',
      group: 'contract',
      values: ['Month-to-month', 'One year', 'Two year']
    });
    expect(fields.find((f) => f.group === 'gender')).toMatchObject({
      kind: 'choice',
      values: ['Female', 'Male']
    });
    expect(fields.find((f) => f.group === 'tenure')).toMatchObject({
      kind: 'number',
      column: 'tenure',
      min: 1,
      max: 45
    });
    expect(fields.map((f) => f.group)).not.toContain('tenure_band');
  });

  it('turns a profile into exactly the features the import gives a customer with those values', () => {
    // C2: Male, tenure 34, One year.
    const features = profileFeatureList(fields, { gender: 'Male', tenure: 34, contract: 'One year' });
    const c2 = r.data.space.userIds.indexOf('C2');
    const m = r.data.space.userFeatures;
    const stored: Array<[string, number]> = [];
    for (let p = m.indptr[c2]; p < m.indptr[c2 + 1]; p++)
      stored.push([r.data.space.userFeatureNames[m.indices[p]], m.values[p]]);
    const side = stored.filter(([n]) => !n.startsWith('user:'));
    const total = stored.reduce((s, [, v]) => s + v, 0);
    const identity = stored.find(([n]) => n === 'user:C2')![1];
    // Stored rows are L1-normalised with the identity column: undo that to compare raw weights.
    expect(Object.fromEntries(side.map(([n, v]) => [n, Number((v / identity).toFixed(5))]))).toEqual(
      Object.fromEntries(features.map(([n, v]) => [n, Number(v.toFixed(5))]))
    );
    expect(total).toBeCloseTo(1, 5);
    expect(profileFeatureList(fields, { gender: '', tenure: null })).toEqual([]);
  });
});
