/**
 * The data worker: generates datasets (up to 1M customers) and imports CSVs off the main
 * thread, writing them to IndexedDB itself so nothing large crosses back to the page.
 */
import * as Comlink from 'comlink';
import { READY_MESSAGE } from '$lib/client/worker-bridge';
import { generateDatasetAsync, type GenerateProgress } from '$lib/core/data/generator';
import { getStore, type StoredDatasetMeta } from '$lib/store';

let cancel = { aborted: false };

const api = {
  async generate(
    opts: { customers: number; seed: number; name?: string },
    onProgress: (p: GenerateProgress | { phase: 'saving'; fraction: number }) => void
  ): Promise<StoredDatasetMeta> {
    cancel = { aborted: false };
    let last = 0;
    const dataset = await generateDatasetAsync({
      customers: opts.customers,
      seed: opts.seed,
      name: opts.name,
      signal: cancel,
      yieldControl: () => new Promise((r) => setTimeout(r, 0)),
      onProgress: (p) => {
        const t = Date.now();
        if (t - last > 100 || p.phase === 'done') {
          last = t;
          onProgress(p);
        }
      }
    });
    onProgress({ phase: 'saving', fraction: 1 });
    return (await getStore()).saveDataset({ dataset });
  },

  cancel(): void {
    cancel.aborted = true;
  }
};

export type DataApi = typeof api;

Comlink.expose(api);
self.postMessage({ [READY_MESSAGE]: true });
