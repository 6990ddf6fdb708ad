/**
 * One training run from a stored dataset to metrics: features for the chosen groups, the split,
 * training, and evaluation on the test split. What the trainer worker runs, and what tests and
 * benchmarks run in Node, so the app and the headless paths compute the same thing.
 */
import { buildTrainTestData, type BuiltTrainTest } from '../data/train-test.ts';
import type { TelcoDataset } from '../data/schema.ts';
import type { SplitOptions } from '../data/split.ts';
import type { FeatureSelection } from '../features/feature-space.ts';
import { evaluateRanking, type EvaluationResult } from '../eval/metrics.ts';
import type { ModelConfigInput } from '../model/config.ts';
import type { TrainEvent } from '../model/events.ts';
import type { TrainedModel } from '../model/model.ts';
import { scoreUsers } from '../model/predict.ts';
import { train, type CancelSignal } from '../model/train.ts';
import { CoreError } from '../types.ts';

export interface TrainJob {
  runId: string;
  dataset: TelcoDataset;
  /** Feature groups to use. Default: all. */
  features?: FeatureSelection;
  /** Default: random 80/20 with the dataset's seed (the split its ceilings were computed on). */
  split?: SplitOptions;
  config: ModelConfigInput;
  seed: number;
  /** Validation metrics every this many epochs, for live curves. Default 0 (never). */
  validateEvery?: number;
}

export interface TrainResult {
  runId: string;
  model: TrainedModel;
  /** Test-split metrics with LightFM's definitions (precision@k, recall@k, ndcg@k, auc, reciprocal_rank). */
  test: EvaluationResult;
  features: FeatureSelection;
  split: BuiltTrainTest['split'];
}

export type TrainOutcome =
  | { ok: true; result: TrainResult }
  | { ok: false; error: { code: string; message: string } };

export interface RunTrainingOptions {
  job: TrainJob;
  signal?: CancelSignal;
  onEvent?: (event: TrainEvent) => void;
}

export async function runTraining(opts: RunTrainingOptions): Promise<TrainOutcome> {
  const { job } = opts;
  try {
    const data = buildTrainTestData({ dataset: job.dataset, features: job.features, split: job.split });
    const model = await train({
      data,
      config: job.config,
      seed: job.seed,
      signal: opts.signal,
      onEvent: opts.onEvent,
      validateEvery: job.validateEvery
    });
    const scores = scoreUsers({ model });
    const test = evaluateRanking({ nItems: data.space.itemIds.length, scores, train: data.train, test: data.test });
    return { ok: true, result: { runId: job.runId, model, test, features: data.features, split: data.split } };
  } catch (err) {
    return { ok: false, error: toErrorInfo(err) };
  }
}

/** A CoreError keeps its code; anything else is reported as 'internal' with its message. */
export function toErrorInfo(err: unknown): { code: string; message: string } {
  if (err instanceof CoreError) return { code: err.code, message: err.message };
  if (err instanceof Error) return { code: 'internal', message: err.message };
  return { code: 'internal', message: String(err) };
}
