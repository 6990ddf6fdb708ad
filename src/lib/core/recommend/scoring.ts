import type { CsrMatrix, FactorWeights, FeatureSpace } from '../types.ts';
import { CoreError } from '../types.ts';
import { dot } from '../model/dot.ts';
import { representFloat64 } from '../model/representations.ts';

/**
 * Plain-JS scoring of the bilinear hybrid model (lightfm-spec.md §1), no TF.js:
 * p_u = Σ_f X_U[u,f]·e_f, b_u = Σ_f X_U[u,f]·β_f (items likewise), score = b_u + b_i + p_u·q_i.
 * The sums themselves live in model/representations.ts (representFloat64) and model/dot.ts.
 */

/** Latent vectors (nRows × components, row-major) and biases of users or items. */
export interface Representations {
  nRows: number;
  components: number;
  vectors: Float32Array;
  biases: Float32Array;
}

/** A sparse feature row: column indices into a feature space and their values. */
export interface SparseRow {
  indices: ArrayLike<number>;
  values: ArrayLike<number>;
}

export interface RepresentationsOptions {
  features: CsrMatrix;
  /** nFeatures × components, row-major. */
  embeddings: Float32Array;
  /** nFeatures. */
  biases: Float32Array;
  components: number;
  /** Name for error messages ('user' or 'item'). Default 'feature'. */
  side?: string;
}

function checkShapes(
  nCols: number,
  embeddings: Float32Array,
  biases: Float32Array,
  d: number,
  side: string
): void {
  if (!Number.isInteger(d) || d <= 0)
    throw new CoreError('bad_model', `components must be a positive integer, got ${d}`);
  if (embeddings.length !== nCols * d || biases.length !== nCols) {
    throw new CoreError(
      'bad_model',
      `${side} weights do not fit the feature matrix: ${nCols} features × ${d} components needs ${nCols * d} embedding values and ${nCols} biases, got ${embeddings.length} and ${biases.length} (was the model trained with other features?)`
    );
  }
}

/** Representations of every row of a feature matrix: one sparse × dense product. */
export function representations(opts: RepresentationsOptions): Representations {
  const { features, embeddings, biases, components: d } = opts;
  checkShapes(features.nCols, embeddings, biases, d, opts.side ?? 'feature');
  const n = features.nRows;
  const vectors = new Float32Array(n * d);
  const out = new Float32Array(n);
  const acc = new Float64Array(d);
  const { indptr, indices, values } = features;
  for (let r = 0; r < n; r++) {
    out[r] = representFloat64(indices, values, indptr[r], indptr[r + 1], embeddings, biases, d, acc, 0);
    vectors.set(acc, r * d);
  }
  return { nRows: n, components: d, vectors, biases: out };
}

/** Row r of a feature matrix as a sparse row (views, no copy); a plain-words error when r is not a row. */
export function csrRow(m: CsrMatrix, r: number, side: string): SparseRow {
  if (!(Number.isInteger(r) && r >= 0 && r < m.nRows))
    throw new CoreError('bad_input', `${side} index ${r} is outside 0..${m.nRows - 1}`);
  return {
    indices: m.indices.subarray(m.indptr[r], m.indptr[r + 1]),
    values: m.values.subarray(m.indptr[r], m.indptr[r + 1])
  };
}

/** A plain-words error when a new customer's row names a user feature the model does not have. */
export function checkUserFeatures(row: SparseRow, weights: FactorWeights): void {
  const nF = weights.userBiases.length;
  for (let k = 0; k < row.indices.length; k++) {
    const f = row.indices[k];
    if (!(f >= 0 && f < nF))
      throw new CoreError('bad_input', `user feature index ${f} is outside the model's 0..${nF - 1}`);
  }
}

/**
 * A user's feature row: a known customer's row of the model's matrix, or a new customer's
 * sparse row (L1-normalised first when `normalize`, as scoreFeatureRow does), checked against
 * the model's user features.
 */
