import { CoreError, type FeatureSpace, type Interactions } from '../types.ts';
import type { TrainedModel } from './model.ts';
import { train, type CancelSignal } from './train.ts';

/**
 * LightFM's `fit_partial`: more epochs on new interactions, starting from a trained model's
 * weights (same features, users and plans), instead of retraining from scratch.
 */
export interface FitPartialOptions {
  model: TrainedModel;
  /** The new interactions (indices into the model's users and plans). */
  interactions: Interactions;
  /** Epochs over the new interactions. Default the model's own epochs. */
  epochs?: number;
  seed: number;
  signal?: CancelSignal;
}

/** The feature space a model was trained on, rebuilt from what it keeps. */
export function modelSpace(m: TrainedModel): FeatureSpace {
  return {
    userIds: m.userIds,
    itemIds: m.itemIds,
    userFeatureNames: m.userFeatureNames,
    itemFeatureNames: m.itemFeatureNames,
    userFeatures: m.userFeatures,
    itemFeatures: m.itemFeatures
  };
}

export function fitPartial(opts: FitPartialOptions): Promise<TrainedModel> {
  const { model } = opts;
  // Its towers are not part of the stored weights' contract for new data: retrain it instead.
  if (model.config.loss === 'hybrid-deep') {
    return Promise.reject(
      new CoreError(
        'bad_config',
        'continuing from saved weights (fit_partial) is not supported for Hybrid Deep: retrain it instead'
      )
    );
  }
  const empty: Interactions = {
    userIdx: new Int32Array(0),
    itemIdx: new Int32Array(0),
    weight: new Float32Array(0)
  };
  return train({
    data: {
      space: modelSpace(model),
      train: opts.interactions,
      test: empty
    },
    config: { ...model.config, epochs: opts.epochs ?? model.config.epochs },
    seed: opts.seed,
    signal: opts.signal,
    // Weights alone: fresh accumulators and the seed's own sampling stream, epochs 1 … epochs.
    initialState: { epoch: 0, weights: model.weights, history: [], elapsedMs: 0 }
  });
}
