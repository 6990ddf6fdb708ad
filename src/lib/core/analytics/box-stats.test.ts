import { describe, expect, it } from 'vitest';
import { boxStats } from './box-stats.ts';
import { quantiles } from '../features/usage-stats.ts';

describe('boxStats: what a box plot draws, computed ahead', () => {
  it('quartiles, median and mean of 1..9 plus an outlier; whiskers stop at the last value inside 1.5 IQR', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 100];
    const b = boxStats(values)!;
    const [q1, med, q3] = quantiles(Float64Array.from(values), [0.25, 0.5, 0.75]);
    expect(b).toMatchObject({ q1, median: med, q3, n: 10 });
    expect(b.q1).toBeCloseTo(3.25);
    expect(b.median).toBeCloseTo(5.5);
    expect(b.q3).toBeCloseTo(7.75);
    expect(b.mean).toBeCloseTo(14.5);
    // IQR 4.5: fences at −3.5 and 14.5; 100 is an outlier, so the upper whisker ends at 9.
    expect(b.lowerFence).toBe(1);
    expect(b.upperFence).toBe(9);
  });

  it('describes only the values kept (a log axis keeps positive ones), in any order', () => {
    const b = boxStats(new Float32Array([5, 0, -1, 1, 3, NaN]), (v) => v > 0)!;
    expect(b).toMatchObject({ n: 3, q1: 2, median: 3, q3: 4, lowerFence: 1, upperFence: 5, mean: 3 });
    expect(boxStats([0, -2], (v) => v > 0)).toBeNull();
    expect(boxStats([])).toBeNull();
  });
});