export function userFeatureRow(
  space: FeatureSpace,
  weights: FactorWeights,
  user: number | SparseRow,
  normalize: boolean
): SparseRow {
  const row =
    typeof user === 'number'
      ? csrRow(space.userFeatures, user, 'user')
      : normalize
        ? normalizeRow(user)
        : user;
  checkUserFeatures(row, weights);
  return row;
}

/** p = Σ x_f·e_f (float64, into a new array) and b = Σ x_f·β_f of one user's sparse row. */
export function representUser(
  weights: FactorWeights,
  row: SparseRow
): { vector: Float64Array; bias: number } {
  const d = weights.components;
  const vector = new Float64Array(d);
  const { userEmbeddings: e, userBiases: b } = weights;
  const bias = representFloat64(row.indices, row.values, 0, row.indices.length, e, b, d, vector, 0);
  return { vector, bias };
}

export interface ModelRepresentationsOptions {
  weights: FactorWeights;
  space: FeatureSpace;
}

/** Both sides' representations of a trained model over its feature space. */
export function modelRepresentations({ weights, space }: ModelRepresentationsOptions): {
  users: Representations;
  items: Representations;
} {
  const d = weights.components;
  return {
    users: representations({
      features: space.userFeatures,
      embeddings: weights.userEmbeddings,
      biases: weights.userBiases,
      components: d,
      side: 'user'
    }),
    items: representations({
      features: space.itemFeatures,
      embeddings: weights.itemEmbeddings,
      biases: weights.itemBiases,
      components: d,
      side: 'item'
    })
  };
}

export interface ScoreMatrixOptions {
  users: Representations;
  items: Representations;
  /** Score only these user rows, in this order (default: all). */
  userRows?: ArrayLike<number>;
}

/** Scores, (number of users) × nItems row-major, Float32 like a model's predictions. */
export function scoreMatrix({ users, items, userRows }: ScoreMatrixOptions): Float32Array {
  const d = users.components;
  if (items.components !== d)
    throw new CoreError(
      'bad_model',
      `user and item representations differ in components (${d} vs ${items.components})`
    );
  const nI = items.nRows;
  const rows = userRows ?? { length: users.nRows };
  const nU = rows.length;
  const out = new Float32Array(nU * nI);
  const Q = items.vectors;
  for (let k = 0; k < nU; k++) {
    const u = userRows ? userRows[k] : k;
    if (!(u >= 0 && u < users.nRows))
      throw new CoreError('bad_input', `user row ${u} is outside 0..${users.nRows - 1}`);
    const bu = users.biases[u];
    const off = k * nI;
    for (let i = 0; i < nI; i++) out[off + i] = dot(users.vectors, u * d, Q, i * d, d, bu + items.biases[i]);
  }
  return out;
}

/** Full score matrix of a trained model over its own users and items (nUsers × nItems). */
export function scoreAll(opts: ModelRepresentationsOptions): Float32Array {
  const { users, items } = modelRepresentations(opts);
  return scoreMatrix({ users, items });
}

export interface ScoreFeatureRowOptions {
  weights: FactorWeights;
  /** Item representations (from modelRepresentations), computed once per model. */
  items: Representations;
  /** The new customer's user-feature row (columns of the model's user feature space). */
  row: SparseRow;
  /** L1-normalise the row first, as LightFM's Dataset does for training rows. Default true. */
  normalize?: boolean;
}

/** Normalises a sparse row to unit L1 norm (returns a copy; an all-zero row is an error). */
export function normalizeRow(row: SparseRow): { indices: Int32Array; values: Float64Array } {
  let sum = 0;
  for (let k = 0; k < row.values.length; k++) sum += Math.abs(row.values[k]);
  if (!(sum > 0))
    throw new CoreError(
      'bad_input',
      'the feature row is empty: give the customer at least one known attribute'
    );
  return { indices: Int32Array.from(row.indices), values: Float64Array.from(row.values, (v) => v / sum) };
}

