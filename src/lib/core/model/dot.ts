/**
 * The dot products: the one home of every p·q loop in src/lib/core (the WebAssembly kernels
 * excepted). There are three summation orders, and each is kept because the order fixes the
 * float rounding, and with it the bits a seed reproduces (resume, parity, the kernels' tests):
 *
 * - `dot`: one running sum, term by term, from a start value. The TF.js paths' float32 rows
 *   (logistic, exact WARP/k-OS), and every score outside training (recommend's scoring and
 *   explanations, the towers in plain JS, the stepper, the analytics): `dot(…, b_u + b_i)` is
 *   b_u + b_i + p·q summed in that order.
 * - `dotAt`: four partial sums, for the sampled pairwise steps (mirrored lane for lane by
 *   simd-dot.wat, which batch-scratch.ts's dotRow picks when WebAssembly SIMD is there).
 * - `dot2`: two partial sums, for Hybrid Deep's sampled search over the tower outputs.
 */

/** init + a[aOff..aOff+d) · b[bOff..bOff+d), summed term by term from `init` (default 0). */
export function dot(
  a: ArrayLike<number>,
  aOff: number,
  b: ArrayLike<number>,
  bOff: number,
  d: number,
  init = 0
): number {
  let s = init;
  for (let c = 0; c < d; c++) s += a[aOff + c] * b[bOff + c];
  return s;
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

/** p[po..po+d) · q[qo..qo+d) with two partial sums (Hybrid Deep's sampled search). */
export function dot2(p: Float32Array, po: number, q: Float32Array, qo: number, d: number): number {
  let s0 = 0;
  let s1 = 0;
  let c = 0;
  for (; c + 1 < d; c += 2) {
    s0 += p[po + c] * q[qo + c];
    s1 += p[po + c + 1] * q[qo + c + 1];
  }
  for (; c < d; c++) s0 += p[po + c] * q[qo + c];
  return s0 + s1;
}

/** Row-major n × d → d × n: a column becomes a row, for a dot product or an upload (warp-step.ts). */
export function transpose(src: Float32Array, n: number, d: number): Float32Array {
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) out[c * n + i] = src[i * d + c];
  return out;
}
