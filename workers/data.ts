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
import type { ChoiceModel } from '$lib/core/data/utility';
import { exportParityLayout } from '$lib/core/data/parity-io';
import { writeSparkLayout } from '$lib/core/data/export-spark';
import { buildTrainTestData } from '$lib/core/data/train-test';
import { PARITY_FILE_NAMES, type ParityLayoutTexts, writeParityLayout } from '$lib/core/data/parity-layout';
import { fileStem, parityKey } from '$lib/core/data/file-names';
import {
  previewMapping,
  readAndProfile,
  type WideMappingCheck,
  type WidePreview,
  type WideProgress
} from '$lib/core/data/wide/import';
import { inferMapping } from '$lib/core/data/wide/infer';
import { checkMapping, type WideMapping } from '$lib/core/data/wide/mapping';
import type { WideTable } from '$lib/core/data/wide/read';
import { convertWideTable } from '$lib/core/data/wide/convert';
import { type AdoptionColumns, importLongTables } from '$lib/core/data/wide/long';
import { type LongProposal, proposeLong } from '$lib/core/data/wide/long-proposal';
import type { TelcoDataset } from '$lib/core/data/schema';
import { decodeCsvBytes } from '$lib/core/data/text-file';
import { CoreError } from '$lib/core/types';
import { getStore, type StoredDatasetMeta } from '$lib/store';

/** Progress of any long data-worker job (generation phases, then import/export/saving steps). */
export type DataProgress =
  | GenerateProgress
  | WideProgress
  | {
      phase: 'reading' | 'validating' | 'ceilings' | 'saving' | 'exporting';
      fraction: number;
      detail?: string;
    };

/** A wide table's mapping proposal: the table as read, the inferred mapping and what it gives. */
export type WideProposal = WideMappingCheck & { fileName: string; preview: WidePreview };

/** A file handed back by an export: its suggested name and contents. */
export interface ExportedFile {
  name: string;
  blob: Blob;
}

/** The long format's files: the adoptions table and optional attribute tables. */
export interface LongFiles {
  adoptions: File;
  customers?: File;
  plans?: File;
}

async function readLong(files: LongFiles) {
  const read = async (f: File) => ({ text: await f.text(), file: f.name });
  return {
    adoptions: await read(files.adoptions),
    ...(files.customers ? { customers: await read(files.customers) } : {}),
    ...(files.plans ? { plans: await read(files.plans) } : {})
  };
}

let cancel = { aborted: false };
/** The wide table being mapped: parsed once, kept while the person edits the mapping. */
let pendingWide: { key: string; table: WideTable } | null = null;
const fileKey = (f: File) => `${f.name}|${f.size}|${f.lastModified}`;

async function readWide(
  file: File,
  onProgress?: (p: DataProgress) => void
): Promise<{ table: WideTable; preview: WidePreview }> {
  onProgress?.({ phase: 'reading', fraction: 0.02 });
  const text = await file.text();
  const read = readAndProfile({ text, file: file.name || 'table.csv', onProgress });
  pendingWide = { key: fileKey(file), table: read.table };
  return read;
}
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

/** A chosen file's text; binary or non-UTF-8 files are refused in plain words (text-file.ts). */
async function readCsvFile(file: File, name: string): Promise<string> {
  return decodeCsvBytes(new Uint8Array(await file.arrayBuffer()), name);
}

async function openTelco(id: string): Promise<TelcoDataset> {
  return (await getStore()).openDataset(id);
}

