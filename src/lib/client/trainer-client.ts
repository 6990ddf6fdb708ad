import * as Comlink from 'comlink';
import { base } from '$app/paths';
import type { CheckpointOptions, TrainerApi, TrainerEvent } from '../../../workers/trainer';
import type { StoreRunOrigin } from '../../../workers/store-run';
import type { BackendPreference } from '$lib/core/backend';
import type { TrainJob, TrainOutcome } from '$lib/core/pipeline/run-training';
import { TrainerPool, defaultPoolSize, type JobHandle } from './trainer-pool';
import type { BackendInfo } from '../../../workers/tf-backend';
import trainerScript from '../../../workers/trainer.ts?worker&url';
import { startModuleWorker } from './worker-url';

/** Where the page serves TF.js's WASM binaries (copied to static/tfjs by scripts/copy-wasm.mjs). */
export function wasmBaseUrl(): string {
  return new URL(`${base}/tfjs/`, location.href).href;
}

export function createTrainerWorker(): Worker {
  return startModuleWorker(trainerScript, 'trainer');
}

/** `stored`: the worker stored the finished run itself (SubmitTrainingOptions.store). */
export type TrainerOutcome = TrainOutcome & { backendInfo?: BackendInfo; stored?: boolean };

let pool: TrainerPool<TrainerApi> | undefined;

/** The page's one pool of training workers, created on first use (never during prerender). */
export function trainerPool(): TrainerPool<TrainerApi> {
  pool ??= new TrainerPool<TrainerApi>({
    create: createTrainerWorker,
    size: defaultPoolSize(navigator.hardwareConcurrency),
    requestCancel: (bridge) => bridge.callNow((r) => r.cancel())
  });
  return pool;
}

export interface SubmitTrainingOptions {
  job: TrainJob;
  backend: BackendPreference;
  onEvent: (event: TrainerEvent) => void;
  onStart?: () => void;
  /** Checkpoint the run (and continue it from its stored checkpoint when `resume`). */
  checkpoints?: CheckpointOptions;
  /** Test hook: crash the worker this many ms after the run starts. */
  crashAfterMs?: number;
  /** Train alone in the pool (a very large dataset: see trainsAlone). */
  exclusive?: boolean;
  /** The worker stores the finished run under this origin (workers/store-run.ts). */
  store?: StoreRunOrigin;
}

export function submitTraining(opts: SubmitTrainingOptions): JobHandle<TrainerOutcome> {
  return trainerPool().submit({
    onStart: opts.onStart,
    exclusive: opts.exclusive,
    run: (bridge) => {
      if (opts.crashAfterMs !== undefined) {
        setTimeout(
          () => void bridge.callNow((r) => r.crashForTest()).catch(() => undefined),
          opts.crashAfterMs
        );
      }
      // Comlink's Remote type splits a union result into a union of promises; it is one promise.
      return bridge.call(
        (r) =>
          r.train(
            opts.job,
            { preference: opts.backend, wasmBase: wasmBaseUrl() },
            Comlink.proxy(opts.onEvent),
            opts.checkpoints,
            opts.store
          ) as Promise<TrainerOutcome>
      );
    }
  });
}
