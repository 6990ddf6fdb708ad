/**
 * Sparse per-row gradient sums for one parameter block (rows × width), collected over a batch.
 *
 * The batch step rule of lightfm-spec.md §4 needs, per parameter row r, both the summed
 * gradient Σ_k g_{r,k} and the summed per-sample squares Σ_k g²_{r,k}. Each `add*` call is one
 * per-sample contribution (one sample's pull on one feature row, in one role: user, positive
 * item or negative item, as LightFM's separate update calls), so squaring happens per call.
 * Only touched rows are visited when stepping or clearing, so a batch costs O(touched · width).
 */
export class RowGradients {
  readonly sum: Float32Array;
  readonly sumSq: Float32Array;
  /** Rows touched since the last clear, in first-touch order. */
  readonly touched: Int32Array;
  nTouched = 0;
  private readonly mark: Uint8Array;

  constructor(
    readonly rows: number,
    readonly width: number
  ) {
    this.sum = new Float32Array(rows * width);
    this.sumSq = new Float32Array(rows * width);
    this.touched = new Int32Array(rows);
    this.mark = new Uint8Array(rows);
  }

  private touch(row: number): void {
    if (this.mark[row] === 0) {
      this.mark[row] = 1;
      this.touched[this.nTouched++] = row;
    }
  }

  /** Adds the per-sample gradient scale·vec[off .. off+width) to `row`. */
  addScaled(row: number, scale: number, vec: Float32Array, off: number): void {
    this.touch(row);
    const w = this.width;
    const base = row * w;
    const s = this.sum;
    const q = this.sumSq;
    for (let c = 0; c < w; c++) {
      const g = scale * vec[off + c];
      s[base + c] += g;
      q[base + c] += g * g;
    }
  }

  /** Adds scale·(a[aOff..] − b[bOff..]) to `row` (the user-side WARP/BPR gradient). */
  addScaledDiff(row: number, scale: number, a: Float32Array, aOff: number, b: Float32Array, bOff: number): void {
    this.touch(row);
    const w = this.width;
    const base = row * w;
    const s = this.sum;
    const q = this.sumSq;
    for (let c = 0; c < w; c++) {
      const g = scale * (a[aOff + c] - b[bOff + c]);
      s[base + c] += g;
      q[base + c] += g * g;
    }
  }

  /** Adds one scalar per-sample gradient to `row` of a width-1 block (biases). */
  addScalar(row: number, g: number): void {
    this.touch(row);
    this.sum[row] += g;
    this.sumSq[row] += g * g;
  }

  /** Zeroes the touched rows only. */
  clear(): void {
    const w = this.width;
    for (let t = 0; t < this.nTouched; t++) {
      const row = this.touched[t];
      this.mark[row] = 0;
      this.sum.fill(0, row * w, row * w + w);
      this.sumSq.fill(0, row * w, row * w + w);
    }
    this.nTouched = 0;
  }
}
