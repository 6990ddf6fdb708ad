import type { CsrMatrix } from '../types.ts';
import type { RowGradients } from './row-gradients.ts';

/**
 * Spreads one sample's gradient on a representation (p_u or q_i) onto the feature rows it is
 * made of: ∂p/∂e_f = X[row, f], so feature f receives X[row,f]·gradient, as one per-sample
 * contribution (lightfm-spec.md §4 step rule).
 */
export function addToFeatureRows(
  x: CsrMatrix,
  row: number,
  grads: RowGradients,
  scale: number,
  vec: Float32Array,
  off: number
): void {
  for (let p = x.indptr[row]; p < x.indptr[row + 1]; p++)
    grads.addScaled(x.indices[p], scale * x.values[p], vec, off);
}

/** As addToFeatureRows with the gradient scale·(a − b), without a temporary vector. */
export function addDiffToFeatureRows(
  x: CsrMatrix,
  row: number,
  grads: RowGradients,
  scale: number,
  a: Float32Array,
  aOff: number,
  b: Float32Array,
  bOff: number
): void {
  for (let p = x.indptr[row]; p < x.indptr[row + 1]; p++)
    grads.addScaledDiff(x.indices[p], scale * x.values[p], a, aOff, b, bOff);
}

/** Bias gradient g on the representation's bias: feature f receives X[row,f]·g. */
export function addToBiasRows(x: CsrMatrix, row: number, grads: RowGradients, g: number): void {
  for (let p = x.indptr[row]; p < x.indptr[row + 1]; p++) grads.addScalar(x.indices[p], g * x.values[p]);
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
