import { describe, expect, it } from 'vitest';
import type { Contribution } from './explain.ts';
import { groupedExplanationLines } from './grouped-explanation.ts';
import { explainModelScore } from './tower-scoring.ts';
import { randomModel } from './test-model.test.ts';

const term = (
  kind: Contribution['kind'],
  u: string | null,
  i: string | null,
  value: number
): Contribution => ({
  kind,
  userFeature: u === null ? null : 0,
  userFeatureName: u,
  itemFeature: i === null ? null : 0,
  itemFeatureName: i,
  value
});

describe('groupedExplanationLines (datasets with their own feature names)', () => {
  it('sums the exact terms per feature group, hand-computed case', () => {
    const contributions = [
      term('user-bias', 'user:c1', null, 0.5),
      term('pair', 'contract:Two year', 'item:A', 0.4),
      term('item-bias', null, 'item:A', 0.3),
      term('pair', 'user:c1', 'item:A', 0.25),
      term('item-bias', null, 'service:StreamingTV', 0.2),
      term('pair', 'contract:Two year', 'service:StreamingTV', -0.1),
      term('pair', 'tenure_band:0-12', 'item:A', 0.05)
    ];
    const r = groupedExplanationLines({
      explanation: {
        score: 1.6,
        total: 1.6,
        contributions,
        userBias: 0.5,
        itemBias: 0.5,
        interaction: 0.6,
        modelScore: 1.6,
        towerResidual: 0
      },
      userIdentity: 'user:c1',
      itemIdentity: 'item:A',
      top: 3
    });
    expect(r.lines.map((l) => [l.kind, l.text, Number(l.value.toFixed(6))])).toEqual([
      ['term', 'Customers with contract Two year tend to take this item (+0.40)', 0.4],
      ['term', 'This item is more popular overall (+0.30)', 0.3],
      ['term', "This customer's own history favours this item (+0.25)", 0.25],
      ['rest', '3 smaller groups of terms together (+0.15)', 0.15],
      ['baseline', "This customer's baseline (the same for every item, so it never changes the order)", 0.5]
    ]);
    expect(r.sum).toBeCloseTo(1.6, 12);
    expect(r.score).toBe(1.6);
  });

  it('names the group and its values; the lines add up to the model score on a random model', () => {
    const { space, weights } = randomModel(5, 30, 8, 6);
    for (const [u, i] of [
      [0, 0],
      [3, 5],
      [29, 7]
    ]) {
      const explanation = explainModelScore({ weights, space, user: u, item: i });
      const r = groupedExplanationLines({ explanation, top: 2 });
      expect(Math.abs(r.sum - r.score)).toBeLessThan(1e-4);
      expect(r.lines.length).toBeLessThanOrEqual(4);
    }
    const contributions = [
      term('pair', 'contract:Two year', 'service:StreamingTV', -0.3),
      term('pair', 'contract:Two year', 'service:TechSupport', -0.2)
    ];
    const r = groupedExplanationLines({
      explanation: {
        score: -0.5,
        total: -0.5,
        contributions,
        userBias: 0,
        itemBias: 0,
        interaction: -0.5,
        modelScore: -0.5,
        towerResidual: 0
      }
    });
    expect(r.lines).toEqual([
      {
        kind: 'term',
        value: -0.5,
        text: 'Customers with contract Two year tend to avoid items with service StreamingTV, TechSupport (−0.50)'
      }
    ]);
  });
});
