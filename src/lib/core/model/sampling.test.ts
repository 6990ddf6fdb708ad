import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng.ts';
import { groupByUser } from '../eval/user-rows.ts';
import {
  drawViolator,
  geometricTrials,
  harmonic,
  kosPositive,
  kosRank,
  popularityNegative,
  trialsCoefficient,
  warpCoefficient,
  type ViolatorDraw
} from './sampling.ts';

const rows = (pairs: Array<[number, number]>, nUsers: number, nItems: number) =>
  groupByUser({
    interactions: {
      userIdx: Int32Array.from(pairs.map((p) => p[0])),
      itemIdx: Int32Array.from(pairs.map((p) => p[1])),
      weight: new Float32Array(pairs.length).fill(1)
    },
    nUsers,
    nItems,
    label: 'train'
  });

describe('geometric trials', () => {
  it('has mean N/r like LightFM’s sequential draws, and K = 1 when every item violates', () => {
    const rng = createRng(7);
    let sum = 0;
    const n = 20000;
    for (let k = 0; k < n; k++) sum += geometricTrials(4, 20, rng.next());
    expect(sum / n).toBeGreaterThan(4.8);
    expect(sum / n).toBeLessThan(5.2);
    expect(geometricTrials(20, 20, 0.99)).toBe(1);
    expect(geometricTrials(1, 20, 0)).toBe(1);
  });
});

describe('warpCoefficient', () => {
  it('is 0 without violators or when K exceeds max_sampled', () => {
    expect(warpCoefficient('lightfm', 0, 100, 99, 10, 1, 0.5)).toBe(0);
    // r = 1 of 1000: u = 0.999 needs thousands of trials
    expect(warpCoefficient('lightfm', 1, 1000, 999, 10, 1, 0.999)).toBe(0);
  });
  it('is w·ln⌊(N−1)/K⌋, clipped at 10', () => {
    // r = N means K = 1: ln(99)
    expect(warpCoefficient('lightfm', 100, 100, 99, 10, 1, 0.3)).toBeCloseTo(Math.log(99), 6);
    expect(warpCoefficient('lightfm', 100, 100, 99, 10, 2, 0.3)).toBeCloseTo(2 * Math.log(99), 6);
    expect(warpCoefficient('lightfm', 100, 100, 99, 10, 5, 0.3)).toBe(10);
  });
  it('keeps the max(1, ·) guard when the rank base is below K (k-OS on tiny catalogues)', () => {
    // 5 items, user has 4 positives: N − |P_u| = 1; K = 3 → ⌊1/3⌋ = 0 → LightFM's ln 0 = −∞.
    const c = warpCoefficient('lightfm', 1, 5, 1, 10, 1, 0.9);
    expect(Number.isFinite(c)).toBe(true);
    expect(c).toBe(0);
  });
  it('exact-rank uses the harmonic number of r', () => {
    expect(harmonic(3)).toBeCloseTo(1 + 1 / 2 + 1 / 3, 12);
    expect(warpCoefficient('exact-rank', 3, 100, 99, 10, 1, 0.5)).toBeCloseTo(harmonic(3), 6);
  });
});

describe('negatives and k-OS', () => {
  it('never returns a positive as a BPR negative and follows popularity', () => {
    const pos = rows(
      [
        [0, 0],
        [0, 1],
        [1, 2],
        [2, 2],
        [3, 2],
        [4, 3]
      ],
      5,
      4
    );
    const trainItems = Int32Array.of(0, 1, 2, 2, 2, 3);
    const rng = createRng(3);
    const counts = [0, 0, 0, 0];
    for (let k = 0; k < 4000; k++) {
      const j = popularityNegative(pos, 0, trainItems, rng);
      expect(j === 0 || j === 1).toBe(false);
      counts[j]++;
    }
    // item 2 is 3× as popular as item 3
    expect(counts[2] / counts[3]).toBeGreaterThan(2.5);
    expect(counts[2] / counts[3]).toBeLessThan(3.5);
  });
  it('returns −1 when every item is a positive', () => {
    const pos = rows(
      [
        [0, 0],
        [0, 1]
      ],
      1,
      2
    );
    expect(popularityNegative(pos, 0, Int32Array.of(0, 1), createRng(1))).toBe(-1);
  });
  it('takes the ⌈k·m/n⌉-th highest scoring of the m = min(n, |P_u|) drawn positives', () => {
    const pos = rows(
      [
        [0, 0],
        [0, 1],
        [0, 2],
        [0, 3]
      ],
      1,
      4
    );
    const values = [0.1, 0.9, 0.5, 0.7];
    const score = (i: number) => values[i];
    const items = new Int32Array(10);
    const scores = new Float64Array(10);
    for (const [k, n, rank] of [
      [5, 10, 2],
      [2, 4, 2],
      [1, 10, 1],
      [10, 10, 4]
    ] as const) {
      for (let seed = 1; seed <= 5; seed++) {
        const got = kosPositive(pos, 0, k, n, createRng(seed), score, items, scores);
        const m = Math.min(n, 4);
        const drawn = Array.from(items.subarray(0, m), (i) => values[i]).sort((x, y) => y - x);
        expect(score(got)).toBe(drawn[rank - 1]);
      }
    }
  });
  it('keeps k-OS’s quantile for users with fewer than n positives (LightFM: min(k, m), the lowest)', () => {
    expect([1, 2, 3, 4, 10].map((m) => kosRank(5, 10, m))).toEqual([1, 1, 2, 2, 5]);
    expect(kosRank(1, 10, 3)).toBe(1);
    expect(kosRank(10, 10, 3)).toBe(3);
  });
});

describe('drawViolator (the sampled WARP search of warp-sampled.ts and deep-sampled.ts)', () => {
  it('returns the first non-positive draw above the threshold, counting drawn positives as trials', () => {
    // User 0's positives are items 0 and 1; items 0..2 score 1, the rest 0; threshold 0.5.
    const pos = rows(
      [
        [0, 0],
        [0, 1]
      ],
      1,
      8
    );
    const score = (i: number) => (i <= 2 ? 1 : 0);
    const out: ViolatorDraw = { negative: -1, trials: 0, score: 0 };
    for (let seed = 1; seed <= 50; seed++) {
      const draws: number[] = [];
      const rng = createRng(seed);
      drawViolator(pos, 0, 8, 20, 0.5, rng, (i) => (draws.push(i), score(i)), out);
      const at = draws.indexOf(2);
      if (at < 0) {
        expect(out).toEqual({ negative: -1, trials: 0, score: 0 });
        expect(draws.length).toBe(20);
      } else {
        expect(out).toEqual({ negative: 2, trials: at + 1, score: 1 });
        expect(draws.length).toBe(at + 1);
      }
    }
  });

  it('weights a violator found at draw K by min(10, w·ln⌊(N − 1)/K⌋), as warpCoefficient', () => {
    expect(trialsCoefficient(1, 99, 3)).toBeCloseTo(Math.log(33), 12);
    expect(trialsCoefficient(1, 99, 200)).toBe(0);
    expect(trialsCoefficient(5, 1e6, 1)).toBe(10);
    // warpCoefficient's LightFM branch is the same multiplier at K = geometricTrials(r, N, u).
    const k = geometricTrials(3, 100, 0.4);
    expect(warpCoefficient('lightfm', 3, 100, 99, 50, 0.7, 0.4)).toBe(trialsCoefficient(0.7, 99, k));
  });
});