/** Scores of a new customer, from attributes alone, for every item (Float32Array of nItems). */
export function scoreFeatureRow(opts: ScoreFeatureRowOptions): Float32Array {
  const { weights, items } = opts;
  const row = (opts.normalize ?? true) ? normalizeRow(opts.row) : opts.row;
  checkUserFeatures(row, weights);
  return Float32Array.from(scoreUserRow(representUser(weights, row), items));
}

/** Scores of one user for every item: b_u + b_i + p·q, summed in that order (Float64Array of nItems). */
export function scoreUserRow(
  user: { vector: Float64Array; bias: number },
  items: Representations
): Float64Array {
  const d = items.components;
  if (user.vector.length !== d)
    throw new CoreError('bad_model', `user vector has ${user.vector.length} components, items ${d}`);
  const out = new Float64Array(items.nRows);
  for (let i = 0; i < items.nRows; i++)
    out[i] = dot(user.vector, 0, items.vectors, i * d, d, user.bias + items.biases[i]);
  return out;
}

export interface FeatureRowFromNamesOptions {
  /** The model's user feature names (FeatureSpace.userFeatureNames). */
  featureNames: readonly string[];
  /** Attribute features of the new customer, e.g. ['segment:business', ['data_gb', 0.4]]. */
  features: ReadonlyArray<string | readonly [string, number]>;
}

/**
 * Builds a sparse row from feature names. Unknown names are returned in `unknown` (not an
 * error: a model trained without a feature group simply ignores it; the page can say so).
 */
export function featureRowFromNames(opts: FeatureRowFromNamesOptions): { row: SparseRow; unknown: string[] } {
  const column = new Map<string, number>();
  opts.featureNames.forEach((n, i) => column.set(n, i));
  const acc = new Map<number, number>();
  const unknown: string[] = [];
  for (const f of opts.features) {
    const [name, w] = typeof f === 'string' ? [f, 1] : f;
    const c = column.get(name);
    if (c === undefined) unknown.push(name);
    else acc.set(c, (acc.get(c) ?? 0) + w);
  }
  const entries = [...acc.entries()].sort((a, b) => a[0] - b[0]);
  return {
    row: { indices: Int32Array.from(entries, (e) => e[0]), values: Float32Array.from(entries, (e) => e[1]) },
    unknown
  };
}

export interface TopNOptions {
  /** One row of scores (nItems) or a matrix with `user` given. */
  scores: ArrayLike<number>;
  nItems: number;
  /** Row of `scores` to use when it is a matrix. Default 0. */
  user?: number;
  /** How many items. Clamped to the number of candidates. */
  n: number;
  /** Items to leave out (e.g. the customer's current plans). */
  exclude?: ArrayLike<number>;
}

/** The n best items, best first; ties go to the lower item index (deterministic). */
export function topN(opts: TopNOptions): Int32Array {
  const { scores, nItems, n } = opts;
  const off = (opts.user ?? 0) * nItems;
  if (off + nItems > scores.length)
    throw new CoreError('bad_input', `user row ${opts.user} is outside the score matrix`);
  const skip = new Uint8Array(nItems);
  if (opts.exclude) for (let k = 0; k < opts.exclude.length; k++) skip[opts.exclude[k]] = 1;
  // Partial selection: keep a small sorted buffer (n is at most a few dozen here).
  const best: number[] = [];
  for (let i = 0; i < nItems; i++) {
    if (skip[i]) continue;
    const s = scores[off + i];
    if (best.length === n && !(s > scores[off + best[n - 1]])) continue;
    let pos = best.length;
    while (pos > 0 && s > scores[off + best[pos - 1]]) pos--;
    best.splice(pos, 0, i);
    if (best.length > n) best.pop();
  }
  return Int32Array.from(best);
}
