import type { CsrMatrix } from '../types.ts';
import type { RowGradients } from './row-gradients.ts';
import { createSimdDot, type SimdDot } from './simd-dot.ts';

/**
 * Item representations q_i, b_i computed lazily within a batch: only the items a batch reads
 * (positives, sampled candidates) are represented, once each, from the parameters as they were
 * at the start of the batch. `begin()` invalidates them after a parameter step.
 *
 * `vec` holds float32-rounded values (each step rounds as a Float32Array store would) in a
 * Float64Array: the dot products read doubles without a conversion per load (~1.6× faster at
 * d = 64) and see exactly the values a Float32Array would hold.
 */
export class ItemReps {
  readonly vec: Float64Array;
  readonly bias: Float32Array;
  private readonly stamp: Int32Array;
  private epoch = 0;

  constructor(
    private readonly x: CsrMatrix,
    readonly d: number,
    vec?: Float64Array
  ) {
    this.vec = vec ?? new Float64Array(x.nRows * d);
    this.bias = new Float32Array(x.nRows);
    this.stamp = new Int32Array(x.nRows);
  }

  /** Starts a batch: every representation must be recomputed from `emb`/`bias`. */
  begin(): void {
    this.epoch++;
  }

  /** Makes q_i, b_i current (computed from `emb`, `bias` at most once per batch). */
  ensure(i: number, emb: Float32Array, bias: Float32Array): void {
    if (this.stamp[i] === this.epoch) return;
    this.stamp[i] = this.epoch;
    const d = this.d;
    const { indptr, indices, values } = this.x;
    const v = this.vec;
    const o = i * d;
    const end = indptr[i + 1];
    let p = indptr[i];
    let bs = 0;
    // Same float32 accumulation, feature by feature, as v.fill(0) then v[o+c] += w·e_f per
    // feature (each += rounds to float32), but two features per pass: one load/store of v for two.
    const fround = Math.fround;
    if (p + 1 < end) {
      const w0 = values[p];
      const w1 = values[p + 1];
      const e0 = indices[p] * d;
      const e1 = indices[p + 1] * d;
      for (let c = 0; c < d; c++) v[o + c] = fround(fround(w0 * emb[e0 + c]) + w1 * emb[e1 + c]);
      bs = w0 * bias[indices[p]] + w1 * bias[indices[p + 1]];
      p += 2;
    } else if (p < end) {
      const w0 = values[p];
      const e0 = indices[p] * d;
      for (let c = 0; c < d; c++) v[o + c] = fround(w0 * emb[e0 + c]);
      bs = w0 * bias[indices[p]];
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
    this.bias[i] = bs;
  }
}

/**
 * Per-sample gradients on item representations, grouped by item before they are spread onto
 * the item's feature rows. The per-sample rule of lightfm-spec.md §4 needs, for feature f,
 * Σ_k X[i_k,f]·g_k and Σ_k X[i_k,f]²·g_k². Grouping the samples k by their item i factors X[i,f]
 * out: Σ_i X[i,f]·(Σ_{k∈i} g_k) and Σ_i X[i,f]²·(Σ_{k∈i} g_k²), exactly. A sample then costs
 * 2·d per item role instead of 2·d per (item role × feature), and the spreading costs
 * touched items × features × d once per batch.
 */
export class ItemGradients {
  readonly sum: Float32Array;
  readonly sumSq: Float32Array;
  readonly biasSum: Float32Array;
  readonly biasSumSq: Float32Array;
  private readonly touched: Int32Array;
  private readonly mark: Uint8Array;
  private nTouched = 0;

  constructor(
    readonly nItems: number,
    readonly d: number
  ) {
    this.sum = new Float32Array(nItems * d);
    this.sumSq = new Float32Array(nItems * d);
    this.biasSum = new Float32Array(nItems);
    this.biasSumSq = new Float32Array(nItems);
    this.touched = new Int32Array(nItems);
    this.mark = new Uint8Array(nItems);
  }

  /** Remembers that item i has gradients this batch (once). */
  private touch(i: number): void {
    if (this.mark[i] === 0) {
      this.mark[i] = 1;
      this.touched[this.nTouched++] = i;
    }
  }

  /**
   * The pairwise losses' item side in one pass over p: −c·p on q_i and +c·p on q_j (biases ∓c),
   * with the per-sample squares c²·(p⊙p), p⊙p rounded to float32.
   */
  addPair(i: number, j: number, c: number, p: Float64Array): void {
    const mark = this.mark;
    if (mark[i] === 0) {
      mark[i] = 1;
      this.touched[this.nTouched++] = i;
    }
    if (mark[j] === 0) {
      mark[j] = 1;
      this.touched[this.nTouched++] = j;
    }
    const d = this.d;
    const oi = i * d;
    const oj = j * d;
    const s = this.sum;
    const q = this.sumSq;
    const nc = -c;
    const c2 = c * c;
    const fround = Math.fround;
    for (let k = 0; k < d; k++) {
      const pk = p[k];
      const p2k = fround(pk * pk);
      s[oi + k] += nc * pk;
      q[oi + k] += c2 * p2k;
      s[oj + k] += c * pk;
      q[oj + k] += c2 * p2k;
    }
    const bs = this.biasSum;
    const bq = this.biasSumSq;
    bs[i] += nc;
    bq[i] += c2;
    bs[j] += c;
    bq[j] += c2;
  }

