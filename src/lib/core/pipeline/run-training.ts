/**
 * One training run from a dataset to metrics: features for the chosen groups, the split,
 * training, and evaluation on the test split. What the trainer worker runs, and what tests and
 * benchmarks run in Node, so the app and the headless paths compute the same thing.
 */
import type { ParallelRequest } from '../model/batch-parallel.ts';
import { buildTrainTestData } from '../data/train-test.ts';
import type { TelcoDataset } from '../data/schema.ts';
import type { SplitOptions } from '../data/split.ts';
import type { FeatureSelection } from '../features/feature-space.ts';
import { selectImportedFeatures, type GroupSelection } from '../features/imported-groups.ts';
import { evaluateRanking, type EvaluationResult } from '../eval/metrics.ts';
import type { ModelConfigInput } from '../model/config.ts';
import type { TrainingPathMode } from '../model/path-choice.ts';
import type { TrainEvent } from '../model/events.ts';
import type { TrainedModel } from '../model/model.ts';
import { scoreUsers } from '../model/predict.ts';
import { train, type CancelSignal } from '../model/train.ts';
import {
  carveValidation,
  trainWithEarlyStopping,
  VALIDATION_FRACTION,
  type RunCheckpoint
} from '../model/early-stopping.ts';
import { CoreError, type TrainTestData } from '../types.ts';
import {
  meanInterval,
  restrictToUsers,
  sampleTestUsers,
  testUsersOf,
  EVAL_SAMPLE_SEED,
  type EvalSample
} from '../eval/user-sample.ts';

/**
 * Raw telco tables (features and split are built here), an imported, already split layout, or
 * data already prepared for this job's features and split (prepareTrainingData): a worker keeps
 * that between runs and lets the raw tables go, which at 1M customers is hundreds of MB.
 */
export type TrainingSource =
  | { kind: 'telco'; dataset: TelcoDataset }
  | { kind: 'traintest'; data: TrainTestData }
  | ({ kind: 'prepared' } & PreparedTraining);

/** What a run trains and is evaluated on, with the feature groups and split it was built with. */
export interface PreparedTraining {
  data: TrainTestData;
  features?: GroupSelection;
  split?: SplitOptions;
}

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
   * What the live curve measures. 'validation' (default): the dataset's validation split, or
   * else 10% of train carved out (seeded by `seed`) and then not trained on. 'test': the test
   * split, only when a person asks for it (the model trains on all of train).
   */
  curveSplit?: CurveSplit;
  /**
   * Choose the epochs (up to config.epochs) on 10% of train, then refit on all of train
   * (core/model/early-stopping.ts). Default false.
   */
  earlyStopping?: boolean;
  /** Keep the full score matrix with the result when it has at most this many entries. Default 2,000,000. */
  keepScoresUpTo?: number;
  /** Cores to split each batch across (core/model/batch-parallel.ts). Default 1. */
  cores?: number;
  /**
   * WARP's and BPR's training path (model/path-choice.ts). Default 'auto'; a session link's
   * restore forces the linked run's path so its seed gives the linked numbers.
   */
  trainingPath?: TrainingPathMode;
  /**
   * Evaluate on a seeded sample of this many test customers (eval/user-sample.ts: the same
   * customers for every run on the split) and keep that sample's score matrix. Default: all.
   */
  evalSample?: { size: number };
}

export type CurveSplit = 'validation' | 'test';

/** Where a run's live curve came from, in words a page can show as they are. */
export interface CurveSource {
  split: CurveSplit;
  /** e.g. "validation: 10% of train held out (seed 1), not trained on". */
  label: string;
}

export interface TrainResult {
  runId: string;
  /** What the live curve measured; absent when there was none. */
  curve?: CurveSource;
  model: TrainedModel;
  /** Test-split metrics with LightFM's definitions (precision@k, recall@k, ndcg@k, auc, reciprocal_rank). */
  test: EvaluationResult;
  features?: GroupSelection;
  split?: SplitOptions;
  /** nUsers × nItems scores (for ensembles without re-scoring), when small enough; or sample × nItems. */
  scores?: Float32Array;
  /** The users of the rows of `scores` when it covers a sample (ascending); absent: every user. */
  scoreUsers?: Int32Array;
  /** Set when `test` was measured on a seeded sample of test customers. */
  evalSample?: EvalSample;
}

export type TrainOutcome =
  { ok: true; result: TrainResult } | { ok: false; error: { code: string; message: string } };

/** Said once, before training: what the run's live curve will measure. */
export type PipelineEvent = { type: 'curve'; source: CurveSource };

export interface RunTrainingOptions {
  job: TrainJob;
  source: TrainingSource;
  signal?: CancelSignal;
  onEvent?: (event: TrainEvent | PipelineEvent) => void;
  /** Continue the run from this checkpoint (same job, same data): ends as if never stopped. */
  resumeFrom?: RunCheckpoint;
  /** Receives a checkpoint about every epoch (core/model/train-state.ts). */
  onCheckpoint?: (checkpoint: RunCheckpoint) => void | Promise<void>;
  /** How this platform runs `job.cores` > 1 (helper threads, or why it cannot). */
  parallel?: ParallelRequest;
}

