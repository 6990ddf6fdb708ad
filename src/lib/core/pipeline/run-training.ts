/**
 * One training run from a dataset to metrics: features for the chosen groups, the split,
 * training, and evaluation on the test split. What the trainer worker runs, and what tests and
 * benchmarks run in Node, so the app and the headless paths compute the same thing.
 */
import { buildTrainTestData } from '../data/train-test.ts';
import type { TelcoDataset } from '../data/schema.ts';
import type { SplitOptions } from '../data/split.ts';
import type { FeatureSelection } from '../features/feature-space.ts';
import { selectImportedFeatures, type GroupSelection } from '../features/imported-groups.ts';
import { evaluateRanking, type EvaluationResult } from '../eval/metrics.ts';
import type { ModelConfigInput } from '../model/config.ts';
import type { TrainEvent } from '../model/events.ts';
import type { TrainedModel } from '../model/model.ts';
import { scoreUsers } from '../model/predict.ts';
import { train, type CancelSignal } from '../model/train.ts';
import { trainWithEarlyStopping } from '../model/early-stopping.ts';
import { CoreError, type TrainTestData } from '../types.ts';

/** Raw telco tables (features and split are built here) or an imported, already split layout. */
export type TrainingSource = { kind: 'telco'; dataset: TelcoDataset } | { kind: 'traintest'; data: TrainTestData };

export interface TrainJob {
  runId: string;
  datasetId: string;
  /**
   * Feature groups to use. Telco sources: the synthetic catalogue's groups (FeatureSelection);
   * imported layouts: the dataset's own prefix groups (imported-groups.ts). Default: all.
   */
  features?: GroupSelection;
  /** Default: random 80/20 with the dataset's seed (the split its ceilings were computed on). */
  split?: SplitOptions;
  config: ModelConfigInput;
  seed: number;
  /** Validation metrics every this many epochs, for live curves. Default 0 (never). */
  validateEvery?: number;
  /**
   * Choose the epochs (up to config.epochs) on 10% of train, then refit on all of train
   * (core/model/early-stopping.ts). Default false.
   */
  earlyStopping?: boolean;
  /** Keep the full score matrix with the result when it has at most this many entries. Default 2,000,000. */
  keepScoresUpTo?: number;
}

export interface TrainResult {
  runId: string;
  model: TrainedModel;
  /** Test-split metrics with LightFM's definitions (precision@k, recall@k, ndcg@k, auc, reciprocal_rank). */
  test: EvaluationResult;
  features?: GroupSelection;
  split?: SplitOptions;
  /** nUsers × nItems scores (for ensembles without re-scoring), when small enough. */
  scores?: Float32Array;
}

export type TrainOutcome =
  | { ok: true; result: TrainResult }
  | { ok: false; error: { code: string; message: string } };

export interface RunTrainingOptions {
  job: TrainJob;
  source: TrainingSource;
  signal?: CancelSignal;
  onEvent?: (event: TrainEvent) => void;
}

/** Builds what the trainer needs from a source; telco sources use the job's features and split. */
export function prepareTrainingData(
  source: TrainingSource,
  job: Pick<TrainJob, 'features' | 'split'>
): { data: TrainTestData; features?: GroupSelection; split?: SplitOptions } {
  if (source.kind === 'traintest') {
    // The imported split is the dataset's own; the features are the chosen groups of its own names.
    if (!job.features) return { data: source.data };
    return { data: selectImportedFeatures(source.data, job.features), features: job.features };
  }
  // buildFeatureSpace checks every group name against the catalogue, with a message naming a wrong one.
  const built = buildTrainTestData({ dataset: source.dataset, features: job.features as FeatureSelection | undefined, split: job.split });
  return { data: built, features: built.features, split: built.split };
}

export async function runTraining(opts: RunTrainingOptions): Promise<TrainOutcome> {
  const { job } = opts;
  try {
    const { data, features, split } = prepareTrainingData(opts.source, job);
    const trainOptions = { data, config: job.config, seed: job.seed, signal: opts.signal, onEvent: opts.onEvent, validateEvery: job.validateEvery };
    const model = job.earlyStopping ? await trainWithEarlyStopping(trainOptions) : await train(trainOptions);
    const scores = scoreUsers({ model });
    const test = evaluateRanking({ nItems: data.space.itemIds.length, scores, train: data.train, test: data.test });
    const keep = scores.length <= (job.keepScoresUpTo ?? 2_000_000);
    return { ok: true, result: { runId: job.runId, model, test, features, split, scores: keep ? scores : undefined } };
  } catch (err) {
    return { ok: false, error: toErrorInfo(err) };
  }
}

const WEBGL_LOST = /context (was )?lost|CONTEXT_LOST|webglcontextlost/i;

/**
 * A CoreError keeps its code; a lost WebGL context (the GPU was reset, or the browser reclaimed
 * it) says what to do; anything else is reported as 'internal' with its message.
 */
export function toErrorInfo(err: unknown): { code: string; message: string } {
  if (err instanceof CoreError) return { code: err.code, message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  if (WEBGL_LOST.test(message)) {
    return {
      code: 'webgl_lost',
      message: `The WebGL (GPU) context was lost during training (${message}). Nothing was stored for this run; train it again, or choose the WASM backend if it keeps happening.`
    };
  }
  return { code: 'internal', message };
}
