/**
 * The data worker: generates datasets (up to 1M customers), imports and exports CSVs off the
 * main thread, writing to and reading from IndexedDB itself so nothing large crosses to the
 * page (imports take File objects, exports hand back Blobs).
 */
import * as Comlink from 'comlink';
import { READY_MESSAGE } from '$lib/core/worker-protocol';
import { standardCeilings } from '$lib/core/data/ceilings';
import { csvChunks } from '$lib/core/data/csv-export';
import { importTelcoCsv } from '$lib/core/data/csv-import';
import { CSV_TABLES, type CsvTable } from '$lib/core/data/csv-schemas';
import { generateDatasetAsync, type GenerateProgress } from '$lib/core/data/generator';
import { exportParityLayout } from '$lib/core/data/parity-io';
import { PARITY_FILE_NAMES, type ParityLayoutTexts } from '$lib/core/data/parity-layout';
import type { TelcoDataset } from '$lib/core/data/schema';
import { buildFeatureSpace } from '$lib/core/features/feature-space';
import { CoreError } from '$lib/core/types';
import { getStore, type StoredDatasetMeta } from '$lib/store';

/** Progress of any long data-worker job (generation phases, then import/export/saving steps). */
export type DataProgress =
  | GenerateProgress
  | { phase: 'reading' | 'validating' | 'ceilings' | 'saving' | 'exporting'; fraction: number; detail?: string };

/** A file handed back by an export: its suggested name and contents. */
export interface ExportedFile {
  name: string;
  blob: Blob;
}

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

let cancel = { aborted: false };
const yieldControl = () => new Promise<void>((r) => setTimeout(r, 0));

function throttled(onProgress: ((p: DataProgress) => void) | undefined): (p: DataProgress) => void {
  let last = 0;
  return (p) => {
    const t = Date.now();
    if (t - last > 100 || p.phase === 'done' || p.phase === 'saving') {
      last = t;
      onProgress?.(p);
    }
  };
}

/** File name safe for a download: letters, digits, dot, dash and underscore. */
function fileStem(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 80) || 'dataset';
}

/** A Blob built from text chunks, folded every few chunks so the strings can be collected early. */
async function blobOf(chunks: Iterable<string>): Promise<Blob> {
  let blob = new Blob([], { type: 'text/csv' });
  let parts: string[] = [];
  let size = 0;
  for (const chunk of chunks) {
    parts.push(chunk);
    size += chunk.length;
    if (size > 8_000_000) {
      blob = new Blob([blob, ...parts], { type: 'text/csv' });
      parts = [];
      size = 0;
      await yieldControl();
    }
  }
  return new Blob([blob, ...parts], { type: 'text/csv' });
}

/** Which parity file `name` is: "train.csv", or an export's "<dataset>_train.csv". */
function parityKey(name: string): keyof ParityLayoutTexts | undefined {
  const n = name.toLowerCase();
  const hits = (Object.entries(PARITY_FILE_NAMES) as Array<[keyof ParityLayoutTexts, string]>)
    .filter(([, file]) => n === file || n.endsWith(`_${file}`) || n.endsWith(`-${file}`))
    .sort((a, b) => b[1].length - a[1].length);
  return hits[0]?.[0];
}

async function openTelco(id: string): Promise<TelcoDataset> {
  return (await getStore()).openDataset(id);
}

function heapNow(): number | null {
  const m = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
  return m ? m.usedJSHeapSize : null;
}