/** Builds what the trainer needs from a source; telco sources use the job's features and split. */
export function prepareTrainingData(
  source: TrainingSource,
  job: Pick<TrainJob, 'features' | 'split'>
): PreparedTraining {
  if (source.kind === 'prepared')
    return { data: source.data, features: source.features, split: source.split };
  if (source.kind === 'traintest') {
    // The imported split is the dataset's own; the features are the chosen groups of its own names.
    if (!job.features) return { data: source.data };
    return { data: selectImportedFeatures(source.data, job.features), features: job.features };
  }
  // buildFeatureSpace checks every group name against the catalogue, with a message naming a wrong one.
  const built = buildTrainTestData({
    dataset: source.dataset,
    features: job.features as FeatureSelection | undefined,
    split: job.split
  });
  return { data: built, features: built.features, split: built.split };
}

/**
 * The data the model trains on and what its live curve measures. Early stopping validates its
 * own carved split and refits on all of train. Otherwise a validation curve without a stored
 * validation split holds 10% of train out of training.
 */
export function curveData(
  data: TrainTestData,
  job: Pick<TrainJob, 'validateEvery' | 'curveSplit' | 'earlyStopping' | 'seed'>
): { data: TrainTestData; curve?: CurveSource } {
  const pct = `${Math.round(VALIDATION_FRACTION * 100)}%`;
  if (job.earlyStopping) {
    return {
      data,
      curve: {
        split: 'validation',
        label: `validation: ${pct} of train held out (seed ${job.seed}) to choose the epochs; the final model refits on all of train`
      }
    };
  }
  if (!((job.validateEvery ?? 0) > 0)) return { data };
  if (job.curveSplit === 'test')
    return {
      data: { ...data, validation: undefined },
      curve: { split: 'test', label: 'test split (asked for): do not choose epochs on it' }
    };
  if (data.validation)
    return { data, curve: { split: 'validation', label: "validation: the dataset's own validation split" } };
  return {
    data: carveValidation(data, job.seed),
    curve: {
      split: 'validation',
      label: `validation: ${pct} of train held out (seed ${job.seed}), not trained on`
    }
  };
}

export async function runTraining(opts: RunTrainingOptions): Promise<TrainOutcome> {
  const { job, resumeFrom, onCheckpoint } = opts;
  try {
    const prepared = prepareTrainingData(opts.source, job);
    const { features, split } = prepared;
    const { data, curve } = curveData(prepared.data, job);
    if (curve) opts.onEvent?.({ type: 'curve', source: curve });
    const trainOptions = {
      data,
      config: job.config,
      seed: job.seed,
      signal: opts.signal,
      onEvent: opts.onEvent,
      validateEvery: job.validateEvery,
      parallel: opts.parallel,
      trainingPath: job.trainingPath
    };
    const model = job.earlyStopping
      ? await trainWithEarlyStopping({ ...trainOptions, resumeFrom, onCheckpoint })
      : await train({
          ...trainOptions,
          initialState: resumeFrom?.state,
          onCheckpoint: onCheckpoint && ((state) => onCheckpoint({ phase: 'train', state }))
        });
    if (job.evalSample)
      return {
        ok: true,
        result: {
          runId: job.runId,
          model,
          features,
          split,
          curve,
          ...evaluateOnSample(model, prepared.data.train, data, job.evalSample.size)
        }
      };
    const scores = scoreUsers({ model });
    // Every known positive of train (the held-out validation part too) is excluded from the test
    // ranking, as for the popularity and ceiling rows the runs are compared with.
    const test = evaluateRanking({
      nItems: data.space.itemIds.length,
      scores,
      train: prepared.data.train,
      test: data.test
    });
    const keep = scores.length <= (job.keepScoresUpTo ?? 2_000_000);
    return {
      ok: true,
      result: { runId: job.runId, model, test, features, split, curve, scores: keep ? scores : undefined }
    };
  } catch (err) {
    return { ok: false, error: toErrorInfo(err) };
  }
}

/**
 * Test metrics on a seeded sample of test customers, with 95% intervals, and the sample's score
 * matrix. Per-user values keep the customers' own indices, so runs on one split pair up.
 */
function evaluateOnSample(
  model: TrainedModel,
  train: TrainTestData['train'],
  data: TrainTestData,
  size: number
): { test: EvaluationResult; scores: Float32Array; scoreUsers: Int32Array; evalSample: EvalSample } {
  const nUsers = data.space.userIds.length;
  const users = sampleTestUsers({ test: data.test, nUsers, size, seed: EVAL_SAMPLE_SEED });
  const scores = scoreUsers({ model, users });
  const test = evaluateRanking({
    nItems: data.space.itemIds.length,
    scores,
    train: restrictToUsers(train, users, nUsers),
    test: restrictToUsers(data.test, users, nUsers)
  });
  test.perUser.users = test.perUser.users.map((row) => users[row]);
  const intervals: Record<string, [number, number]> = {};
  for (const [k, v] of Object.entries(test.perUser.values)) {
    const m = meanInterval(v);
    intervals[k] = [m.lower, m.upper];
  }
  const evalSample: EvalSample = {
    size: users.length,
    seed: EVAL_SAMPLE_SEED,
    testCustomers: testUsersOf(data.test, nUsers).length,
    intervals
  };
  return { test, scores, scoreUsers: users, evalSample };
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
