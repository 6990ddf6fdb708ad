import { describe, expect, it } from 'vitest';
import { describeSplit, isStandardSplit, splitShortLabel } from './split-label.ts';

describe('describeSplit', () => {
  it('never gives a temporal split a held-out share (its test set is each customer’s latest adoption)', () => {
    const t = describeSplit({ kind: 'temporal', testFraction: 0.2, seed: 42 });
    expect(t).toBe(
      "temporal split: each customer's latest adoption held out for testing (customers with 2 or more adoptions)"
    );
    expect(t).not.toMatch(/%/);
  });
  it('says what share of what is held out for random and held-out-customer splits', () => {
    expect(describeSplit({ kind: 'random', testFraction: 0.2, seed: 42 })).toBe(
      'random split: 20% of adoptions held out for testing (split seed 42)'
    );
    expect(describeSplit({ kind: 'cold_start', testFraction: 0.25, validationFraction: 0.1, seed: 1 })).toBe(
      'held-out-customer split: 25% of customers held out with all their adoptions, 10% more for validation (split seed 1)'
    );
    expect(describeSplit(undefined)).toMatch(/dataset's own train\/test split/);
  });
  it('short labels and which splits a run label may leave out', () => {
    expect(splitShortLabel({ kind: 'random' })).toBe('random 80/20');
    expect(splitShortLabel({ kind: 'temporal' })).toBe('latest adoption held out');
    expect(isStandardSplit({ kind: 'random', seed: 3 })).toBe(true);
    expect(isStandardSplit(undefined)).toBe(true);
    expect(isStandardSplit({ kind: 'cold_start' })).toBe(false);
    expect(isStandardSplit({ kind: 'random', testFraction: 0.1 })).toBe(false);
  });
});
