import type { ChoiceModel } from '$lib/core/data/utility';
import * as Comlink from 'comlink';
import { BridgeError, WorkerBridge } from './worker-bridge';
import type { DataApi, DataProgress, ExportedFile, LongFiles, WideProposal } from '../../../workers/data';
import type { AdoptionColumns } from '$lib/core/data/wide/long';
import type { LongProposal } from '$lib/core/data/wide/long-proposal';
import dataScript from '../../../workers/data.ts?worker&url';
import type { DataBenchApi, DataBenchResult } from '../../../workers/data-bench';
import dataBenchScript from '../../../workers/data-bench.ts?worker&url';
import { startModuleWorker } from './worker-url';
import { parseMapping, type WideMapping } from '$lib/core/data/wide/mapping';
import type { CsvTable } from '$lib/core/data/csv-schemas';
import {
  deleteDataset,
  listDatasets,
  onStoreChange,
  renameDataset,
  storageEstimate,
  type StorageEstimate,
  type StoredDatasetMeta
} from '$lib/store';

const CURRENT_KEY = 'telco-lab:current-dataset';

/** A long data-worker job the page shows with a progress bar. */
export interface DataJob {
  kind: 'generate' | 'import' | 'wide' | 'export';
  /** What is being done, for the label (e.g. "Generating 5,000 customers"). */
  label: string;
  phase: string;
  fraction: number;
}

/** Files prepared by an export, with object URLs for download links (revoked when replaced). */
/** Raw CSV tables, the parity layout (what LightFM's Dataset reads), or the Spark ALS layout. */
export type ExportWhat = 'csv' | 'parity' | 'spark';

export interface PreparedExport {
  datasetId: string;
  datasetName: string;
  what: ExportWhat;
  files: Array<{ name: string; url: string; bytes: number }>;
}

const MB = 1024 * 1024;

/** The confirmation after a generation: what was made, how long it took, where it went. */
export function generatedNotice(meta: StoredDatasetMeta, ms: number): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const time = ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
  const months = meta.sizes.usageMonths ? ` with ${meta.sizes.usageMonths} months of usage` : '';
  return `Generated "${meta.name}" in ${time}: ${n(meta.sizes.customers)} customers${months}, ${n(meta.sizes.plans)} plans and ${n(meta.sizes.adoptions)} adoptions, stored in this browser and selected.`;
}
const formatMB = (b: number) => `${(b / MB).toFixed(b < 10 * MB ? 1 : 0)} MB`;

/**
 * The stored datasets and which one the pages work on (remembered across reloads).
 * Generation, import and export run in the data worker, which reads and writes IndexedDB itself.
 */
export class DatasetsState {
  list = $state.raw<StoredDatasetMeta[]>([]);
  currentId = $state<string | null>(null);
  loaded = $state(false);
  storage = $state.raw<StorageEstimate | null>(null);
  generating = $state.raw<{ customers: number; fraction: number; phase: string } | null>(null);
  /** Generation, storage and list errors (the Train page shows this one too). */
  error = $state<string | null>(null);
  /** The last import's rejection: names file, row and column for CSV problems. */
  importError = $state<string | null>(null);
  /** A short confirmation of the last finished action (import, cancel, rename, delete). */
  notice = $state<string | null>(null);
  /** The running import or export (generation shows in `generating`). */
  job = $state.raw<DataJob | null>(null);
  exported = $state.raw<PreparedExport | null>(null);
  /** A wide table being mapped (proposal shown, nothing stored yet), with its file. */
  wide = $state.raw<(WideProposal & { file: File }) | null>(null);
  /** Whether the worker is re-checking an edited mapping. */
  wideChecking = $state(false);
  /** The last wide-table rejection (file, row and column), shown by the wide-table panel. */
  wideError = $state<string | null>(null);
  exportError = $state<string | null>(null);
  /** Long-format tables being mapped (proposal shown, nothing stored yet), with their files. */
  long = $state.raw<{ proposal: LongProposal; files: LongFiles } | null>(null);

