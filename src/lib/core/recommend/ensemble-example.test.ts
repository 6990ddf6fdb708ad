import { describe, expect, it } from 'vitest';
import { ensembleWorkedExample } from './ensemble-example';

describe('ensembleWorkedExample', () => {
  it('gives the hand-computed normalised scores and winners the Docs text states', () => {
    const ex = ensembleWorkedExample();
    // Ranks ascending from 0 (worst) to 1 (best), N − 1 = 3 steps.
    expect(ex.rank.warp).toEqual([1, 2 / 3, 1 / 3, 0]);
    expect(ex.rank.logistic).toEqual([2 / 3, 1, 1 / 3, 0]);
    expect(ex.rank.blend.map((x) => x.toFixed(4))).toEqual(['0.8333', '0.8333', '0.3333', '0.0000']);
    expect(ex.rankTies).toEqual(['Data 30', 'Unlimited Max']);
    // WARP: mean 0.125, population sd √4.301875 ≈ 2.0741; logistic: mean 0.4925, sd ≈ 0.23274.
    expect(ex.z.warp[0]).toBeCloseTo(1.975 / Math.sqrt(4.301875), 6);
    expect(ex.z.logistic[1]).toBeCloseTo(0.2075 / Math.sqrt(0.05416875), 6);
    expect(ex.top).toEqual({
      warp: 'Data 30',
      logistic: 'Unlimited Max',
      z: 'Unlimited Max',
      rank: 'Data 30'
    });
  });
});
