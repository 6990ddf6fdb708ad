/**
 * What a stored training run holds: config, curves, test metrics (means and per user, for
 * significance), the model (manifest + weights, the model format of core/model/format.ts),
 * and where it came from. Pages read it; the store keeps it without knowing its shape.
 */
import type { SplitOptions } from '../data/split.ts';
import type { GroupSelection } from '../features/imported-groups.ts';
import type { ModelConfig, ModelConfigInput } from '../model/config.ts';
import type { EpochRecord } from '../model/events.ts';
import type { TrainingEngine } from '../model/engine.ts';
import type { ModelManifest } from '../model/format.ts';
import { serializeModel } from '../model/format.ts';
import type { ImportedFactorsInfo } from './factors-info.ts';
import type { EvalSample } from '../eval/user-sample.ts';
import type { CurveSource, TrainResult } from './run-training.ts';

export type FinishedStatus = 'done' | 'failed' | 'cancelled';

export interface LabRun {
  id: string;
  name: string;
  createdAt: number;
  status: FinishedStatus;
  error?: { code: string; message: string };
  config: ModelConfig | ModelConfigInput;
  curves: EpochRecord[];
  /** What the validation values in `curves` were measured on (absent on older runs). */
  curveSource?: CurveSource;
  /** Test-split means; empty unless done. */
  metrics: Record<string, number>;
  manifest: ModelManifest | null;
  datasetId: string;
  datasetName: string;
  features?: GroupSelection;
  split?: SplitOptions;
  backend?: { backend: string; reason: string };
  /** What ran the training loop and what the TF.js backend did (runs stored before this was kept lack it). */
  engine?: TrainingEngine;
  fitMs: number;
  /** Per evaluated user (ascending index): the metric values, for paired significance tests. */
  perUser?: { users: Int32Array; values: Record<string, Float64Array> };
  /**
   * nUsers × nItems scores, kept when small, so ensembles need no re-scoring. Only on a run
   * read whole (`getRun`): listed runs carry `scoresLength` instead (the store keeps the
   * matrix apart so that listing runs reads no matrix on the main thread).
   */
  scores?: Float32Array;
  /** Length of the stored score matrix (listed runs); see `storedScoresLength`. */
  scoresLength?: number;
  /** The users of the rows of `scores` when they are a sample (read whole with `scores`). */
  scoreUsers?: Int32Array;
  /** Set when the test metrics were measured on a seeded sample of test customers (eval/user-sample.ts). */
  evalSample?: EvalSample;
  /** Set on the runs of an ablation study: which study and which variant ("full", "−behavioural", …). */
  ablation?: { study: string; variant: string; removed: string | null };
  /** Set on runs whose factors were trained elsewhere and imported (factors-run.ts). */
  imported?: ImportedFactorsInfo;
}

export interface LabRunWithWeights extends LabRun {
  weights: ArrayBuffer;
}

export interface RunOrigin {
  id: string;
  name: string;
  createdAt: number;
  datasetId: string;
  datasetName: string;
  backend?: { backend: string; reason: string };
  engine?: TrainingEngine;
  ablation?: LabRun['ablation'];
}

/** A finished run, ready to store. Per-user values are kept for the metrics the UI compares. */
export function runFromResult(
  origin: RunOrigin,
  result: TrainResult,
  keepPerUser = ['precision@5', 'auc', 'ndcg@5', 'recall@5']
): LabRunWithWeights {
  const { manifest, weights } = serializeModel(result.model);
  const values: Record<string, Float64Array> = {};
  for (const k of keepPerUser) if (result.test.perUser.values[k]) values[k] = result.test.perUser.values[k];
  return {
    ...origin,
    status: 'done',
    config: result.model.config,
    curves: result.model.history,
    curveSource: result.curve,
    metrics: result.test.metrics,
    manifest,
    weights,
    features: result.features,
    split: result.split,
    fitMs: result.model.fitMs,
    perUser: { users: result.test.perUser.users, values },
    scores: result.scores,
    ...(result.scoreUsers ? { scoreUsers: result.scoreUsers } : {}),
    ...(result.evalSample ? { evalSample: result.evalSample } : {})
  };
}

/** A run that ended without a model (failed or cancelled): kept so the page can say what happened. */
export function runWithoutModel(
  origin: RunOrigin,
  status: 'failed' | 'cancelled',
  config: ModelConfigInput,
  error?: { code: string; message: string },
  curves: EpochRecord[] = []
): LabRunWithWeights {
  return {
    ...origin,
    status,
    error,
    config,
    curves,
    metrics: {},
    manifest: null,
    weights: new ArrayBuffer(0),
    fitMs: 0
  };
}

/**
 * A finished run the training worker has already stored, as the page lists it: without its
 * weights, score matrix and per-user values, so the page never receives (or clones) anything
 * that grows with the customers.
 */
export type StoredRun = LabRun & { storedAlready: true };

/** A finished run for the page to keep: whole (the page stores it) or already stored by the worker. */
export type FinishedRun = LabRunWithWeights | StoredRun;

export function storedRunSummary(run: LabRunWithWeights): StoredRun {
  const { weights: _weights, scores, scoreUsers: _users, perUser: _perUser, manifest, ...rest } = run;
  return {
    ...rest,
    // As the store lists it: without the per-customer lists (store/manifest-ids.ts), which nothing
    // listed reads: at 1M customers, 1M ids and 1M identity feature names cloned onto the page.
    manifest:
      manifest &&
      ({ ...manifest, userIds: undefined, userFeatureNames: undefined } as unknown as ModelManifest),
    scoresLength: scores?.length,
    storedAlready: true
  };
}

/** How many scores a run keeps: from a listed run (`scoresLength`) or a whole one (`scores`). */
export function storedScoresLength(run: Pick<LabRun, 'scores' | 'scoresLength'>): number {
  return run.scoresLength ?? run.scores?.length ?? 0;
}
