import type { BackendPreference } from '$lib/core/backend';
import type { ModelConfigInput } from '$lib/core/model/config';
import type { CurveSource, TrainJob, TrainResult } from '$lib/core/pipeline/run-training';
import type { JobHandle } from './trainer-pool';
import { submitTraining, type TrainerOutcome } from './trainer-client';
import type { BackendInfo } from '../../../workers/tf-backend';
import type { TrainerEvent } from '../../../workers/trainer';
import { BridgeError } from './worker-bridge';
import {
  runFromResult,
  runWithoutModel,
  type LabRun,
  type LabRunWithWeights,
  type RunOrigin
} from '$lib/core/pipeline/run-record';
import { estimateTimeLeft, keepRecentPoints, type EpochPoint } from '$lib/core/pipeline/time-left';
import type { CheckpointInfo, RunStartInfo } from '$lib/core/pipeline/run-checkpoint';
import { holdRunLock } from './run-locks';
import type { TrainingEngine } from '$lib/core/model/engine';

/**
 * 'saving': finished, being written to IndexedDB; the final status shows once it is stored.
 * 'interrupted': its tab was reloaded, closed or crashed mid-run; its checkpoint can resume it.
 */
export type RunStatus = 'queued' | 'running' | 'saving' | 'done' | 'failed' | 'cancelled' | 'interrupted';

/** What the page shows of one run; replaced (never mutated) on every event. */
export interface RunView {
  id: string;
  name: string;
  config: ModelConfigInput;
  status: RunStatus;
  epoch: number;
  epochs: number;
  loss?: number;
  elapsedMs: number;
  /** Estimated milliseconds of training left, from the recent epochs' pace (core/pipeline/time-left.ts). */
  etaMs?: number;
  /** Validation P@5 per validated epoch, for the live curve. */
  curve: { epoch: number; value: number }[];
  metrics?: Record<string, number>;
  error?: { code: string; message: string };
  backend?: BackendInfo;
  /** What ran the training loop and what the TF.js backend did (from the run's start). */
  engine?: TrainingEngine;
  result?: TrainResult;
  startedAt?: number;
  ablation?: LabRun['ablation'];
  /** The run continues from a checkpoint taken after this many epochs. */
  resumedFrom?: number;
  /** What the live curve measures (said by the worker before training). */
  curveSource?: CurveSource;
  /** Set when a checkpoint could not be stored (the run goes on, but would not survive a reload). */
  checkpointWarning?: string;
}

/** How an interrupted run (a checkpoint nobody is training) shows as a card. */
export function interruptedView(info: CheckpointInfo): RunView {
  return {
    id: info.id,
    name: info.name,
    config: info.job.config,
    status: 'interrupted',
    epoch: info.epoch,
    epochs: info.epochs,
    elapsedMs: 0,
    curve: info.curve,
    curveSource: info.curveSource,
    ablation: info.ablation
  };
}

export interface StartRunOptions {
  name: string;
  job: Omit<TrainJob, 'runId'>;
  datasetName: string;
  backend: BackendPreference;
  ablation?: LabRun['ablation'];
  crashAfterMs?: number;
  /** Train alone, not beside other runs (a very large dataset: see trainsAlone). */
  exclusive?: boolean;
  /** Continue this interrupted run from its stored checkpoint (same id, job and name). */
  resume?: CheckpointInfo;
  /**
   * Receives the finished run (done, failed or cancelled) to store. The run shows its final
   * status only after this settles, so a page left right after "done" has kept the run.
   */
  onFinished?: (run: LabRunWithWeights) => Promise<void> | void;
  /**
   * The training worker stores a finished model itself and then calls `onStored` with the run's
   * id instead of `onFinished` (which still gets a failed or cancelled run): the model never
   * passes through the page, whose thread IndexedDB's copy of it blocked (workers/store-run.ts).
   */
  onStored?: (id: string) => Promise<void> | void;
}

