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

/**
 * The learned parameters of the bilinear hybrid model (lightfm-spec.md §1): one embedding
 * (`components` numbers, row-major) and one bias per feature, per side.
 * score(u,i) = b_u + b_i + p_u·q_i with p_u = Σ_f X_U[u,f]·e_f (and likewise for items).
 */
export interface FactorWeights {
  components: number;
  userEmbeddings: Float32Array; // nUserFeatures × components
  userBiases: Float32Array; // nUserFeatures
  itemEmbeddings: Float32Array; // nItemFeatures × components
  itemBiases: Float32Array; // nItemFeatures
}
