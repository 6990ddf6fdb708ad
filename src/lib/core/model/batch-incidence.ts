import type { CsrMatrix } from '../types.ts';

/** Largest dense incidence (batch × distinct features) the full-tensor path uploads, in floats (64 MB). */
export const MAX_INCIDENCE = 2 ** 24;

/**
 * The feature rows of a batch's users as a dense count × m matrix M over the m distinct
 * features they use (M[b, k] = X[u_b, features[k]]), for the full-tensor path (tensor-pairwise.ts):
 * p = M·E[features], the gradient on those feature rows Mᵀ·g and the per-sample squares
 * (M∘M)ᵀ·g². Dense products over the batch's own features instead of segment sums over all of
 * them: WebGL's segment sum compares every entry with every segment (minutes per batch on a
 * software renderer at 5,000 feature rows); a matMul is what any accelerator does best.
 * `expand` maps every feature row to its column of M, or m (a zero row) where the batch has none.
 */
export class BatchIncidence {
  /** Distinct features of the batch, in order of first use (m of them). */
  readonly features: Int32Array;
  m = 0;
  /** count × m, row-major (only the first count·m values are meaningful). */
  readonly dense: Float32Array;
  /** Its transpose, m × count (built here: TF.js's transpose and transposed matMul are slow on WASM). */
  readonly denseT: Float32Array;
  /** Per feature row: its column of M, or m. */
  readonly expand: Int32Array;
  private readonly column: Int32Array;
  private count = 0;

  constructor(
    private readonly x: CsrMatrix,
    batchSize: number
  ) {
    let widest = 0;
    for (let r = 0; r < x.nRows; r++) widest = Math.max(widest, x.indptr[r + 1] - x.indptr[r]);
    const maxM = Math.min(x.nCols, batchSize * widest);
    if (batchSize * maxM > MAX_INCIDENCE) {
      const mb = Math.round((batchSize * maxM * 4) / 2 ** 20);
      throw new Error(
        `a batch's feature incidence could need ${mb} MB (${batchSize} samples × up to ${maxM} features); a smaller batch fits`
      );
    }
    this.features = new Int32Array(maxM);
    this.dense = new Float32Array(batchSize * maxM);
    this.denseT = new Float32Array(batchSize * maxM);
    this.column = new Int32Array(x.nCols).fill(-1);
    this.expand = new Int32Array(x.nCols);
  }

  /** Fills M for rows[0 .. count) (user indices), after clearing the previous batch's. */
  load(rows: Int32Array, count: number): void {
    this.clear();
    const { indptr, indices, values } = this.x;
    let m = 0;
    for (let b = 0; b < count; b++) {
      for (let p = indptr[rows[b]]; p < indptr[rows[b] + 1]; p++) {
        const f = indices[p];
        if (this.column[f] < 0) {
          this.column[f] = m;
          this.features[m++] = f;
        }
      }
    }
    this.m = m;
    this.count = count;
    for (let b = 0; b < count; b++) {
      for (let p = indptr[rows[b]]; p < indptr[rows[b] + 1]; p++) {
        const k = this.column[indices[p]];
        this.dense[b * m + k] += values[p];
        this.denseT[k * count + b] += values[p];
      }
    }
    this.expand.fill(m);
    for (let k = 0; k < m; k++) this.expand[this.features[k]] = k;
  }

  private clear(): void {
    this.dense.fill(0, 0, this.count * this.m);
    this.denseT.fill(0, 0, this.count * this.m);
    for (let k = 0; k < this.m; k++) this.column[this.features[k]] = -1;
  }
}