let counter = 0;
const UI_INTERVAL_MS = 150;

/**
 * How a run ended, as a change to its view. A finished run shows the epochs its model trained:
 * the last progress events travel on their own message channel and can arrive after the result.
 */
export function finalChange(outcome: TrainerOutcome): Partial<RunView> {
  if (outcome.ok) {
    const epochs = outcome.result.model.history.length;
    return {
      status: 'done',
      epoch: epochs,
      epochs,
      metrics: outcome.result.test.metrics,
      result: outcome.result,
      backend: outcome.backendInfo,
      elapsedMs: outcome.result.model.fitMs,
      etaMs: 0
    };
  }
  if (outcome.error.code === 'cancelled') return { status: 'cancelled', backend: outcome.backendInfo };
  return { status: 'failed', error: outcome.error, backend: outcome.backendInfo };
}

export class TrainingSession {
  runs = $state.raw<RunView[]>([]);
  private handles = new Map<string, JobHandle<TrainerOutcome>>();
  /** Recent epoch reports per run, for the time-left estimate. */
  private pace = new Map<string, EpochPoint[]>();

  get active(): boolean {
    return this.runs.some((r) => r.status === 'queued' || r.status === 'running');
  }

  start(opts: StartRunOptions): string {
    const from = opts.resume;
    const id = from?.id ?? `run-${Date.now().toString(36)}-${(counter++).toString(36)}`;
    const epochs =
      'epochs' in opts.job.config && opts.job.config.epochs !== undefined ? opts.job.config.epochs : 30;
    const view: RunView = from
      ? { ...interruptedView(from), status: 'queued', resumedFrom: from.epoch }
      : {
          id,
          name: opts.name,
          config: opts.job.config,
          status: 'queued',
          epoch: 0,
          epochs,
          elapsedMs: 0,
          curve: [],
          ablation: opts.ablation
        };
    this.runs = [...this.runs.filter((r) => r.id !== id), view];
    const start: RunStartInfo = from ?? {
      id,
      name: opts.name,
      datasetId: opts.job.datasetId,
      datasetName: opts.datasetName,
      createdAt: Date.now(),
      job: opts.job,
      backend: opts.backend,
      ablation: opts.ablation
    };
    // Held until the run is stored: while held, no tab lists this run's checkpoint as interrupted.
    const releaseLock = holdRunLock(id);
    let stored = false;
    const handle = submitTraining({
      job: { ...opts.job, runId: id },
      backend: opts.backend,
      crashAfterMs: opts.crashAfterMs,
      exclusive: opts.exclusive,
      checkpoints: { start, resume: from !== undefined },
      store: opts.onStored
        ? {
            id,
            name: view.name,
            datasetId: opts.job.datasetId,
            datasetName: opts.datasetName,
            ablation: opts.ablation
          }
        : undefined,
      onStart: () => this.patch(id, { status: 'running', startedAt: Date.now() }),
      onEvent: (event) => this.onEvent(id, event)
    });
    this.handles.set(id, handle);
    void handle.result
      .then(
        (outcome) => {
          stored = outcome.ok && outcome.stored === true;
          return finalChange(outcome);
        },
        (err: unknown): Partial<RunView> => {
          const e = err instanceof BridgeError ? err : new BridgeError('internal', String(err));
          return e.code === 'cancelled'
            ? { status: 'cancelled' }
            : { status: 'failed', error: { code: e.code, message: e.message } };
        }
      )
      .then(async (change) => {
        this.handles.delete(id);
        this.pace.delete(id);
        this.flush();
        const current = this.runs.find((r) => r.id === id);
        if (current && stored) {
          this.patch(id, { ...change, status: 'saving' });
          await Promise.resolve(opts.onStored?.(id)).catch(() => undefined);
        } else if (current && opts.onFinished) {
          this.patch(id, { ...change, status: 'saving' });
          try {
            await opts.onFinished(this.toRecord({ ...current, ...change }, opts));
          } catch {
            /* the store reports its own errors; the run still shows how it ended */
          }
        }
        // The model now lives in IndexedDB; drop the in-memory copy.
        this.patch(id, { ...change, result: undefined });
      })
      .finally(releaseLock);
    return id;
  }

