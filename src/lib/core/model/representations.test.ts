import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng.ts';
import type { CsrMatrix } from '../types.ts';
import { ItemReps } from './item-side.ts';
import { representAll } from './representations.ts';

/** The plain form the one row routine must reproduce bit for bit: fill 0, then += per feature on float32. */
function naive(x: CsrMatrix, emb: Float32Array, bias: Float32Array, d: number) {
  const vec = new Float32Array(x.nRows * d);
  const b = new Float32Array(x.nRows);
  for (let r = 0; r < x.nRows; r++) {
    let bs = 0;
    for (let p = x.indptr[r]; p < x.indptr[r + 1]; p++) {
      const f = x.indices[p];
      for (let c = 0; c < d; c++) vec[r * d + c] += x.values[p] * emb[f * d + c];
      bs += x.values[p] * bias[f];
    }
    b[r] = bs;
  }
  return { vec, bias: b };
}

describe('representRow (the one representation routine: representRows, representAll, ItemReps)', () => {
  it('gives the bits of float32 accumulation feature by feature, for 0..5 features, negative weights and zeros', () => {
    const rng = createRng(4);
    const d = 7;
    const nCols = 9;
    const indptr = [0];
    const indices: number[] = [];
    const values: number[] = [];
    for (let r = 0; r < 40; r++) {
      const n = r % 6;
      for (let k = 0; k < n; k++) {
        indices.push((r + 2 * k) % nCols);
        values.push((k === 0 && r % 3 === 1) || (k === 1 && r % 4 === 0) ? -0.5 : rng.next());
      }
      indptr.push(indices.length);
    }
    const x: CsrMatrix = {
      nRows: 40,
      nCols,
      indptr: Int32Array.from(indptr),
      indices: Int32Array.from(indices),
      values: Float32Array.from(values)
    };
    const emb = Float32Array.from({ length: nCols * d }, (_, k) => (k % 5 === 0 ? 0 : rng.next() - 0.5));
    const bias = Float32Array.from({ length: nCols }, (_, k) => (k % 3 === 0 ? 0 : rng.next() - 0.5));
    const want = naive(x, emb, bias, d);
    const got = representAll(x, emb, bias, d);
    const reps = new ItemReps(x, d);
    reps.begin();
    for (let r = 0; r < x.nRows; r++) reps.ensure(r, emb, bias);
    for (let k = 0; k < want.vec.length; k++) {
      expect(Object.is(got.vec[k], want.vec[k])).toBe(true);
      expect(Object.is(reps.vec[k], want.vec[k])).toBe(true);
    }
    for (let r = 0; r < x.nRows; r++) {
      expect(Object.is(got.bias[r], want.bias[r])).toBe(true);
      expect(Object.is(reps.bias[r], want.bias[r])).toBe(true);
    }
  });
});
