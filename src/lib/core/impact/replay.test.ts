import { describe, expect, it } from 'vitest';
import { bootstrapMeans, pricesFromPlansCsv, replayEstimate } from './replay.ts';
import { runReplayLab } from './replay-lab.ts';
import { interactions as inter } from '../model/synthetic-fixture.ts';

const rows = (row: number[], n: number) =>
  Float32Array.from({ length: n * row.length }, (_, k) => row[k % row.length]);

describe('offline replay estimate (datasets without a choice model)', () => {
  // 4 customers, 4 plans priced 10/20/30/40. Held (train): c0 p0, c1 p1, c2 p0, c3 p2.
  // Adopted later (test): c0 p1 and p2, c1 p2, c2 p3; c3 nothing (not counted).
  const train = inter([
    [0, 0],
    [1, 1],
    [2, 0],
    [3, 2]
  ]);
  const test = inter([
    [0, 1],
    [0, 2],
    [1, 2],
    [2, 3]
  ]);
  const cheapFirst = { id: 'cheap', label: 'cheap first', scores: rows([4, 3, 2, 1], 4) };
  const dearFirst = { id: 'popularity', label: 'dear first', scores: rows([1, 2, 3, 4], 4) };
  const base = {
    nCustomers: 4,
    nPlans: 4,
    train,
    test,
    policies: [cheapFirst, dearFirst],
    prices: [10, 20, 30, 40],
    bootstrap: 200,
    seed: 3
  };

  it('top-1, by hand: held plans are never offered; a hit earns the offered plan’s price', () => {
    const r = replayEstimate({ ...base, topN: 1 });
    expect(r).toMatchObject({
      estimate: 'offline replay',
      customers: 3,
      topN: 1,
      revenue: true,
      baseline: 'popularity'
    });
    const [cheap, dear] = r.policies;
    // cheap first offers c0 p1 (adopted: hit, 20), c1 p0 (miss), c2 p1 (miss).
    expect(cheap.hitRate.mean).toBeCloseTo(1 / 3, 12);
    expect(cheap.revenuePerCustomer!.mean).toBeCloseTo(20 / 3, 12);
    // dear first offers p3 to all three: only c2 adopted it (40).
    expect(dear.hitRate.mean).toBeCloseTo(1 / 3, 12);
    expect(dear.revenuePerCustomer!.mean).toBeCloseTo(40 / 3, 12);
    // Paired hits [1,0,0] − [0,0,1]: mean 0.
    expect(cheap.vsBaseline!.hitRate.mean).toBeCloseTo(0, 12);
    expect(dear.vsBaseline).toBeUndefined();
  });

  it('top-2, by hand: two adopted plans offered earn the better-ranked one’s price', () => {
    const [cheap] = replayEstimate({ ...base, topN: 2 }).policies;
    // c0: p1, p2 (both adopted → 20); c1: p0, p2 (hit → 30); c2: p1, p2 (miss).
    expect(cheap.hitRate.mean).toBeCloseTo(2 / 3, 12);
    expect(cheap.revenuePerCustomer!.mean).toBeCloseTo(50 / 3, 12);
    expect(cheap.hitRate.ci[0]).toBeLessThanOrEqual(cheap.hitRate.mean);
    expect(cheap.hitRate.ci[1]).toBeGreaterThanOrEqual(cheap.hitRate.mean);
  });

  it('without prices there is no revenue; the same seed gives the same numbers', () => {
    const r = replayEstimate({ ...base, prices: null });
    expect(r.revenue).toBe(false);
    expect(r.policies.every((p) => p.revenuePerCustomer === null)).toBe(true);
    expect(replayEstimate({ ...base, prices: null })).toEqual(r);
  });

  it('the bootstrap interval of a share matches the normal approximation; a constant has none', () => {
    // 100 hits among 400: 0.25 ± 1.96·√(0.25·0.75/400) = [0.2076, 0.2924].
    const col = Float64Array.from({ length: 400 }, (_, k) => (k % 4 === 0 ? 1 : 0));
    const [share, ones] = bootstrapMeans([col, new Float64Array(400).fill(1)], 2000, 11);
    expect(share.mean).toBe(0.25);
    expect(Math.abs(share.ci[0] - 0.2076)).toBeLessThan(0.01);
    expect(Math.abs(share.ci[1] - 0.2924)).toBeLessThan(0.01);
    expect(ones).toEqual({ mean: 1, ci: [1, 1] });
  });

  it('says plainly what is wrong', () => {
    expect(() => replayEstimate({ ...base, test: inter([]) })).toThrow(/test split has no adoptions/);
    expect(() =>
      replayEstimate({ ...base, policies: [{ id: 'x', label: 'other run', scores: new Float32Array(3) }] })
    ).toThrow(/"other run" has 3 scores/);
    expect(() => replayEstimate({ ...base, topN: 0 })).toThrow(/topN must be an integer/);
  });
});

describe('plan prices of an imported parity layout', () => {
  it('reads id and price in item order; names file and line when wrong', () => {
    expect(pricesFromPlansCsv('id,name,price\np1,B,20\np0,A,10.5\n', ['p0', 'p1'])).toEqual([10.5, 20]);
    expect(() => pricesFromPlansCsv('id,price\np0,ten\n', ['p0'])).toThrow(/plans.csv line 2: price "ten"/);
    expect(() => pricesFromPlansCsv('id,price\np0,1\n', ['p0', 'p9'])).toThrow(/no row for plan "p9"/);
    expect(() => pricesFromPlansCsv('id,cost\np0,1\n', ['p0'])).toThrow(/needs columns "id" and "price"/);
  });
});

describe('replay job of the Impact page', () => {
  it('replays the runs, their ensemble, popularity and random on the same resamples', () => {
    const train = inter([
        [0, 0],
        [1, 0],
        [2, 1]
      ]),
      test = inter([
        [0, 1],
        [1, 2],
        [2, 2]
      ]);
    const a = { id: 'a', label: 'run a', scores: rows([3, 2, 1], 3) },
      b = { id: 'b', label: 'run b', scores: rows([1, 2, 3], 3) };
    const opts = {
      nCustomers: 3,
      nPlans: 3,
      train,
      test,
      models: [a, b],
      prices: null,
      topN: 1,
      bootstrap: 50,
      seed: 1
    };
    const r = runReplayLab(opts);
    expect(r.policies.map((p) => p.id)).toEqual(['a', 'b', 'ensemble', 'popularity', 'random']);
    // run a offers p1 to c0, c1 (c0 adopted it) and p0 to c2: 1 of 3. run b offers p2 to all: c1 and c2 adopted it.
    expect(r.policies[0].hitRate.mean).toBeCloseTo(1 / 3, 12);
    expect(r.policies[1].hitRate.mean).toBeCloseTo(2 / 3, 12);
    expect(runReplayLab(opts)).toEqual(r);
  });
});
