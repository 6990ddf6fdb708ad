import type { CsrMatrix } from '../types.ts';

/**
 * Representations p = Σ_f X[r,f]·e_f and b = Σ_f X[r,f]·β_f (lightfm-spec.md §1), computed in
 * JS from the sparse feature rows. Each row has a handful of features, so this is
 * O(rows · nnz/row · d): measured cheaper than tf.gather on WASM (8192 gathered rows of 64
 * took ~25 ms there, this loop ~1 ms), and it keeps tf.gather's missing WASM gradient out of
 * the picture. The dense catalogue scoring that follows is what runs in TF.js.
 */
export function representRows(
  x: CsrMatrix,
  emb: Float32Array,
  bias: Float32Array,
  d: number,
  rows: ArrayLike<number>,
  count: number,
  outVec: Float32Array,
  outBias: Float32Array
): void {
  const { indptr, indices, values } = x;
  for (let b = 0; b < count; b++) {
    const r = rows[b];
    const o = b * d;
    outVec.fill(0, o, o + d);
    let bs = 0;
    for (let p = indptr[r]; p < indptr[r + 1]; p++) {
      const f = indices[p];
      const w = values[p];
      const e = f * d;
      for (let c = 0; c < d; c++) outVec[o + c] += w * emb[e + c];
      bs += w * bias[f];
    }
    outBias[b] = bs;
  }
}

/** Representations of every row of x (n × d and n). */
export function representAll(
  x: CsrMatrix,
  emb: Float32Array,
  bias: Float32Array,
  d: number
): { vec: Float32Array; bias: Float32Array } {
  const n = x.nRows;
  const vec = new Float32Array(n * d);
  const b = new Float32Array(n);
  const ids = new Int32Array(n);
  for (let r = 0; r < n; r++) ids[r] = r;
  representRows(x, emb, bias, d, ids, n, vec, b);
  return { vec, bias: b };
}

/** a[aOff..aOff+d) · b[bOff..bOff+d) */
export function dot(a: Float32Array, aOff: number, b: Float32Array, bOff: number, d: number): number {
  let s = 0;
  for (let c = 0; c < d; c++) s += a[aOff + c] * b[bOff + c];
  return s;
}
