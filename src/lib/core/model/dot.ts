/**
 * The dot products of the reference steps. Each path keeps its own summation order because the
 * order fixes the float rounding, and with it the bits a seed reproduces (resume, parity, the
 * kernels' tests): `dot` for the TF.js paths' float32 rows (logistic, exact WARP/k-OS), `dotAt`
 * for the sampled pairwise steps (mirrored lane for lane by simd-dot.wat, and by dotRow in
 * batch-scratch.ts), `dot2` for Hybrid Deep's tower outputs.
 */

/** a[aOff..aOff+d) · b[bOff..bOff+d) */
export function dot(a: Float32Array, aOff: number, b: Float32Array, bOff: number, d: number): number {
  let s = 0;
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

/** a[aOff..aOff+d) · b[bOff..bOff+d) with two partial sums (Hybrid Deep's sampled search). */
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