const api = {
  async generate(opts: { customers: number; seed: number; name?: string }, onProgress: (p: DataProgress) => void): Promise<StoredDatasetMeta> {
    cancel = { aborted: false };
    const progress = throttled(onProgress);
    const dataset = await generateDatasetAsync({
      customers: opts.customers,
      seed: opts.seed,
      name: opts.name,
      signal: cancel,
      yieldControl,
      onProgress: progress
    });
    progress({ phase: 'saving', fraction: 1 });
    return (await getStore()).saveDataset({ dataset });
  },

  /**
   * Reads, validates and stores the four raw tables. A rejected file throws CsvError (its message
   * names file, row and column) before anything is written. Synthetic data (hidden traits
   * present) gets its ceilings, computed with `seed` as split seed like a generated dataset.
   */
  async importCsv(
    opts: { files: Record<CsvTable, File>; name?: string; seed?: number },
    onProgress?: (p: DataProgress) => void
  ): Promise<StoredDatasetMeta> {
    for (const t of CSV_TABLES) {
      if (!opts.files[t]) throw new CoreError('bad_input', `choose the ${t} CSV file (all four tables are needed)`);
    }
    onProgress?.({ phase: 'reading', fraction: 0.05 });
    const texts = {} as Record<CsvTable, string>;
    const fileNames = {} as Record<CsvTable, string>;
    for (const t of CSV_TABLES) {
      texts[t] = await opts.files[t].text();
      fileNames[t] = opts.files[t].name || `${t}.csv`;
    }
    onProgress?.({ phase: 'validating', fraction: 0.3 });
    await yieldControl();
    const dataset = importTelcoCsv({ files: texts, fileNames, name: opts.name?.trim() || 'imported', ...(opts.seed !== undefined ? { seed: opts.seed } : {}) });
    if (dataset.customers.hidden) {
      onProgress?.({ phase: 'ceilings', fraction: 0.6 });
      await yieldControl();
      dataset.ceilings = standardCeilings(dataset);
    }
    onProgress?.({ phase: 'saving', fraction: 0.9 });
    return (await getStore()).saveDataset({ dataset });
  },

  /**
   * Stores a parity layout (train.csv, test.csv [, validation.csv], users.csv, items.csv,
   * user_features.csv, item_features.csv). Files are recognised by name; others are ignored.
   */
  async importParity(opts: { files: File[]; name?: string }, onProgress?: (p: DataProgress) => void): Promise<StoredDatasetMeta> {
    const texts: Partial<ParityLayoutTexts> = {};
    onProgress?.({ phase: 'reading', fraction: 0.05 });
    for (const f of opts.files) {
      const key = parityKey(f.name);
      if (key) texts[key] = await f.text();
    }
    for (const need of ['train', 'test'] as const) {
      if (texts[need] === undefined) {
        throw new CoreError('bad_input', `${PARITY_FILE_NAMES[need]} is missing: choose the parity files together (${Object.values(PARITY_FILE_NAMES).join(', ')})`);
      }
    }
    onProgress?.({ phase: 'validating', fraction: 0.3 });
    await yieldControl();
    return (await getStore()).importParity({ files: texts as ParityLayoutTexts, name: opts.name?.trim() || 'imported parity layout' });
  },

  /** The four raw tables of a stored dataset as CSV Blobs (same bytes as the CLI writes). */
  async exportCsv(id: string, onProgress?: (p: DataProgress) => void): Promise<ExportedFile[]> {
    const ds = await openTelco(id);
    const stem = fileStem(ds.name);
    const out: ExportedFile[] = [];
    for (const [k, table] of CSV_TABLES.entries()) {
      onProgress?.({ phase: 'exporting', fraction: k / CSV_TABLES.length, detail: `${table}.csv` });
      out.push({ name: `${stem}_${table}.csv`, blob: await blobOf(csvChunks(ds, table)) });
    }
    return out;
  },

  /** The parity layout (random split with the dataset's seed, all feature groups) as CSV Blobs. */
  async exportParity(id: string, onProgress?: (p: DataProgress) => void): Promise<ExportedFile[]> {
    const ds = await openTelco(id);
    const stem = fileStem(ds.name);
    onProgress?.({ phase: 'exporting', fraction: 0.1, detail: 'building the split and feature rows' });
    await yieldControl();
    const files = exportParityLayout({ dataset: ds });
    return Object.entries(files).map(([name, text]) => ({ name: `${stem}_${name}`, blob: new Blob([text], { type: 'text/csv' }) }));
  },

  cancel(): void {
    cancel.aborted = true;
  },

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
    const timed = async <T>(phase: DataBenchResult['marks'][number]['phase'], fn: () => Promise<T> | T): Promise<[T, number]> => {
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
      const [dataset, generateMs] = await timed('generate', () => generateDatasetAsync({ customers: opts.customers, seed: opts.seed ?? 42, onProgress: sample }));
      const [meta, saveMs] = await timed('save', () => store.saveDataset({ dataset }));
      return { meta, generateMs, saveMs, adoptions: dataset.adoptions.planIdx.length };
    };
    const { meta, generateMs, saveMs, adoptions } = await first();
    await yieldControl();
    const [back, readMs] = await timed('read', () => store.openDataset(meta.id));
    const [built, featuresMs] = await timed('features', () => buildFeatureSpace({ dataset: back, onProgress: sample }));
    return {
      id: meta.id, customers: opts.customers, adoptions, storedBytes: meta.bytes, generateMs, saveMs, readMs, featuresMs,
      userNnz: built.space.userFeatures.indices.length, workerHeapPeakBytes: peak, marks
    };
  }
};

export type DataApi = typeof api;

Comlink.expose(api);
self.postMessage({ [READY_MESSAGE]: true });
