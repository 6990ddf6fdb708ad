/** The model package's public surface (lightfm-spec.md): train, score, save and load. */
export { train, identityMatrix, type TrainOptions, type CancelSignal } from './train.ts';
export {
  resolveConfig,
  LOSSES,
  COMMON_DEFAULTS,
  type ModelConfig,
  type ModelConfigInput,
  type LossName,
  type ScheduleName,
  type WarpVariant,
  type ViolatorSearch,
  type CommonOptions,
  type WarpOptions,
  type KosOptions,
  type LogisticOptions,
  type HybridDeepOptions
} from './config.ts';
export type { TrainEvent, EpochRecord } from './events.ts';
export type { TrainedModel } from './model.ts';
export {
  scoreUsers,
  scoreNewUser,
  type ScoreUsersOptions,
  type ScoreNewUserOptions,
  type ScoreSource
} from './predict.ts';
export {
  serializeModel,
  deserializeModel,
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  type ModelManifest,
  type SerializedModel
} from './format.ts';
export type { TowerWeights } from './deep-tower.ts';
export {
  trainWithEarlyStopping,
  type EarlyStoppingOptions,
  type EarlyStoppedModel
} from './early-stopping.ts';
export type { TrainState, ScheduleState } from './train-state.ts';
export { trainingEngine, describeEngine, type TrainingEngine } from './engine.ts';