  cancel(id: string): void {
    this.handles.get(id)?.cancel();
  }

  cancelAll(): void {
    for (const h of this.handles.values()) h.cancel();
  }

  remove(id: string): void {
    this.cancel(id);
    this.runs = this.runs.filter((r) => r.id !== id);
  }

  /**
   * Epoch events can arrive dozens of times a second (fast epochs, validation every epoch).
   * They are merged here and applied at most every UI_INTERVAL_MS, so the page (and its live
   * chart) never saturates the main thread, which must stay free to handle a cancel at once.
   */
  private pending = new Map<
    string,
    { change: Partial<RunView>; points: { epoch: number; value: number }[] }
  >();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;

  private onEvent(id: string, event: TrainerEvent): void {
    // Progress that arrives after the result (another message channel) is stale: drop it.
    if (!this.handles.has(id)) return;
    switch (event.type) {
      case 'backend':
        this.patch(id, { backend: event.info });
        break;
      case 'start':
        this.patch(id, { epochs: event.epochs, engine: event.engine });
        break;
      case 'curve':
        this.patch(id, { curveSource: event.source });
        break;
      case 'checkpoint-failed':
        this.patch(id, {
          checkpointWarning: `Checkpoints are not being saved (${event.message}): this run would not survive a reload.`
        });
        break;
      case 'epoch': {
        const entry = this.pending.get(id) ?? { change: {}, points: [] };
        const p5 = event.validation?.['precision@5'];
        if (p5 !== undefined) entry.points.push({ epoch: event.epoch, value: p5 });
        // A new training phase (early stopping's refit) starts its clock again: so does the pace.
        const seen = (this.pace.get(id) ?? []).filter(
          (p) => p.epoch < event.epoch && p.elapsedMs <= event.elapsedMs
        );
        const points = keepRecentPoints([...seen, { epoch: event.epoch, elapsedMs: event.elapsedMs }]);
        this.pace.set(id, points);
        entry.change = {
          epoch: event.epoch,
          epochs: event.epochs,
          loss: event.loss,
          elapsedMs: event.elapsedMs,
          etaMs: estimateTimeLeft({ points, epochs: event.epochs })
        };
        this.pending.set(id, entry);
        this.flushTimer ??= setTimeout(() => this.flush(), UI_INTERVAL_MS);
        break;
      }
      default:
        break;
    }
  }

  /** Applies the merged progress of every run in one update. */
  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pending.size === 0) return;
    const pending = this.pending;
    this.pending = new Map();
    this.runs = this.runs.map((r) => {
      const p = pending.get(r.id);
      return p ? { ...r, ...p.change, curve: p.points.length ? [...r.curve, ...p.points] : r.curve } : r;
    });
  }

  private toRecord(run: RunView, opts: StartRunOptions): LabRunWithWeights {
    const origin: RunOrigin = {
      id: run.id,
      name: run.name,
      createdAt: Date.now(),
      datasetId: opts.job.datasetId,
      datasetName: opts.datasetName,
      backend: run.backend ? { backend: run.backend.backend, reason: run.backend.reason } : undefined,
      engine: run.engine,
      ablation: opts.ablation
    };
    if (run.status === 'done' && run.result) return runFromResult(origin, run.result);
    return runWithoutModel(
      origin,
      run.status === 'cancelled' ? 'cancelled' : 'failed',
      run.config,
      run.error
    );
  }

  private patch(id: string, change: Partial<RunView>): void {
    this.runs = this.runs.map((r) => (r.id === id ? { ...r, ...change } : r));
  }
}