  /** Started only by the benchmark hook (bench/data-browser.ts), never by the app. */
  private benchBridge: WorkerBridge<DataBenchApi> | undefined;
  private bridge = new WorkerBridge<DataApi>({
    label: 'data worker',
    create: () => startModuleWorker(dataScript, 'data')
  });

  get current(): StoredDatasetMeta | undefined {
    return this.list.find((d) => d.id === this.currentId) ?? this.list[0];
  }

  /** Whether a generation, import or export is running (one at a time). */
  get busy(): boolean {
    return this.generating !== null || this.job !== null;
  }

  async refresh(): Promise<void> {
    try {
      this.list = await listDatasets();
      this.storage = await storageEstimate().catch(() => null);
      const remembered = localStorage.getItem(CURRENT_KEY);
      if (remembered && this.list.some((d) => d.id === remembered)) this.currentId = remembered;
      else this.currentId = this.list[0]?.id ?? null;
      this.error = null;
    } catch (err) {
      this.error = `Could not read stored datasets: ${err instanceof Error ? err.message : String(err)}`;
    } finally {
      this.loaded = true;
    }
  }

  select(id: string): void {
    this.currentId = id;
    localStorage.setItem(CURRENT_KEY, id);
  }

  /** Generates and stores a dataset in the data worker; selects it when done. */
  async generate(opts: {
    customers: number;
    seed: number;
    choiceModel?: ChoiceModel;
  }): Promise<StoredDatasetMeta | undefined> {
    this.generating = { customers: opts.customers, fraction: 0, phase: 'starting' };
    this.error = null;
    this.notice = null;
    // Progress arrives on the callback's own port: a late message must not revive a finished job.
    let active = true;
    const t0 = performance.now();
    try {
      const meta = await this.bridge.call((r) =>
        r.generate(
          opts,
          Comlink.proxy((p: DataProgress) => {
            if (active) this.generating = { customers: opts.customers, fraction: p.fraction, phase: p.phase };
          })
        )
      );
      await this.refresh();
      this.select(meta.id);
      // A 5,000-customer dataset takes well under a second: say what happened once the progress bar is gone.
      this.notice = generatedNotice(meta, performance.now() - t0);
      return meta;
    } catch (err) {
      if (err instanceof BridgeError && err.code === 'aborted')
        this.notice = 'Generation cancelled: nothing was stored.';
      else this.error = this.describe(err);
      return undefined;
    } finally {
      active = false;
      this.generating = null;
    }
  }

  cancelGeneration(): void {
    void this.bridge.callNow((r) => r.cancel()).catch(() => undefined);
  }

  /**
   * Validates and stores the four raw CSV tables in the data worker. On rejection `importError`
   * names file, row and column, and nothing stored changes. Selects the new dataset.
   */
  async importCsv(opts: {
    files: Record<CsvTable, File>;
    name?: string;
    seed?: number;
  }): Promise<StoredDatasetMeta | undefined> {
    return this.runImport('import', 'Importing CSV tables', (progress) =>
      this.bridge.call((r) => r.importCsv(opts, progress))
    );
  }

  /** Validates and stores a parity layout (files recognised by name: train.csv, test.csv, …). */
  async importParity(opts: { files: File[]; name?: string }): Promise<StoredDatasetMeta | undefined> {
    return this.runImport('import', 'Importing a parity layout', (progress) =>
      this.bridge.call((r) => r.importParity(opts, progress))
    );
  }

  /** Reads one wide customer table in the worker and shows the proposed mapping; stores nothing. */
  async proposeWide(file: File): Promise<void> {
    this.wide = null;
    const proposal = await this.runJob('wide', `Reading ${file.name}`, (progress) =>
      this.bridge.call((r) => r.proposeWide(file, progress))
    );
    if (proposal) this.wide = { ...proposal, file };
  }

  /** Re-checks the pending table with an edited (or imported) mapping. */
  async remapWide(mapping: WideMapping): Promise<void> {
    const pending = this.wide;
    if (!pending) return;
    this.wideChecking = true;
    try {
      const check = await this.bridge.call((r) => r.previewWide(mapping));
      if (this.wide === pending) this.wide = { ...pending, ...check };
    } catch (err) {
      this.wideError = `Could not check the mapping: ${this.describe(err)}`;
    } finally {
      this.wideChecking = false;
    }
  }

