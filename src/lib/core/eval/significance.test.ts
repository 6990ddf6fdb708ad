import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng.ts';
import {
  compareModels,
  normalSf,
  pairedBootstrap,
  quantileSorted,
  wilcoxonSignedRank
} from './significance.ts';

const zeros = (n: number) => new Float64Array(n);
// Darwin's Zea mays differences (cross − self fertilised, eighths of an inch), the classic
// example of Fisher and of scipy's documentation.
const darwin = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75];
// Integer differences with many ties and zeros: [(i*7 % 11) - 4 for i in range(60)].
const tied = Array.from({ length: 60 }, (_, i) => ((i * 7) % 11) - 4);

describe('normalSf', () => {
  it('matches standard normal tail values', () => {
    expect(normalSf(0)).toBeCloseTo(0.5, 7);
    expect(normalSf(1.959963985)).toBeCloseTo(0.025, 7);
    expect(normalSf(-1)).toBeCloseTo(0.841344746, 7);
    expect(normalSf(3) / 0.0013498980316301).toBeCloseTo(1, 5);
  });
});

describe('wilcoxonSignedRank', () => {
  it('exact p on Darwin’s data equals scipy (W = 24, p = 0.041259765625)', () => {
    const r = wilcoxonSignedRank({ a: darwin, b: zeros(darwin.length) });
    expect(r.method).toBe('exact');
    expect(r.statistic).toBe(24);
    expect(r.wPlus).toBe(96);
    expect(r.pValue).toBeCloseTo(0.041259765625, 12);
  });
  it('normal approximation on Darwin’s data equals scipy, with and without continuity correction', () => {
    expect(wilcoxonSignedRank({ a: darwin, b: zeros(15), exact: false }).pValue).toBeCloseTo(
      0.04088813291185591,
      6
    );
    expect(
      wilcoxonSignedRank({ a: darwin, b: zeros(15), exact: false, correction: true }).pValue
    ).toBeCloseTo(0.043772323763041174, 6);
  });
  it.each([
    ['wilcox', false, 495, 0.020689043721346168],
    ['wilcox', true, 495, 0.020921122942308305],
    ['pratt', false, 605, 0.025429887575241682],
    ['pratt', true, 605, 0.025673502532287656],
    ['zsplit', false, 612.5, 0.02547496426074733],
    ['zsplit', true, 612.5, 0.025718877324223528]
  ] as const)(
    'ties and zeros, zeroMethod %s, correction %s: scipy gives W=%f, p=%f',
    (zeroMethod, correction, w, p) => {
      const r = wilcoxonSignedRank({ a: tied, b: zeros(60), zeroMethod, correction, exact: false });
      expect(r.statistic).toBe(w);
      expect(r.pValue).toBeCloseTo(p, 6);
    }
  );
  it('is symmetric in a and b and pairs values', () => {
    const a = [0.2, 0.4, 0.4, 0.6, 0.0, 0.8];
    const b = [0.0, 0.2, 0.6, 0.2, 0.0, 0.2];
    const ab = wilcoxonSignedRank({ a, b });
    const ba = wilcoxonSignedRank({ a: b, b: a });
    expect(ab.pValue).toBeCloseTo(ba.pValue, 12);
    expect(ab.wPlus).toBe(ba.wMinus);
    expect(ab.nZeros).toBe(1);
  });
  it('exact with ties equals a brute-force enumeration of all sign flips', () => {
    const d = [1, 1, 2, 3, 3, 3, -1, -2, 4, -4, 5, 2];
    const r = wilcoxonSignedRank({ a: d, b: zeros(d.length) });
    expect(r.method).toBe('exact');
    // brute force over 2^12 sign patterns of the observed average ranks
    const abs = d.map(Math.abs);
    const ranks = abs.map((v) => {
      const less = abs.filter((x) => x < v).length;
      const eq = abs.filter((x) => x === v).length;
      return less + (eq + 1) / 2;
    });
    const wObs = ranks.reduce((s, rk, k) => s + (d[k] > 0 ? rk : 0), 0);
    let le = 0,
      ge = 0;
    const total = 1 << d.length;
    for (let mask = 0; mask < total; mask++) {
      let w = 0;
      for (let k = 0; k < d.length; k++) if (mask & (1 << k)) w += ranks[k];
      if (w <= wObs + 1e-9) le++;
      if (w >= wObs - 1e-9) ge++;
    }
    expect(r.wPlus).toBeCloseTo(wObs, 12);
    expect(r.pValue).toBeCloseTo(Math.min(1, (2 * Math.min(le, ge)) / total), 12);
  });
  it('gives p = 1 when every difference is zero and drops NaN pairs', () => {
    expect(wilcoxonSignedRank({ a: [1, 2], b: [1, 2] }).pValue).toBe(1);
    const r = wilcoxonSignedRank({ a: [...darwin, NaN], b: [...zeros(15), 0] });
    expect(r.n).toBe(15);
  });
});

