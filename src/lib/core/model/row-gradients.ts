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
  nTouched = 0;
  // Allocated on first use: the fused WebAssembly kernels keep their own gradient sums, so a run
  // on them never touches these, and at 1M customers × 64 components they would be ~0.5 GB.
  #buffers: { sum: Float32Array; sumSq: Float32Array; touched: Int32Array; mark: Uint8Array } | null = null;

  constructor(
    readonly rows: number,
    readonly width: number
  ) {}

  /** Whether the buffers exist yet (they appear on the first access). */
  get allocated(): boolean {
    return this.#buffers !== null;
  }

  private get buffers() {
    this.#buffers ??= {
      sum: new Float32Array(this.rows * this.width),
      sumSq: new Float32Array(this.rows * this.width),
      touched: new Int32Array(this.rows),
      mark: new Uint8Array(this.rows)
    };
    return this.#buffers;
  }

  get sum(): Float32Array {
    return this.buffers.sum;
  }
  get sumSq(): Float32Array {
    return this.buffers.sumSq;
  }
  /** Rows touched since the last clear, in first-touch order. */
  get touched(): Int32Array {
    return this.buffers.touched;
  }
  private get mark(): Uint8Array {
    return this.buffers.mark;
  }

  private touch(row: number): void {
    const { mark, touched } = this.buffers;
    if (mark[row] === 0) {
      mark[row] = 1;
      touched[this.nTouched++] = row;
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
  addScaledDiff(
    row: number,
    scale: number,
    a: Float32Array,
    aOff: number,
    b: Float32Array,
    bOff: number
  ): void {
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

  /**
   * Adds precomputed per-sample contributions: sum += w·g[off..], sumSq += w²·g2[off..]. With
   * g2 = g⊙g this is one per-sample call of `addScaled`; with g, g2 sums of several per-sample
   * gradients and their squares (grouped by representation row, see ItemGradients) it is the
   * same rule applied to each of them, because the feature weight w is shared by the group.
   */
  addPair(row: number, w: number, g: Float32Array, g2: Float32Array, off: number): void {
    this.touch(row);
    const width = this.width;
    const base = row * width;
    const s = this.sum;
    const q = this.sumSq;
    const w2 = w * w;
    for (let c = 0; c < width; c++) {
      s[base + c] += w * g[off + c];
      q[base + c] += w2 * g2[off + c];
    }
  }

  /** addPair(r0, w0, g, g2, 0) then addPair(r1, w1, g, g2, 0) in one pass (r0 ≠ r1). */
  addPair2(r0: number, w0: number, r1: number, w1: number, g: Float32Array, g2: Float32Array): void {
    const mark = this.mark;
    if (mark[r0] === 0 && mark[r1] !== 0) {
      // r0 is first touched here, so its sums are zero: 0 + x = x, store instead of add (the
      // user's own identity row, while shared feature rows already hold sums).
      this.touch(r0);
      const width = this.width;
      const b0 = r0 * width;
      const b1 = r1 * width;
      const s = this.sum;
      const q = this.sumSq;
      const v0 = w0 * w0;
      const v1 = w1 * w1;
      for (let c = 0; c < width; c++) {
        const gc = g[c];
        const hc = g2[c];
        s[b0 + c] = w0 * gc;
        q[b0 + c] = v0 * hc;
        s[b1 + c] += w1 * gc;
        q[b1 + c] += v1 * hc;
      }
      return;
    }
    this.touch(r0);
    this.touch(r1);
    const width = this.width;
    const b0 = r0 * width;
    const b1 = r1 * width;
    const s = this.sum;
    const q = this.sumSq;
    const v0 = w0 * w0;
    const v1 = w1 * w1;
    for (let c = 0; c < width; c++) {
      const gc = g[c];
      const hc = g2[c];
      s[b0 + c] += w0 * gc;
      q[b0 + c] += v0 * hc;
      s[b1 + c] += w1 * gc;
      q[b1 + c] += v1 * hc;
    }
  }

  /** addPair2(r0, w0, r1, w1, g, g2) then addPair2(r2, w2, r3, w3, g, g2) in one pass. */
  addPair4(
    r0: number,
    w0: number,
    r1: number,
    w1: number,
    r2: number,
    w2: number,
    r3: number,
    w3: number,
    g: Float32Array,
    g2: Float32Array
  ): void {
    this.touch(r0);
    this.touch(r1);
    this.touch(r2);
    this.touch(r3);
    const width = this.width;
    const b0 = r0 * width;
    const b1 = r1 * width;
    const b2 = r2 * width;
    const b3 = r3 * width;
    const s = this.sum;
    const q = this.sumSq;
    const v0 = w0 * w0;
    const v1 = w1 * w1;
    const v2 = w2 * w2;
    const v3 = w3 * w3;
    for (let c = 0; c < width; c++) {
      const gc = g[c];
      const hc = g2[c];
      s[b0 + c] += w0 * gc;
      q[b0 + c] += v0 * hc;
      s[b1 + c] += w1 * gc;
      q[b1 + c] += v1 * hc;
      s[b2 + c] += w2 * gc;
      q[b2 + c] += v2 * hc;
      s[b3 + c] += w3 * gc;
      q[b3 + c] += v3 * hc;
    }
  }

  /** Width-1 form of addPair: sum += w·g, sumSq += w²·g2. */
  addScalarPair(row: number, w: number, g: number, g2: number): void {
    this.touch(row);
    this.sum[row] += w * g;
    this.sumSq[row] += w * w * g2;
  }

  /** Adds one scalar per-sample gradient to `row` of a width-1 block (biases). */
  addScalar(row: number, g: number): void {
    this.touch(row);
    this.sum[row] += g;
    this.sumSq[row] += g * g;
  }

  /** Forgets the touched rows without zeroing them (for a caller that already zeroed their sums). */
  clearTouchedMarks(): void {
    for (let t = 0; t < this.nTouched; t++) this.mark[this.touched[t]] = 0;
    this.nTouched = 0;
  }
}
