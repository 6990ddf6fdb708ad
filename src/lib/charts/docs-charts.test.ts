import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PAIRWISE_TOY,
  pairwiseToyExample,
  pairwiseToyFigure,
  warpRankWeighting,
  warpTrialDistribution,
  warpWeightingCurve
} from './docs-charts.ts';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe('WARP trial distribution', () => {
  it('is Geometric(r/N) with LightFM weights ln max(1, ⌊(N−1)/K⌋)', () => {
    const t = warpTrialDistribution(3, 8, 10);
    expect(t).toHaveLength(10);
    expect(t[0].probability).toBeCloseTo(3 / 8, 15);
    expect(t[1].probability).toBeCloseTo((5 / 8) * (3 / 8), 15);
    expect(t.map((x) => x.weight).slice(0, 5)).toEqual([Math.log(7), Math.log(3), Math.log(2), 0, 0]);
    expect(t.reduce((s, x) => s + x.probability, 0)).toBeCloseTo(1 - (5 / 8) ** 10, 15);
    expect(warpTrialDistribution(0, 8, 10)).toEqual([]);
  });
  it('caps the weight at 10 and rejects bad arguments', () => {
    expect(warpTrialDistribution(1, 1e6, 1)[0].weight).toBe(10); // ln 999 999 ≈ 13.8, clipped
    expect(warpTrialDistribution(1, 1000, 1)[0].weight).toBeCloseTo(Math.log(999), 12);
    expect(() => warpTrialDistribution(9, 8, 10)).toThrow(/r must be/);
    expect(() => warpTrialDistribution(1, 1, 10)).toThrow(/nItems/);
    expect(() => warpTrialDistribution(1, 8, 0)).toThrow(/maxSampled/);
  });
});

describe('WARP weighting figure', () => {
  it('follows N and max_sampled, and plots the harmonic exact-rank variant', () => {
    const c = warpWeightingCurve({ nItems: 5, maxSampled: 2 });
    expect(c.harmonicWeight).toEqual(
      [1, 1.5, 1.5 + 1 / 3, 1.5 + 1 / 3 + 0.25].map((x) => expect.closeTo(x, 12))
    );
    // N = 5: ⌊4/1⌋ = 4, ⌊4/2⌋ = 2; r = 1: (1/5)·ln 4 + (4/5)(1/5)·ln 2
    expect(c.expectedWeight[0]).toBeCloseTo(0.2 * Math.log(4) + 0.16 * Math.log(2), 12);
    const a = warpRankWeighting({ nItems: 20, maxSampled: 10 });
    const b = warpRankWeighting({ nItems: 200, maxSampled: 10 });
    expect((a.data[0].x as number[]).length).toBe(19);
    expect((b.data[0].x as number[]).length).toBe(199);
    expect((b.layout.title as { text: string }).text).toContain('N = 200');
    expect(warpWeightingCurve({ nItems: 400 }).harmonicWeight.every((h) => h <= 10)).toBe(true);
  });
});

describe('BPR against WARP on the toy example', () => {
  it('computes which pairs each loss updates and by how much', () => {
    const res = pairwiseToyExample();
    expect(res.nItems).toBe(8);
    expect(res.positiveScore).toBe(1.2);
    // violators: not positive and s > 0.2 → Unlimited Max, Family 4, Data 10
    expect(res.violators).toBe(3);
    expect(res.rows.filter((r) => r.violates).map((r) => r.name)).toEqual([
      'Unlimited Max',
      'Family 4',
      'Data 10'
    ]);
    const pUpdate = 1 - (5 / 8) ** 10;
    expect(res.warpUpdateProbability).toBeCloseTo(pUpdate, 15);
    const eWeight =
      (3 / 8) * Math.log(7) + (5 / 8) * (3 / 8) * Math.log(3) + (5 / 8) ** 2 * (3 / 8) * Math.log(2);
    const data10 = res.rows[4];
    expect(data10.warpProbability).toBeCloseTo(pUpdate / 3, 15);
    expect(data10.warpExpected).toBeCloseTo(eWeight / 3, 12);
    expect(res.warpExpectedTotal).toBeCloseTo(eWeight, 12);
    // BPR: popularity share among the six non-positives (395 adoptions), multiplier 1 − σ(margin)
    const prepaid = res.rows[5];
    expect(prepaid.violates).toBe(false);
    expect(prepaid.warpExpected).toBe(0);
    expect(prepaid.bprProbability).toBeCloseTo(200 / 395, 15);
    expect(prepaid.bprExpected).toBeCloseTo((200 / 395) * (1 - sigmoid(1.1)), 12);
    // positives are never negatives
    for (const r of res.rows.filter((x) => x.isPositive)) {
      expect(r.bprProbability + r.warpProbability).toBe(0);
    }
    expect(res.rows.reduce((s, r) => s + r.bprProbability, 0)).toBeCloseTo(1, 12);
    // WARP puts most of its effort on the top violator's rank; BPR spends it on the popular, already-beaten plan
    expect(prepaid.bprExpected).toBeGreaterThan(res.rows[0].bprExpected);
  });
  it('no violator: WARP makes no update, BPR still does', () => {
    const items = DEFAULT_PAIRWISE_TOY.map((it, k) => ({ ...it, score: k === 1 ? 5 : it.score }));
    const res = pairwiseToyExample({ items });
    expect(res.violators).toBe(0);
    expect(res.warpExpectedTotal).toBe(0);
    expect(res.bprExpectedTotal).toBeGreaterThan(0);
  });
  it('rejects a positive index that is not a positive', () => {
    expect(() => pairwiseToyExample({ positive: 0 })).toThrow(/positive must index/);
  });
  it('figure: one bar pair per negative, names escaped', () => {
    const items = DEFAULT_PAIRWISE_TOY.map((it, k) =>
      k === 0 ? { ...it, name: '<img src=x onerror=alert(1)>' } : it
    );
    const f = pairwiseToyFigure(pairwiseToyExample({ items }));
    expect(f.data).toHaveLength(2);
    const y = f.data[0].y as string[];
    expect(y).toHaveLength(6);
    expect(y[0]).toContain('&lt;img');
    expect(y[0]).not.toContain('<img');
    expect(y[0]).toContain('✱');
    expect(y[2]).toBe('Data 10 (0.5) ✱');
    expect(y[3]).toBe('Prepaid 5 (0.1)');
    expect(f.data[1].x).toEqual(
      pairwiseToyExample({ items })
        .rows.filter((r) => !r.isPositive)
        .map((r) => r.warpExpected)
    );
  });
});