describe('pairedBootstrap', () => {
  it('a constant difference gives a zero-width interval at that difference', () => {
    const r = pairedBootstrap({ a: [3, 4, 5, 6], b: [1, 2, 3, 4], iterations: 200 });
    expect([r.meanDiff, r.lower, r.upper]).toEqual([2, 2, 2]);
    expect(r.shareAboveZero).toBe(1);
  });
  it('is reproducible per seed and differs across seeds', () => {
    const rng = createRng(3);
    const a = Array.from({ length: 300 }, () => rng.next());
    const b = Array.from({ length: 300 }, () => rng.next());
    const r1 = pairedBootstrap({ a, b, seed: 7, iterations: 500 });
    expect(pairedBootstrap({ a, b, seed: 7, iterations: 500 })).toEqual(r1);
    expect(pairedBootstrap({ a, b, seed: 8, iterations: 500 }).lower).not.toBe(r1.lower);
  });
  it('matches the normal-theory interval mean ± 1.96·sd/√n on a large sample', () => {
    const rng = createRng(11);
    const n = 4000;
    const a = Array.from({ length: n }, () => 0.1 + rng.normal());
    const b = zeros(n);
    const r = pairedBootstrap({ a, b, iterations: 2000, seed: 1 });
    const mean = a.reduce((s, x) => s + x, 0) / n;
    const sd = Math.sqrt(a.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
    const half = (1.96 * sd) / Math.sqrt(n);
    expect(r.meanDiff).toBeCloseTo(mean, 12);
    expect(Math.abs(r.lower - (mean - half))).toBeLessThan(0.15 * half);
    expect(Math.abs(r.upper - (mean + half))).toBeLessThan(0.15 * half);
  });
  it('quantileSorted interpolates linearly (R type 7)', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
  });
  it('rejects unequal lengths and bad confidence', () => {
    expect(() => pairedBootstrap({ a: [1], b: [1, 2] })).toThrow(/same users/);
    expect(() => pairedBootstrap({ a: [1], b: [1], confidence: 1 })).toThrow(/confidence/);
  });
});

describe('compareModels', () => {
  it('runs both tests on one metric and checks the users match', () => {
    const users = Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    const a = { users, values: { 'precision@5': Float64Array.from(darwin) } };
    const b = { users, values: { 'precision@5': zeros(15) } };
    const r = compareModels({ a, b, metric: 'precision@5', iterations: 300 });
    expect(r.wilcoxon.pValue).toBeCloseTo(0.041259765625, 12);
    expect(r.meanA - r.meanB).toBeCloseTo(r.bootstrap.meanDiff, 12);
    expect(() =>
      compareModels({ a, b: { users: users.map((u) => u + 1), values: b.values }, metric: 'precision@5' })
    ).toThrow(/different users/);
    expect(() => compareModels({ a, b, metric: 'auc' })).toThrow(/missing/);
  });
});