  /** One per-sample gradient g[off..off+d) on q_i (g2 = g⊙g) and the scalar gb on b_i. */
  addVec(i: number, g: Float32Array, g2: Float32Array, off: number, gb: number): void {
    this.touch(i);
    const d = this.d;
    const o = i * d;
    const s = this.sum;
    const q = this.sumSq;
    for (let k = 0; k < d; k++) {
      s[o + k] += g[off + k];
      q[o + k] += g2[off + k];
    }
    this.biasSum[i] += gb;
    this.biasSumSq[i] += gb * gb;
  }

  /** Spreads the grouped sums onto the item feature rows (x) and clears. */
  spread(x: CsrMatrix, emb: RowGradients, bias: RowGradients): void {
    const d = this.d;
    const { indptr, indices, values } = x;
    for (let t = 0; t < this.nTouched; t++) {
      const i = this.touched[t];
      for (let p = indptr[i]; p < indptr[i + 1]; p++) {
        const f = indices[p];
        const w = values[p];
        emb.addPair(f, w, this.sum, this.sumSq, i * d);
        bias.addScalarPair(f, w, this.biasSum[i], this.biasSumSq[i]);
      }
      this.mark[i] = 0;
      this.sum.fill(0, i * d, i * d + d);
      this.sumSq.fill(0, i * d, i * d + d);
      this.biasSum[i] = 0;
      this.biasSumSq[i] = 0;
    }
    this.nTouched = 0;
  }
}

/** Per-run scratch for the JS batch paths (BPR, sampled WARP). */
export interface FastScratch {
  items: ItemReps;
  itemGrads: ItemGradients;
  /** One user representation (d, float32-rounded values in doubles), its gradient g and g⊙g. */
  p: Float64Array;
  g: Float32Array;
  g2: Float32Array;
  /** WebAssembly SIMD dot over `items.vec` and `p` (which then live in its memory), or null. */
  simd: SimdDot | null;
}

export function createFastScratch(itemX: CsrMatrix, nItems: number, d: number): FastScratch {
  const simd = createSimdDot(itemX.nRows, d);
  return {
    items: new ItemReps(itemX, d, simd?.rows),
    itemGrads: new ItemGradients(nItems, d),
    p: simd?.vec ?? new Float64Array(d),
    g: new Float32Array(d),
    g2: new Float32Array(d),
    simd
  };
}

/** p · q_row (the score without bias) for the scratch's p and item representations: SIMD when available, else dotAt, same value. */
export function dotRow(f: FastScratch, row: number, d: number): number {
  const simd = f.simd;
  return simd !== null
    ? simd.dot(simd.vecByte, simd.rowsByte + row * d * 8, d)
    : dotAt(f.p, f.items.vec, row * d, d);
}

/**
 * p = Σ_f X[row,f]·e_f into out[0..d) (the bias is not needed by pairwise losses). Two feature
 * rows per pass: half the stores of a pass per feature (measured ~1.3× at d = 64, 8 features).
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

/**
 * The user-side per-sample gradient g = c·(q_a − q_b) onto every feature row of `row`
 * (lightfm-spec.md §4 step rule: each feature f receives X[row,f]·g, squared per sample).
 */
export function addUserPairGradient(
  x: CsrMatrix,
  row: number,
  grads: RowGradients,
  c: number,
  q: Float64Array,
  aOff: number,
  bOff: number,
  g: Float32Array,
  g2: Float32Array
): void {
  const d = g.length;
  for (let k = 0; k < d; k++) {
    const v = c * (q[aOff + k] - q[bOff + k]);
    g[k] = v;
    g2[k] = v * v;
  }
  const { indptr, indices, values } = x;
  let p = indptr[row];
  const end = indptr[row + 1];
  // Two or four feature rows per pass share the loads of g and g2.
  for (; p + 3 < end; p += 4) {
    grads.addPair4(
      indices[p],
      values[p],
      indices[p + 1],
      values[p + 1],
      indices[p + 2],
      values[p + 2],
      indices[p + 3],
      values[p + 3],
      g,
      g2
    );
  }
  for (; p + 1 < end; p += 2) grads.addPair2(indices[p], values[p], indices[p + 1], values[p + 1], g, g2);
  if (p < end) grads.addPair(indices[p], values[p], g, g2, 0);
}

/**
 * p[0..d) · q[o..o+d) with four partial sums (V8 does not vectorise; independent accumulators
 * roughly halve the time of the naive loop, measured at d = 64).
 */
export function dotAt(p: Float64Array, q: Float64Array, o: number, d: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let c = 0;
  // Eight per pass, each accumulator taking the same terms in the same order as a 4-wide pass.
  for (; c + 7 < d; c += 8) {
    const r = o + c;
    s0 += p[c] * q[r];
    s1 += p[c + 1] * q[r + 1];
    s2 += p[c + 2] * q[r + 2];
    s3 += p[c + 3] * q[r + 3];
    s0 += p[c + 4] * q[r + 4];
    s1 += p[c + 5] * q[r + 5];
    s2 += p[c + 6] * q[r + 6];
    s3 += p[c + 7] * q[r + 7];
  }
  for (; c + 3 < d; c += 4) {
    s0 += p[c] * q[o + c];
    s1 += p[c + 1] * q[o + c + 1];
    s2 += p[c + 2] * q[o + c + 2];
    s3 += p[c + 3] * q[o + c + 3];
  }
  for (; c < d; c++) s0 += p[c] * q[o + c];
  return s0 + s1 + (s2 + s3);
}
