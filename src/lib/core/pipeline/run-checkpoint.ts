/**
 * What is stored beside a run's checkpoint so that, after a reload, a crash or a closed tab,
 * the page can list the run ("interrupted at epoch k", with its curve) and resume it with the
 * same job: everything here is small and structured-clonable; the state itself is typed arrays.
 */
import type { BackendPreference } from '../backend.ts';
import { resolveConfig } from '../model/config.ts';
import type { RunCheckpoint } from '../model/early-stopping.ts';
import type { LabRun } from './run-record.ts';
import type { CurveSource, TrainJob } from './run-training.ts';

/** Who started the run and how: fixed for the run's life, written with every checkpoint. */
export interface RunStartInfo {
  id: string;
  name: string;
  datasetId: string;
  datasetName: string;
  createdAt: number;
  job: Omit<TrainJob, 'runId'>;
  backend: BackendPreference;
  ablation?: LabRun['ablation'];
}

// A type (not an interface) so it stays assignable to the store's open-ended CheckpointMeta.
export type CheckpointInfo = RunStartInfo & {
  /** Epochs trained when written (in the current phase). */
  epoch: number;
  /** Epochs this phase trains to. */
  epochs: number;
  phase: RunCheckpoint['phase'];
  /** Validation P@5 by epoch so far (the live curve), and what it measures. */
  curve: { epoch: number; value: number }[];
  curveSource?: CurveSource;
  updatedAt: number;
};

/** The listing record of a checkpoint. */
export function checkpointInfo(
  start: RunStartInfo,
  c: RunCheckpoint,
  updatedAt: number,
  curveSource?: CurveSource
): CheckpointInfo {
  const epochs =
    c.phase === 'refit' && c.search ? c.search.bestEpoch : resolveConfig(start.job.config).epochs;
  // A refit has no curve of its own: its run's curve is the search's.
  const curve =
    c.phase === 'refit' && c.search
      ? c.search.curve.map((value, k) => ({ epoch: k + 1, value }))
      : c.state.history.flatMap((h) =>
          h.validation?.['precision@5'] !== undefined
            ? [{ epoch: h.epoch, value: h.validation['precision@5'] }]
            : []
        );
  return { ...start, epoch: c.state.epoch, epochs, phase: c.phase, curve, curveSource, updatedAt };
}
