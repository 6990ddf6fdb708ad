import type { CsrMatrix, FactorWeights } from '../types.ts';
import type { ModelConfig } from './config.ts';
import type { TowerWeights } from './deep-tower.ts';
import type { EpochRecord } from './events.ts';

/**
 * A trained model, kept with everything needed to score without the training data: the
 * feature matrices and names it was trained on, and the id ↔ index mappings.
 * Feature columns are identity columns ("user:<id>" / "item:<id>") and side features
 * ("segment:business"); with `useFeatures: false` only identity columns exist.
 */
export interface TrainedModel {
  config: ModelConfig;
  seed: number;
  userIds: string[];
  itemIds: string[];
  userFeatureNames: string[];
  itemFeatureNames: string[];
  /** nUsers × nUserFeatures and nItems × nItemFeatures, rows L1-normalised. */
  userFeatures: CsrMatrix;
  itemFeatures: CsrMatrix;
  weights: FactorWeights;
  /** Hybrid Deep only. */
  tower?: TowerWeights;
  history: EpochRecord[];
  /** Wall time of training, milliseconds (validation included when requested). */
  fitMs: number;
  /** TF.js backend it was trained on. */
  backend: string;
  /**
   * Cores its batches were split across (batch-parallel.ts); absent: one. With the seed it fixes
   * the numbers (each shard draws its own stream), so a shared session retrains on as many.
   */
  cores?: number;
}
