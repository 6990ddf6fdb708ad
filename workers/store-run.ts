/**
 * The training worker stores a finished run itself when the page asks it to (the Recommend
 * page's cold-start training): building the record (serializing the model) and IndexedDB's
 * copy of the weights and score matrix then cost the worker's thread, not the page's (about
 * 200 ms of one page task at 50k customers). The page refreshes its list from the store.
 */
import type { TrainResult } from '$lib/core/pipeline/run-training';
import { runFromResult, type RunOrigin } from '$lib/core/pipeline/run-record';
import type { TrainingEngine } from '$lib/core/model/engine';
import { getStore } from '$lib/store';
import type { BackendInfo } from './tf-backend';

/** What the page knows of a run to store; the worker adds the backend and the engine that ran. */
export type StoreRunOrigin = Omit<RunOrigin, 'backend' | 'engine' | 'createdAt'>;

export async function storeFinishedRun(
  origin: StoreRunOrigin,
  result: TrainResult,
  backend: BackendInfo,
  engine: TrainingEngine | undefined
): Promise<void> {
  const record = runFromResult(
    {
      ...origin,
      createdAt: Date.now(),
      backend: { backend: backend.backend, reason: backend.reason },
      engine
    },
    result
  );
  await (await getStore()).putRun(record as never);
}
