import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng.ts';
import { pca2d, projectPca } from './pca.ts';

describe('pca2d', () => {
  it('recovers the two main directions and their variance shares', () => {
    const rng = createRng(4);
    const d = 6,
      n = 400;
    const u1 = [1, 1, 0, 0, 0, 0].map((x) => x / Math.SQRT2);
    const u2 = [0, 0, 1, -1, 0, 0].map((x) => x / Math.SQRT2);
    const rows = new Float64Array(n * d);
    for (let r = 0; r < n; r++) {
      const a = 3 * rng.normal(),
        b = rng.normal();
      for (let c = 0; c < d; c++) rows[r * d + c] = 5 + a * u1[c] + b * u2[c] + 0.01 * rng.normal();
    }
    const p = pca2d({ rows, d });
    const dot = (x: ArrayLike<number>, y: number[]) => y.reduce((s, v, c) => s + v * x[c], 0);
    expect(Math.abs(dot(p.axes[0], u1))).toBeCloseTo(1, 4);
    expect(Math.abs(dot(p.axes[1], u2))).toBeCloseTo(1, 4);
    expect(p.explained[0]).toBeGreaterThan(0.85);
    expect(p.explained[0] + p.explained[1]).toBeGreaterThan(0.99);
    // Projecting the fitted rows again gives the same coordinates; signs are deterministic.
    expect([...projectPca(p, rows, d)]).toEqual([...p.coords]);
    expect(pca2d({ rows, d, seed: 99 }).axes[0][0]).toBeCloseTo(p.axes[0][0], 6);
  });
  it('handles rank-1 data without NaN', () => {
    const p = pca2d({ rows: [0, 0, 1, 1, 2, 2], d: 2 });
    expect(p.coords.every((v) => Number.isFinite(v))).toBe(true);
    expect(p.explained[0]).toBeCloseTo(1, 9);
  });
});
