/**
 * The training worker: a thin Comlink adapter. It starts a TF.js backend, builds the feature
 * matrices for the requested selection and split, trains with the core, evaluates on the test
 * split and hands everything back. All the logic lives in src/lib/core.
 */
import * as Comlink from 'comlink';
import { startBackend, type BackendInfo } from './tf-backend';
import { READY_MESSAGE } from '$lib/client/worker-bridge';
import { runTraining, type TrainJob, type TrainOutcome } from '$lib/core/pipeline/run-training';
import type { TrainEvent } from '$lib/core/model/events';
import type { BackendPreference } from '$lib/core/backend';

/** Training progress plus, first, which backend runs and why. */
export type TrainerEvent = TrainEvent | { type: 'backend'; info: BackendInfo };

/** Flipped by cancel(); the training loop reads it between batches. */
let cancel = { aborted: false };

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
    onEvent: (event: TrainerEvent) => void
  ): Promise<TrainOutcome & { backendInfo?: BackendInfo }> {
    cancel = { aborted: false };
    let backendInfo: BackendInfo | undefined;
    try {
      backendInfo = await startBackend(backend.preference, backend.wasmBase);
    } catch (err) {
      return { ok: false, error: { code: 'no_backend', message: err instanceof Error ? err.message : String(err) } };
    }
    onEvent({ type: 'backend', info: backendInfo });
    const outcome = await runTraining({ job, signal: cancel, onEvent });
    return { ...outcome, backendInfo };
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
