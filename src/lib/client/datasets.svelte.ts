import * as Comlink from 'comlink';
import { BridgeError, WorkerBridge } from './worker-bridge';
import type { DataApi, DataProgress, DataBenchResult, ExportedFile } from '../../../workers/data';
import type { CsvTable } from '$lib/core/data/csv-schemas';
import { deleteDataset, listDatasets, onStoreChange, renameDataset, storageEstimate, type StorageEstimate, type StoredDatasetMeta } from '$lib/store';

const CURRENT_KEY = 'telco-lab:current-dataset';

/** A long data-worker job the page shows with a progress bar. */
export interface DataJob {
  kind: 'generate' | 'import' | 'export';
  /** What is being done, for the label (e.g. "Generating 5,000 customers"). */
  label: string;
  phase: string;
  fraction: number;
}

/** Files prepared by an export, with object URLs for download links (revoked when replaced). */
export interface PreparedExport {
  datasetId: string;
  datasetName: string;
  what: 'csv' | 'parity';
  files: Array<{ name: string; url: string; bytes: number }>;
}

const MB = 1024 * 1024;
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
  exportError = $state<string | null>(null);

  private bridge = new WorkerBridge<DataApi>({
    label: 'data worker',
    create: () => new Worker(new URL('../../../workers/data.ts', import.meta.url), { type: 'module', name: 'data' })
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
  async generate(opts: { customers: number; seed: number }): Promise<StoredDatasetMeta | undefined> {
    this.generating = { customers: opts.customers, fraction: 0, phase: 'starting' };
    this.error = null;
    this.notice = null;
    // Progress arrives on the callback's own port: a late message must not revive a finished job.
    let active = true;
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
      return meta;
    } catch (err) {
      if (err instanceof BridgeError && err.code === 'aborted') this.notice = 'Generation cancelled: nothing was stored.';
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
  async importCsv(opts: { files: Record<CsvTable, File>; name?: string; seed?: number }): Promise<StoredDatasetMeta | undefined> {
    return this.runImport('Importing CSV tables', (progress) => this.bridge.call((r) => r.importCsv(opts, progress)));
  }

  /** Validates and stores a parity layout (files recognised by name: train.csv, test.csv, …). */
  async importParity(opts: { files: File[]; name?: string }): Promise<StoredDatasetMeta | undefined> {
    return this.runImport('Importing a parity layout', (progress) => this.bridge.call((r) => r.importParity(opts, progress)));
  }

  private async runImport(
    label: string,
    run: (progress: (p: DataProgress) => void) => Promise<StoredDatasetMeta>
  ): Promise<StoredDatasetMeta | undefined> {
    this.job = { kind: 'import', label, phase: 'starting', fraction: 0 };
    this.importError = null;
    this.notice = null;
    let active = true;
    try {
      const meta = await run(Comlink.proxy((p: DataProgress) => {
        if (active) this.job = { kind: 'import', label, phase: p.phase, fraction: p.fraction };
      }));
      await this.refresh();
      this.select(meta.id);
      this.notice = `Imported "${meta.name}": ${meta.sizes.customers.toLocaleString('en')} customers, ${meta.sizes.plans} plans, ${meta.sizes.adoptions.toLocaleString('en')} adoptions.`;
      return meta;
    } catch (err) {
      this.importError = `Import rejected, nothing was stored. ${this.describe(err)}`;
      return undefined;
    } finally {
      active = false;
      this.job = null;
    }
  }

  /** Prepares the raw CSV tables (or the parity layout) of a stored dataset as download links. */
  async prepareExport(id: string, what: 'csv' | 'parity'): Promise<PreparedExport | undefined> {
    const meta = this.list.find((d) => d.id === id);
    if (!meta) return undefined;
    const label = what === 'csv' ? `Exporting the CSV tables of "${meta.name}"` : `Exporting the parity layout of "${meta.name}"`;
    this.job = { kind: 'export', label, phase: 'starting', fraction: 0 };
    this.exportError = null;
    let active = true;
    try {
      const progress = Comlink.proxy((p: DataProgress) => {
        if (active) this.job = { kind: 'export', label, phase: 'detail' in p && p.detail ? p.detail : p.phase, fraction: p.fraction };
      });
      const files: ExportedFile[] = await this.bridge.call((r) => (what === 'csv' ? r.exportCsv(id, progress) : r.exportParity(id, progress)));
      this.clearExport();
      this.exported = {
        datasetId: id, datasetName: meta.name, what,
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
    return this.bridge.call((r) => r.bench(opts));
  }

  /** An error message; storage-full errors also name the biggest stored datasets to delete. */
  private describe(err: unknown): string {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof BridgeError && err.code === 'quota') {
      const biggest = [...this.list].sort((a, b) => b.bytes - a.bytes).slice(0, 3);
      if (biggest.length) return `${message} The largest stored datasets: ${biggest.map((d) => `"${d.name}" (${formatMB(d.bytes)})`).join(', ')}.`;
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
