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
