import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng.ts';
import { dotAt } from './dot.ts';
import { createSimdDot } from './simd-dot.ts';

describe('WebAssembly SIMD dot product', () => {
  it('is bit-identical to the JS dot product (same sums in the same order)', () => {
    const d = 64;
    const nRows = 50;
    const simd = createSimdDot(nRows, d);
    expect(simd, 'Node 20 supports WebAssembly SIMD').not.toBeNull();
    const rng = createRng(11);
    for (let k = 0; k < simd!.rows.length; k++) simd!.rows[k] = Math.fround(rng.normal());
    for (let c = 0; c < d; c++) simd!.vec[c] = Math.fround(rng.normal() * 1e-3);
    const rows = Float64Array.from(simd!.rows);
    const vec = Float64Array.from(simd!.vec);
    for (let r = 0; r < nRows; r++) {
      const got = simd!.dot(simd!.vecByte, simd!.rowsByte + r * d * 8, d);
      expect(Object.is(got, dotAt(vec, rows, r * d, d))).toBe(true);
    }
  });
  it('declines sizes it cannot handle, so callers fall back to JS', () => {
    expect(createSimdDot(10, 6)).toBeNull();
    expect(createSimdDot(10, 0)).toBeNull();
  });
});
