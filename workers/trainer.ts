/**
 * The training worker: a thin Comlink adapter. It starts a TF.js backend, opens the dataset
 * from IndexedDB (no copy through the page), trains with the core, evaluates on the test split
 * and hands everything back. All the logic lives in src/lib/core.
 */
import * as Comlink from 'comlink';
import { startBackend, type BackendInfo } from './tf-backend';
import { READY_MESSAGE } from '$lib/core/worker-protocol';
import {
  runTraining,
  toErrorInfo,
  type CurveSource,
  type PipelineEvent,
  type TrainJob,
  type TrainOutcome,
  type TrainingSource
} from '$lib/core/pipeline/run-training';
import type { TrainEvent } from '$lib/core/model/events';
import type { RunCheckpoint } from '$lib/core/model/early-stopping';
import { checkpointInfo, type RunStartInfo } from '$lib/core/pipeline/run-checkpoint';
import type { BackendPreference } from '$lib/core/backend';
import { CoreError } from '$lib/core/types';
import { getStore } from '$lib/store';
import type { TrainingEngine } from '$lib/core/model/engine';
import { storeFinishedRun, type StoreRunOrigin } from './store-run';

/** Training progress plus, first, which backend runs and why; and a checkpoint that could not be stored. */
export type TrainerEvent =
  | TrainEvent
  | PipelineEvent
  | { type: 'backend'; info: BackendInfo }
  | { type: 'checkpoint-failed'; message: string };

/** How a run is checkpointed: its listing info, and whether to continue from its stored checkpoint. */
export interface CheckpointOptions {
  start: RunStartInfo;
  resume: boolean;
}

/** Flipped by cancel(); the training loop reads it between batches. */
let cancel = { aborted: false };
/** The last dataset opened: consecutive runs on one dataset (the usual case) skip the read. */
let cached: { id: string; source: TrainingSource } | undefined;

async function openSource(datasetId: string): Promise<TrainingSource> {
  if (cached?.id === datasetId) return cached.source;
  const store = await getStore();
  const meta = (await store.listDatasets()).find((d) => d.id === datasetId);
  const source: TrainingSource =
    meta?.kind === 'traintest'
      ? { kind: 'traintest', data: await store.openTrainTest(datasetId) }
      : { kind: 'telco', dataset: await store.openDataset(datasetId) };
  cached = { id: datasetId, source };
  return source;
}

const api = {
  ping(): string {
    return 'pong';
  },

  /** Starts (or reuses) a backend. `wasmBase` is the absolute URL of the folder with the .wasm files. */
  init(preference: BackendPreference, wasmBase: string): Promise<BackendInfo> {
    return startBackend(preference, wasmBase);
  },

  async train(
    job: TrainJob,
    backend: { preference: BackendPreference; wasmBase: string },
    onEvent: (event: TrainerEvent) => void,
    checkpoints?: CheckpointOptions,
    /** Store the finished run here (store-run.ts); the outcome then says `stored` and carries no scores. */
    store?: StoreRunOrigin
  ): Promise<TrainOutcome & { backendInfo?: BackendInfo; stored?: boolean }> {
    cancel = { aborted: false };
    let backendInfo: BackendInfo;
    let source: TrainingSource;
    let resumeFrom: RunCheckpoint | undefined;
    try {
      backendInfo = await startBackend(backend.preference, backend.wasmBase);
      onEvent({ type: 'backend', info: backendInfo });
      source = await openSource(job.datasetId);
      if (checkpoints?.resume) {
        const stored = await (await getStore()).getCheckpoint(job.runId);
        if (!stored)
          throw new CoreError(
            'not_found',
            'The checkpoint of this run is no longer stored (deleted or finished in another tab?). Train it again.'
          );
        resumeFrom = stored.state as RunCheckpoint;
      }
    } catch (err) {
      return { ok: false, error: toErrorInfo(err) };
    }
    // The worker writes checkpoints itself: the state never travels through the page.
    let warned = false;
    let curveSource: CurveSource | undefined;
    const onCheckpoint = checkpoints
      ? async (c: RunCheckpoint) => {
          try {
            await (
              await getStore()
            ).putCheckpoint(checkpointInfo(checkpoints.start, c, Date.now(), curveSource), c);
          } catch (err) {
            if (!warned) onEvent({ type: 'checkpoint-failed', message: toErrorInfo(err).message });
            warned = true;
          }
        }
      : undefined;
    let engine: TrainingEngine | undefined;
    const events = (e: TrainerEvent) => {
      if (e.type === 'curve') curveSource = e.source;
      if (e.type === 'start') engine = e.engine;
      onEvent(e);
    };
    const outcome = await runTraining({
      job,
      source,
      signal: cancel,
      onEvent: events,
      resumeFrom,
      onCheckpoint
    });
    if (!outcome.ok) return { ...outcome, backendInfo };
    const r = outcome.result;
    if (store) {
      try {
        await storeFinishedRun(store, r, backendInfo, engine);
      } catch (err) {
        return { ok: false, error: toErrorInfo(err), backendInfo };
      }
      return { ok: true, result: { ...r, scores: undefined }, backendInfo, stored: true };
    }
    // Hand the big arrays over instead of copying them.
    const transfer = [r.scores?.buffer].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
    return Comlink.transfer({ ...outcome, backendInfo }, transfer);
  },

  cancel(): void {
    cancel.aborted = true;
  },

  /** Test hook: makes the worker die as a real crash would (an uncaught error outside any call). */
  crashForTest(): void {
    setTimeout(() => {
      throw new Error('forced crash (test hook)');
    }, 0);
  }
};

export type TrainerApi = typeof api;

Comlink.expose(api);
self.postMessage({ [READY_MESSAGE]: true });
