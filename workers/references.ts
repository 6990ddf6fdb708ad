/**
 * The Train page's reference worker: a thin Comlink adapter that reads a dataset from IndexedDB
 * and computes what the page shows before any run (core/pipeline/training-references.ts: the
 * split, the popularity ranking's metrics, an imported dataset's groups), so selecting a 1M-
 * customer dataset never blocks the page.
 */
import * as Comlink from 'comlink';
import { READY_MESSAGE } from '$lib/core/worker-protocol';
import type { Ceilings } from '$lib/core/data/schema';
import { trainingReferences, type TrainingReferences } from '$lib/core/pipeline/training-references';
import { openDataset, openTrainTest } from '$lib/store';

const api = {
  /** `meta`: the stored dataset's id, kind and (synthetic data) ceilings, as the page lists them. */
  async references(meta: {
    id: string;
    kind?: string;
    ceilings: readonly Ceilings[] | undefined;
  }): Promise<TrainingReferences> {
    const source =
      meta.kind === 'traintest'
        ? { kind: 'traintest' as const, data: await openTrainTest(meta.id) }
        : { kind: 'telco' as const, dataset: await openDataset(meta.id) };
    return trainingReferences(source, meta.ceilings);
  }
};

export type ReferencesApi = typeof api;

Comlink.expose(api);
self.postMessage({ [READY_MESSAGE]: true });