const api = {
  async generate(
    opts: { customers: number; seed: number; name?: string; choiceModel?: ChoiceModel },
    onProgress: (p: DataProgress) => void
  ): Promise<StoredDatasetMeta> {
    cancel = { aborted: false };
    const progress = throttled(onProgress);
    const dataset = await generateDatasetAsync({
      customers: opts.customers,
      seed: opts.seed,
      name: opts.name,
      choiceModel: opts.choiceModel,
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
      if (!opts.files[t])
        throw new CoreError('bad_input', `choose the ${t} CSV file (all four tables are needed)`);
    }
    onProgress?.({ phase: 'reading', fraction: 0.05 });
    const texts = {} as Record<CsvTable, string>;
    const fileNames = {} as Record<CsvTable, string>;
    for (const t of CSV_TABLES) {
      fileNames[t] = opts.files[t].name || `${t}.csv`;
      texts[t] = await readCsvFile(opts.files[t], fileNames[t]);
    }
    onProgress?.({ phase: 'validating', fraction: 0.3 });
    await yieldControl();
    const dataset = importTelcoCsv({
      files: texts,
      fileNames,
      name: opts.name?.trim() || 'imported',
      ...(opts.seed !== undefined ? { seed: opts.seed } : {})
    });
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
  async importParity(
    opts: { files: File[]; name?: string },
    onProgress?: (p: DataProgress) => void
  ): Promise<StoredDatasetMeta> {
    const texts: Partial<ParityLayoutTexts> = {};
    onProgress?.({ phase: 'reading', fraction: 0.05 });
    for (const f of opts.files) {
      const key = parityKey(f.name);
      if (key) texts[key] = await readCsvFile(f, f.name);
    }
    for (const need of ['train', 'test'] as const) {
      if (texts[need] === undefined) {
        throw new CoreError(
          'bad_input',
          `${PARITY_FILE_NAMES[need]} is missing: choose the parity files together (${Object.values(PARITY_FILE_NAMES).join(', ')})`
        );
      }
    }
    onProgress?.({ phase: 'validating', fraction: 0.3 });
    await yieldControl();
    return (await getStore()).importParity({
      files: texts as ParityLayoutTexts,
      name: opts.name?.trim() || 'imported parity layout'
    });
  },

  /**
   * Reads one wide customer table (any size; progress while parsing) and proposes a mapping.
   * Nothing is stored. A table no mapping could read is rejected with its reason.
   */
  async proposeWide(file: File, onProgress?: (p: DataProgress) => void): Promise<WideProposal> {
    const { table, preview } = await readWide(file, onProgress);
    const mapping = inferMapping(table, preview.profiles);
    onProgress?.({ phase: 'converting', fraction: 0.8 });
    return { fileName: file.name, preview, ...previewMapping(table, mapping) };
  },

  /** What an edited mapping gives on the pending table (items, features, missing cells, or the problem). */
  async previewWide(mapping: WideMapping): Promise<WideMappingCheck> {
    if (!pendingWide)
      throw new CoreError('bad_input', 'choose the table again: the data worker no longer holds it');
    return previewMapping(pendingWide.table, mapping);
  },

  /** Converts the table with `mapping` and stores it with the mapping, in one transaction. */
  async importWide(
    opts: { file: File; mapping: WideMapping; name?: string },
    onProgress?: (p: DataProgress) => void
  ): Promise<StoredDatasetMeta> {
    const table =
      pendingWide?.key === fileKey(opts.file)
        ? pendingWide.table
        : (await readWide(opts.file, onProgress)).table;
    onProgress?.({ phase: 'converting', fraction: 0.7 });
    await yieldControl();
    const { data, mapping } = convertWideTable(table, checkMapping(opts.mapping));
    onProgress?.({ phase: 'saving', fraction: 0.9 });
    const name = opts.name?.trim() || opts.file.name.replace(/\.[^.]*$/, '') || 'imported table';
    const meta = await (await getStore()).saveTrainTest({ data, name, mapping });
    pendingWide = null;
    return meta;
  },

  /**
   * The long format's proposal: the adoption columns' roles (inferred, or `columns` as edited),
   * the first rows and what the join gives, or the problem (unknown ids by row). Nothing is stored.
   */
  async proposeLong(
    files: LongFiles,
    columns?: Partial<AdoptionColumns>,
    onProgress?: (p: DataProgress) => void
  ): Promise<LongProposal> {
    onProgress?.({ phase: 'reading', fraction: 0.05 });
    const tables = await readLong(files);
    onProgress?.({ phase: 'converting', fraction: 0.4 });
    await yieldControl();
    return proposeLong(tables, columns);
  },

  /**
   * The long format: an adoptions table (customer, plan[, date][, weight]) and optional customer
   * and plan attribute tables, joined by id (adoption columns as confirmed in the proposal, else
   * inferred) and stored with the mapping used, in one transaction.
   */
  async importLong(
    opts: LongFiles & { name?: string; columns?: AdoptionColumns },
    onProgress?: (p: DataProgress) => void
  ): Promise<StoredDatasetMeta> {
    onProgress?.({ phase: 'reading', fraction: 0.05 });
    const tables = await readLong(opts);
    onProgress?.({ phase: 'converting', fraction: 0.4 });
    await yieldControl();
    const { data, mapping } = importLongTables({
      ...tables,
      ...(opts.columns ? { mapping: { adoptions: opts.columns } } : {})
    });
    onProgress?.({ phase: 'saving', fraction: 0.9 });
    const name = opts.name?.trim() || opts.adoptions.name.replace(/\.[^.]*$/, '') || 'imported adoptions';
    return (await getStore()).saveTrainTest({ data, name, mapping });
  },

  forgetWide(): void {
    pendingWide = null;
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

  /**
   * The parity layout as CSV Blobs: of a telco dataset, a random split with its seed and all
   * feature groups; of a stored train/test dataset, its own split and features, plus the
   * mapping.json of a wide-table import.
   */
  async exportParity(id: string, onProgress?: (p: DataProgress) => void): Promise<ExportedFile[]> {
    const store = await getStore();
    const meta = (await store.listDatasets()).find((d) => d.id === id);
    if (meta?.kind === 'traintest') {
      onProgress?.({ phase: 'exporting', fraction: 0.1, detail: 'writing the split and feature rows' });
      const stem = fileStem(meta.name);
      const files: ExportedFile[] = Object.entries(writeParityLayout(await store.openTrainTest(id))).map(
        ([name, text]) => ({ name: `${stem}_${name}`, blob: new Blob([text], { type: 'text/csv' }) })
      );
      const mapping = await store.datasetMapping(id);
      if (mapping)
        files.push({ name: `${stem}_mapping.json`, blob: new Blob([mapping], { type: 'application/json' }) });
      return files;
    }
    const ds = await openTelco(id);
    const stem = fileStem(ds.name);
    onProgress?.({ phase: 'exporting', fraction: 0.1, detail: 'building the split and feature rows' });
    await yieldControl();
    const files = exportParityLayout({ dataset: ds });
    return Object.entries(files).map(([name, text]) => ({
      name: `${stem}_${name}`,
      blob: new Blob([text], { type: 'text/csv' })
    }));
  },

  /**
   * The layout Spark ALS reads (core/data/export-spark.ts): integer-indexed ratings of the same
   * split and id order the parity export writes, plus the index → id files (docs/factors.md).
   */
  async exportSpark(id: string, onProgress?: (p: DataProgress) => void): Promise<ExportedFile[]> {
    const store = await getStore();
    const meta = (await store.listDatasets()).find((d) => d.id === id);
    onProgress?.({ phase: 'exporting', fraction: 0.1, detail: 'writing the ratings and id mappings' });
    await yieldControl();
    const data =
      meta?.kind === 'traintest'
        ? await store.openTrainTest(id)
        : buildTrainTestData({ dataset: await openTelco(id) });
    const stem = fileStem(meta?.name ?? id);
    return Object.entries(writeSparkLayout(data)).map(([name, text]) => ({
      name: `${stem}_${name}`,
      blob: new Blob([text], { type: 'text/csv' })
    }));
  },

  cancel(): void {
    cancel.aborted = true;
  }
};

export type DataApi = typeof api;

Comlink.expose(api);
self.postMessage({ [READY_MESSAGE]: true });
