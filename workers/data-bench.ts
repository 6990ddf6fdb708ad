/**
 * The data benchmark's worker (bench/data-browser.ts, through the Overview's ?bench=1 hook): one
 * generate → save → read back → build all feature groups pass, each phase timed here where it
 * runs, with the worker's heap peak. Kept out of the data worker, which serves the app.
 */
import * as Comlink from 'comlink';
import { READY_MESSAGE } from '$lib/core/worker-protocol';
import { generateDatasetAsync } from '$lib/core/data/generator';
import { buildFeatureSpace } from '$lib/core/features/feature-space';
import { getStore } from '$lib/store';

/** Timings (ms) and memory of one benchmark pass; `marks` are epoch ms for matching external samples. */
export interface DataBenchResult {
  id: string;
  customers: number;
  adoptions: number;
  storedBytes: number;
  generateMs: number;
  saveMs: number;
  readMs: number;
  featuresMs: number;
  userNnz: number;
  /** Peak of performance.memory.usedJSHeapSize in the worker, when Chromium exposes it (null otherwise). */
  workerHeapPeakBytes: number | null;
  marks: Array<{ phase: 'generate' | 'save' | 'read' | 'features'; start: number; end: number }>;
}

function heapNow(): number | null {
  const m = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
  return m ? m.usedJSHeapSize : null;
}

const yieldControl = () => new Promise<void>((r) => setTimeout(r, 0));

const api = {
  /**
   * Benchmark pass (bench/data-browser.ts via the ?bench=1 hook): generate, save, read back,
   * build all feature groups; each phase timed here in the worker. Deletes nothing: the caller does.
   */
  async bench(opts: { customers: number; seed?: number }): Promise<DataBenchResult> {
    let peak = heapNow();
    const sample = () => {
      const h = heapNow();
      if (h !== null && (peak === null || h > peak)) peak = h;
    };
    const marks: DataBenchResult['marks'] = [];
    const timed = async <T>(
      phase: DataBenchResult['marks'][number]['phase'],
      fn: () => Promise<T> | T
    ): Promise<[T, number]> => {
      const t0 = performance.now();
      const start = performance.timeOrigin + t0;
      const value = await fn();
      const ms = performance.now() - t0;
      marks.push({ phase, start, end: start + ms });
      sample();
      return [value, ms];
    };
    const store = await getStore();
    // Generate and save in their own scope, so the generated columns can go before the read.
    const first = async () => {
      const [dataset, generateMs] = await timed('generate', () =>
        generateDatasetAsync({ customers: opts.customers, seed: opts.seed ?? 42, onProgress: sample })
      );
      const [meta, saveMs] = await timed('save', () => store.saveDataset({ dataset }));
      return { meta, generateMs, saveMs, adoptions: dataset.adoptions.planIdx.length };
    };
    const { meta, generateMs, saveMs, adoptions } = await first();
    await yieldControl();
    const [back, readMs] = await timed('read', () => store.openDataset(meta.id));
    const [built, featuresMs] = await timed('features', () =>
      buildFeatureSpace({ dataset: back, onProgress: sample })
    );
    return {
      id: meta.id,
      customers: opts.customers,
      adoptions,
      storedBytes: meta.bytes,
      generateMs,
      saveMs,
      readMs,
      featuresMs,
      userNnz: built.space.userFeatures.indices.length,
      workerHeapPeakBytes: peak,
      marks
    };
  }
};

export type DataBenchApi = typeof api;

Comlink.expose(api);
self.postMessage({ [READY_MESSAGE]: true });