  /** Reads a mapping JSON file (exported before) and applies it to the pending table. */
  async importMapping(file: File): Promise<void> {
    try {
      this.wideError = null;
      await this.remapWide(parseMapping(await file.text()));
    } catch (err) {
      this.wideError = `${file.name}: ${this.describe(err)}`;
    }
  }

  /** Stores the pending wide table with its current mapping (all or nothing); selects it. */
  async confirmWide(name?: string): Promise<StoredDatasetMeta | undefined> {
    const pending = this.wide;
    if (!pending) return undefined;
    const meta = await this.runImport('wide', `Importing ${pending.fileName}`, (progress) =>
      this.bridge.call((r) => r.importWide({ file: pending.file, mapping: pending.mapping, name }, progress))
    );
    if (meta) this.wide = null;
    return meta;
  }

  /** Reads the long format's tables and proposes the adoption columns' roles (nothing stored). */
  async proposeLong(files: LongFiles): Promise<void> {
    this.long = null;
    const proposal = await this.runJob('wide', `Reading ${files.adoptions.name}`, (progress) =>
      this.bridge.call((r) => r.proposeLong(files, undefined, progress))
    );
    if (proposal) this.long = { proposal, files };
  }

  /** Re-checks the pending long-format tables with edited adoption columns. */
  async remapLong(columns: Partial<AdoptionColumns>): Promise<void> {
    const pending = this.long;
    if (!pending) return;
    try {
      const proposal = await this.bridge.call((r) => r.proposeLong(pending.files, columns));
      if (this.long === pending) this.long = { ...pending, proposal };
    } catch (err) {
      this.wideError = `Could not check the tables: ${this.describe(err)}`;
    }
  }

  /** Joins the pending long-format tables with the confirmed columns and stores them (all or nothing). */
  async confirmLong(name?: string): Promise<StoredDatasetMeta | undefined> {
    const pending = this.long;
    if (!pending?.proposal.mapping) return undefined;
    const columns = pending.proposal.mapping.adoptions;
    const meta = await this.runImport('wide', `Importing ${pending.files.adoptions.name}`, (progress) =>
      this.bridge.call((r) =>
        r.importLong({ ...pending.files, columns, ...(name ? { name } : {}) }, progress)
      )
    );
    if (meta) this.long = null;
    return meta;
  }

  cancelLong(): void {
    this.long = null;
  }

  cancelWide(): void {
    this.wide = null;
    this.wideError = null;
    void this.bridge.call((r) => r.forgetWide()).catch(() => undefined);
  }

  /** Runs one import-kind worker job with progress; on rejection sets importError and returns undefined. */
  private async runJob<T>(
    kind: 'import' | 'wide',
    label: string,
    run: (progress: (p: DataProgress) => void) => Promise<T>
  ): Promise<T | undefined> {
    this.job = { kind, label, phase: 'starting', fraction: 0 };
    this.importError = null;
    this.wideError = null;
    this.notice = null;
    let active = true;
    try {
      return await run(
        Comlink.proxy((p: DataProgress) => {
          if (active) this.job = { kind, label, phase: p.phase, fraction: p.fraction };
        })
      );
    } catch (err) {
      const message = `Import rejected, nothing was stored. ${this.describe(err)}`;
      if (kind === 'wide') this.wideError = message;
      else this.importError = message;
      return undefined;
    } finally {
      active = false;
      this.job = null;
    }
  }

  private async runImport(
    kind: 'import' | 'wide',
    label: string,
    run: (progress: (p: DataProgress) => void) => Promise<StoredDatasetMeta>
  ): Promise<StoredDatasetMeta | undefined> {
    const meta = await this.runJob(kind, label, run);
    if (!meta) return undefined;
    await this.refresh();
    this.select(meta.id);
    this.notice = `Imported "${meta.name}": ${meta.sizes.customers.toLocaleString('en')} customers, ${meta.sizes.plans} ${meta.origin === 'wide' || meta.origin === 'long' ? 'items' : 'plans'}, ${meta.sizes.adoptions.toLocaleString('en')} adoptions.`;
    return meta;
  }

