import { describe, expect, it } from 'vitest';
import { BASE } from '../../../../test/fixtures/wide/malformed.ts';
import { importWideTable } from '../data/wide/import.ts';
import { layoutAnalytics, splitFeatureName } from './layout-analytics.ts';

describe('analytics of a dataset without raw tables', () => {
  it('counts adoptions, co-adoption and feature groups from the hand-checked wide table', () => {
    const { data } = importWideTable({ text: BASE, file: 't.csv' });
    const a = layoutAnalytics({ data });
    expect(a.customers).toBe(6);
    // PhoneService: C1 C2 C4 C5; DSL: C1 C3 C6; Fiber: C2 C5; StreamingTV: C2 C3 C5.
    expect(a.items).toEqual([
      { item: 'PhoneService', adoptions: 4 },
      { item: 'InternetService=DSL', adoptions: 3 },
      { item: 'StreamingTV', adoptions: 3 },
      { item: 'InternetService=Fiber optic', adoptions: 2 }
    ]);
    const at = (x: string, y: string) =>
      a.coAdoption.counts[a.coAdoption.items.indexOf(x)][a.coAdoption.items.indexOf(y)];
    expect(at('PhoneService', 'PhoneService')).toBe(4);
    expect(at('PhoneService', 'StreamingTV')).toBe(2); // C2, C5
    expect(at('InternetService=DSL', 'InternetService=Fiber optic')).toBe(0);
    expect(a.featureGroups.find((g) => g.group === 'contract')?.values).toEqual([
      { value: 'Month-to-month', customers: 3 },
      { value: 'One year', customers: 2 },
      { value: 'Two year', customers: 1 }
    ]);
    expect(a.featureGroups.map((g) => g.group)).not.toContain('tenure');
    expect(
      a.featureGroups.find((g) => g.group === 'tenure_band')?.values.reduce((s, v) => s + v.customers, 0)
    ).toBe(6);
  });

  it('splits feature names at the first : or =, leaving identity and scaled values out', () => {
    expect(splitFeatureName('contract:Two year')).toEqual({ group: 'contract', value: 'Two year' });
    expect(splitFeatureName('segment=business')).toEqual({ group: 'segment', value: 'business' });
    expect(splitFeatureName('user:C1')).toBeNull();
    expect(splitFeatureName('tenure:scaled')).toBeNull();
    expect(splitFeatureName('plain')).toBeNull();
  });
});
