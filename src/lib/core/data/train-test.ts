import type { Interactions, TrainTestData } from '../types.ts';
import {
  ALL_FEATURES,
  buildFeatureSpace,
  type FeatureProgress,
  type FeatureSelection,
  type FeatureThresholdSet
} from '../features/feature-space.ts';
import type { TelcoDataset } from './schema.ts';
import { adoptionsToInteractions, defaultSplitSeed, splitInteractions, type SplitOptions } from './split.ts';

export interface BuildTrainTestOptions {
  dataset: TelcoDataset;
  /** Feature groups. Default ALL_FEATURES (identity on). */
  features?: FeatureSelection;
  /** Default { kind: 'random', testFraction: 0.2 } with the dataset's seed (matching its ceilings). */
  split?: SplitOptions;
  /** Bands to reuse (e.g. a model's); default computed from this dataset. */
  thresholds?: FeatureThresholdSet;
  onProgress?: (p: FeatureProgress) => void;
}

/** What a trainer needs, plus the bands to keep with the model (for cold start). */
export interface BuiltTrainTest extends TrainTestData {
  thresholds: FeatureThresholdSet;
  features: FeatureSelection;
  split: Required<Pick<SplitOptions, 'kind' | 'seed'>> & SplitOptions;
}

/** Dataset + feature selection + split → TrainTestData (interactions weight 1, time = adoption day). */
export function buildTrainTestData(opts: BuildTrainTestOptions): BuiltTrainTest {
  const ds = opts.dataset;
  const split = resolveSplit(ds, opts.split);
  const built = buildFeatureSpace({
    dataset: ds,
    selection: opts.features ?? ALL_FEATURES,
    thresholds: opts.thresholds,
    onProgress: opts.onProgress
  });
  const parts = splitInteractions({
    interactions: adoptionsToInteractions(ds),
    nUsers: ds.customers.ids.length,
    split
  });
  return { space: built.space, ...parts, thresholds: built.thresholds, features: built.selection, split };
}

/** The split a run on `ds` used: `split` with the defaults filled (random 80/20, the dataset's seed). */
export function resolveSplit(ds: TelcoDataset, split?: SplitOptions): BuiltTrainTest['split'] {
  return { kind: 'random' as const, ...split, seed: split?.seed ?? defaultSplitSeed(ds) };
}

/** The training and test adoptions of `split` on `ds`, without building features. */
export function splitAdoptions(
  ds: TelcoDataset,
  split?: SplitOptions
): { train: Interactions; test: Interactions } {
  return splitInteractions({
    interactions: adoptionsToInteractions(ds),
    nUsers: ds.customers.ids.length,
    split: resolveSplit(ds, split)
  });
}

/** The training adoptions of `split` on `ds` (what popularity counts), without building features. */
export function trainInteractions(ds: TelcoDataset, split?: SplitOptions): Interactions {
  return splitAdoptions(ds, split).train;
}