  /** Prepares the raw CSV tables (or the parity layout) of a stored dataset as download links. */
  async prepareExport(id: string, what: ExportWhat): Promise<PreparedExport | undefined> {
    const meta = this.list.find((d) => d.id === id);
    if (!meta) return undefined;
    const label = `Exporting ${what === 'csv' ? 'the CSV tables' : what === 'spark' ? 'the Spark ALS layout' : 'the parity layout'} of "${meta.name}"`;
    this.job = { kind: 'export', label, phase: 'starting', fraction: 0 };
    this.exportError = null;
    let active = true;
    try {
      const progress = Comlink.proxy((p: DataProgress) => {
        if (active)
          this.job = {
            kind: 'export',
            label,
            phase: 'detail' in p && p.detail ? p.detail : p.phase,
            fraction: p.fraction
          };
      });
      const files: ExportedFile[] = await this.bridge.call((r) =>
        what === 'csv'
          ? r.exportCsv(id, progress)
          : what === 'spark'
            ? r.exportSpark(id, progress)
            : r.exportParity(id, progress)
      );
      this.clearExport();
      this.exported = {
        datasetId: id,
        datasetName: meta.name,
        what,
        files: files.map((f) => ({ name: f.name, url: URL.createObjectURL(f.blob), bytes: f.blob.size }))
      };
      return this.exported;
    } catch (err) {
      this.exportError = `Export failed: ${this.describe(err)}`;
      return undefined;
    } finally {
      active = false;
      this.job = null;
    }
  }

  /** Forgets the prepared export and frees its object URLs. */
  clearExport(): void {
    for (const f of this.exported?.files ?? []) URL.revokeObjectURL(f.url);
    this.exported = null;
  }

  async rename(id: string, name: string): Promise<void> {
    const trimmed = name.trim();
    if (!trimmed) {
      this.error = 'A dataset name cannot be empty.';
      return;
    }
    try {
      await renameDataset(id, trimmed);
      await this.refresh();
      this.notice = `Renamed to "${trimmed}".`;
    } catch (err) {
      this.error = this.describe(err);
    }
  }

  async remove(id: string): Promise<void> {
    const meta = this.list.find((d) => d.id === id);
    try {
      await deleteDataset(id);
    } catch (err) {
      this.error = `Could not delete "${meta?.name ?? id}": ${this.describe(err)}`;
      return;
    }
    if (this.exported?.datasetId === id) this.clearExport();
    await this.refresh();
    if (meta) this.notice = `Deleted "${meta.name}" (${formatMB(meta.bytes)} freed).`;
  }

  /** Benchmark hook (bench/data-browser.ts): one generate/save/read/features pass in the worker. */
  bench(opts: { customers: number; seed?: number }): Promise<DataBenchResult> {
    this.benchBridge ??= new WorkerBridge<DataBenchApi>({
      label: 'data benchmark worker',
      create: () => startModuleWorker(dataBenchScript, 'data-bench')
    });
    return this.benchBridge.call((r) => r.bench(opts));
  }

  /** An error message; storage-full errors also name the biggest stored datasets to delete. */
  private describe(err: unknown): string {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof BridgeError && err.code === 'quota') {
      const biggest = [...this.list].sort((a, b) => b.bytes - a.bytes).slice(0, 3);
      if (biggest.length)
        return `${message} The largest stored datasets: ${biggest.map((d) => `"${d.name}" (${formatMB(d.bytes)})`).join(', ')}.`;
    }
    return message;
  }
}

/** One shared instance per tab; create it only in the browser (it touches localStorage and workers). */
let instance: DatasetsState | undefined;
export function datasetsState(): DatasetsState {
  if (!instance) {
    const state = new DatasetsState();
    // Lists in other tabs follow every stored, renamed or deleted dataset (one listener per tab).
    onStoreChange((topic) => {
      if (topic === 'datasets') void state.refresh();
    });
    instance = state;
  }
  return instance;
}
