import type { CsrMatrix } from '../types.ts';

/**
 * The representations p = Σ_f X[r,f]·e_f and b = Σ_f X[r,f]·β_f (lightfm-spec.md §1): the one
 * home of every Σ X·e loop in src/lib/core (the WebAssembly kernels excepted), in three roundings
 * kept apart because each fixes the bits its callers reproduce: representFloat32 (the model's;
 * representRow, representRows, representAll, ItemReps, the plain-JS towers' user), representInto
 * (the sampled steps' user side, pairs summed before rounding) and representFloat64 (recommend's
 * scores and explanations).
 */

/**
 * Rows of x into outVec/outBias, computed in JS from the sparse feature rows. Each row has a handful of features, so this is
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
  for (let b = 0; b < count; b++) outBias[b] = representRow(x, emb, bias, d, rows[b], outVec, b * d);
}

/**
 * One row of a CSR matrix: p = Σ_f X[row,f]·e_f into out[off..off+d), returning b = Σ_f
 * X[row,f]·β_f, with representFloat32's rounding (the model's own representation).
 */
export function representRow(
  x: CsrMatrix,
  emb: Float32Array,
  bias: Float32Array,
  d: number,
  row: number,
  out: Float32Array | Float64Array,
  off: number
): number {
  return representFloat32(x.indices, x.values, x.indptr[row], x.indptr[row + 1], emb, bias, d, out, off);
}

/**
 * The model's representation of one sparse row, features indices[start..end) with weights
 * values[start..end): p = Σ x_f·e_f into out[off..off+d), returning b = Σ x_f·β_f. Float32
 * accumulation feature by feature, each partial sum rounded to float32 (as `out[c] += w·e` on a
 * Float32Array), two features per pass (one load and store of out for two). `out` may be a
 * Float64Array, which then holds the float32-rounded values (ItemReps' lazy item side).
 */
export function representFloat32(
  indices: ArrayLike<number>,
  values: ArrayLike<number>,
  start: number,
  end: number,
  emb: Float32Array,
  bias: Float32Array,
  d: number,
  out: Float32Array | Float64Array,
  off: number
): number {
  const v = out;
  const o = off;
  let p = start;
  let bs = 0;
  // Same float32 accumulation, feature by feature, as v.fill(0) then v[o+c] += w·e_f per
  // feature (each += rounds to float32), but two features per pass: one load/store of v for two.
  // The first pass adds to 0 as that form does (0 + −0 = +0), so a zero comes out as +0.
  const fround = Math.fround;
  if (p + 1 < end) {
    const w0 = values[p];
    const w1 = values[p + 1];
    const e0 = indices[p] * d;
    const e1 = indices[p + 1] * d;
    for (let c = 0; c < d; c++) v[o + c] = fround(fround(0 + w0 * emb[e0 + c]) + w1 * emb[e1 + c]);
    bs = 0 + w0 * bias[indices[p]] + w1 * bias[indices[p + 1]];
    p += 2;
  } else if (p < end) {
    const w0 = values[p];
    const e0 = indices[p] * d;
    for (let c = 0; c < d; c++) v[o + c] = fround(0 + w0 * emb[e0 + c]);
    bs = 0 + w0 * bias[indices[p]];
    p++;
  } else {
    v.fill(0, o, o + d);
  }
  for (; p + 1 < end; p += 2) {
    const w0 = values[p];
    const w1 = values[p + 1];
    const e0 = indices[p] * d;
    const e1 = indices[p + 1] * d;
    for (let c = 0; c < d; c++) v[o + c] = fround(fround(v[o + c] + w0 * emb[e0 + c]) + w1 * emb[e1 + c]);
    bs += w0 * bias[indices[p]];
    bs += w1 * bias[indices[p + 1]];
  }
  if (p < end) {
    const w = values[p];
    const e = indices[p] * d;
    for (let c = 0; c < d; c++) v[o + c] = fround(v[o + c] + w * emb[e + c]);
    bs += w * bias[indices[p]];
  }
  return bs;
}

/**
 * representFloat32's sums in float64, rounded only where the caller stores them: out[off..off+d)
 * = Σ x_f·e_f and the returned b = Σ x_f·β_f, each a running sum feature by feature from 0.
 * What recommend/ scores and explains with (scoring.ts representations, scoreFeatureRow,
 * explain.ts), where no training run has to be reproduced.
 */
export function representFloat64(
  indices: ArrayLike<number>,
  values: ArrayLike<number>,
  start: number,
  end: number,
  emb: Float32Array,
  bias: Float32Array,
  d: number,
  out: Float64Array,
  off: number
): number {
  out.fill(0, off, off + d);
  let b = 0;
  for (let p = start; p < end; p++) {
    const f = indices[p];
    const x = values[p];
    b += x * bias[f];
    const e = f * d;
    for (let c = 0; c < d; c++) out[off + c] += x * emb[e + c];
  }
  return b;
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

/**
 * The sampled pairwise steps' user side (warp-sampled.ts, bpr-step.ts, and the kernels that
 * mirror them): p = Σ_f X[row,f]·e_f into out[0..d), no bias (pairwise losses cancel it). Its
 * rounding differs from representFloat32 on purpose: each pair of features is summed in float64
 * before the float32 rounding, half the stores of a pass per feature (measured ~1.3× at d = 64,
 * 8 features); the seeds' reproduced bits depend on it.
 */
export function representInto(
  x: CsrMatrix,
  emb: Float32Array,
  d: number,
  row: number,
  out: Float64Array
): void {
  const { indptr, indices, values } = x;
  let p = indptr[row];
  const end = indptr[row + 1];
  // out holds float32-rounded values (as a Float32Array would) in doubles, for dotAt.
  const fround = Math.fround;
  // The first pass stores instead of adding to zeros (0 + x = x): no fill, no loads of out.
  if (p + 1 < end) {
    const w0 = values[p];
    const e0 = indices[p] * d;
    const w1 = values[p + 1];
    const e1 = indices[p + 1] * d;
    for (let c = 0; c < d; c++) out[c] = fround(w0 * emb[e0 + c] + w1 * emb[e1 + c]);
    p += 2;
  } else {
    if (p < end) {
      const w = values[p];
      const e = indices[p] * d;
      for (let c = 0; c < d; c++) out[c] = fround(w * emb[e + c]);
    } else out.fill(0);
    return;
  }
  // Two pair steps per pass (each still rounded to float32): half the loads and stores of out.
  for (; p + 3 < end; p += 4) {
    const w0 = values[p];
    const e0 = indices[p] * d;
    const w1 = values[p + 1];
    const e1 = indices[p + 1] * d;
    const w2 = values[p + 2];
    const e2 = indices[p + 2] * d;
    const w3 = values[p + 3];
    const e3 = indices[p + 3] * d;
    for (let c = 0; c < d; c++)
      out[c] = fround(
        fround(out[c] + (w0 * emb[e0 + c] + w1 * emb[e1 + c])) + (w2 * emb[e2 + c] + w3 * emb[e3 + c])
      );
  }
  for (; p + 1 < end; p += 2) {
    const w0 = values[p];
    const e0 = indices[p] * d;
    const w1 = values[p + 1];
    const e1 = indices[p + 1] * d;
    for (let c = 0; c < d; c++) out[c] = fround(out[c] + (w0 * emb[e0 + c] + w1 * emb[e1 + c]));
  }
  if (p < end) {
    const w = values[p];
    const e = indices[p] * d;
    for (let c = 0; c < d; c++) out[c] = fround(out[c] + w * emb[e + c]);
  }
}
