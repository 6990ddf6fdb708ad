import type { CsrMatrix } from '../types.ts';
import { representRow } from './representations.ts';
import type { RowGradients } from './row-gradients.ts';

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
    this.bias[i] = representRow(this.x, emb, bias, this.d, i, this.vec, i * this.d);
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
