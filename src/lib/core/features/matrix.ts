import type { CsrMatrix } from '../types.ts';
import { CoreError } from '../types.ts';

/**
 * Builds a LightFM-style feature matrix (lightfm-spec.md §1): optionally one identity column
 * per entity, then one column per distinct feature name, each row L1-normalised so an
 * entity's representation is a weighted mean of its feature embeddings.
 */
export interface BuildFeatureMatrixOptions {
  /** Entity ids in index order (row r is ids[r]). */
  ids: readonly string[];
  /** Per row, the feature names it has (and optional weights, default 1). */
  features: ReadonlyArray<ReadonlyArray<string | readonly [string, number]>>;
  /** Add the private identity feature per row (LightFM's Dataset default). Default true. */
  identity?: boolean;
  /** Prefix for identity column names, e.g. "user:" gives "user:C001". Default "id:". */
  identityPrefix?: string;
  /** Column names to use, in order (to rebuild a matrix for an existing model). Unknown names are dropped. */
  featureNames?: readonly string[];
  /** L1-normalise each row (LightFM default). Default true. */
  normalize?: boolean;
}

export interface FeatureMatrix {
  matrix: CsrMatrix;
  /** Column names: identity columns first (if any), then features in first-seen or given order. */
  names: string[];
}

export function buildFeatureMatrix(opts: BuildFeatureMatrixOptions): FeatureMatrix {
  const { ids, features } = opts;
  const identity = opts.identity ?? true;
  const normalize = opts.normalize ?? true;
  const prefix = opts.identityPrefix ?? 'id:';
  if (features.length !== ids.length) {
    throw new CoreError('bad_input', `feature rows (${features.length}) do not match ids (${ids.length})`);
  }
  const names: string[] = [];
  const column = new Map<string, number>();
  if (opts.featureNames) {
    opts.featureNames.forEach((n, i) => column.set(n, i));
    names.push(...opts.featureNames);
  } else if (identity) {
    for (const id of ids) {
      column.set(prefix + id, names.length);
      names.push(prefix + id);
    }
  }
  const fixed = opts.featureNames !== undefined;
  const indptr = new Int32Array(ids.length + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  for (let r = 0; r < ids.length; r++) {
    const rowCols = new Map<number, number>();
    if (identity) {
      const c = column.get(prefix + ids[r]);
      if (c !== undefined) rowCols.set(c, 1);
    }
    for (const f of features[r]) {
      const [name, w] = typeof f === 'string' ? [f, 1] : f;
      if (!Number.isFinite(w))
        throw new CoreError('bad_input', `feature "${name}" of "${ids[r]}" has a non-finite weight`);
      let c = column.get(name);
      if (c === undefined) {
        if (fixed) continue;
        c = names.length;
        column.set(name, c);
        names.push(name);
      }
      rowCols.set(c, (rowCols.get(c) ?? 0) + w);
    }
    if (rowCols.size === 0) {
      throw new CoreError(
        'bad_input',
        `"${ids[r]}" (row ${r}) has no features: every row needs at least one (turn identity features on)`
      );
    }
    let sum = 0;
    for (const v of rowCols.values()) sum += Math.abs(v);
    const sorted = [...rowCols.entries()].sort((a, b) => a[0] - b[0]);
    for (const [c, v] of sorted) {
      cols.push(c);
      vals.push(normalize && sum > 0 ? v / sum : v);
    }
    indptr[r + 1] = cols.length;
  }
  return {
    matrix: {
      nRows: ids.length,
      nCols: names.length,
      indptr,
      indices: Int32Array.from(cols),
      values: Float32Array.from(vals)
    },
    names
  };
}
