import { describe, expect, it } from 'vitest';
import { metricsWorkedExample } from './worked-example';

describe('metricsWorkedExample', () => {
  it('gives the hand-computed ranks and metrics the Docs text states', () => {
    const ex = metricsWorkedExample();
    expect(ex.roles).toEqual(['train', null, 'test', null, 'test', null]);
    // B and C tie at 0.7 and a tie counts against each: rank 1 both; E has B, C, D above it: rank 3.
    expect(ex.ranks).toEqual([null, 1, 1, 2, 3, 4]);
    expect(ex.metrics['precision@3']).toBeCloseTo(1 / 3, 6);
    expect(ex.metrics['recall@3']).toBeCloseTo(1 / 2, 6);
    const d = 1 / Math.log2(3);
    expect(ex.metrics['ndcg@3']).toBeCloseTo(d / (1 + d), 6);
    expect(ex.metrics.auc).toBeCloseTo((1 - 1 / 3 + 1 - 2 / 3) / 2, 6);
    expect(ex.metrics.reciprocal_rank).toBeCloseTo(1 / 2, 6);
  });
});
