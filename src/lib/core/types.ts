/**
 * Shared shapes of the pure core. Columnar typed arrays throughout, so data moves to
 * workers as transferables and into IndexedDB without JSON.
 */

/** Implicit-feedback interactions in COO form: row k is (userIdx[k], itemIdx[k], weight[k]). */
export interface Interactions {
  userIdx: Int32Array;
  itemIdx: Int32Array;
  /** Sample weight per interaction; 1 for plain implicit positives. */
  weight: Float32Array;
  /** Optional adoption time (days since epoch) per interaction; used by temporal splits. */
  time?: Float64Array;
}

/** Compressed sparse rows: row r owns indices[indptr[r] .. indptr[r+1]). */
export interface CsrMatrix {
  nRows: number;
  nCols: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

/**
 * Everything a model needs to train: LightFM-style feature matrices (identity + chosen
 * features, rows L1-normalised) plus id and feature-name mappings (lightfm-spec.md §1).
 */
export interface FeatureSpace {
  userIds: string[];
  itemIds: string[];
  /** Column names of userFeatures, e.g. "user:C00012" (identity) or "segment:business". */
  userFeatureNames: string[];
  itemFeatureNames: string[];
  userFeatures: CsrMatrix;
  itemFeatures: CsrMatrix;
}

/** A dataset ready for training and evaluation. */
export interface TrainTestData {
  space: FeatureSpace;
  train: Interactions;
  test: Interactions;
  /** Optional validation split, disjoint from train and test (used for early curves/ensembles). */
  validation?: Interactions;
}

/** Errors that cross a worker keep a code: Comlink keeps only `name` and `message`. */
export class CoreError extends Error {
  constructor(
    public readonly code: string,
    message: string
  ) {
    super(message);
    this.name = `CoreError:${code}`;
  }
}
