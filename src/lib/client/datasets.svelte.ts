import * as Comlink from 'comlink';
import { WorkerBridge } from './worker-bridge';
import type { DataApi } from '../../../workers/data';
import type { GenerateProgress } from '$lib/core/data/generator';
import { deleteDataset, listDatasets, storageEstimate, type StorageEstimate, type StoredDatasetMeta } from '$lib/store';

const CURRENT_KEY = 'telco-lab:current-dataset';

/**
 * The stored datasets and which one the pages work on (remembered across reloads).
 * Generation runs in the data worker, which writes to IndexedDB itself.
 */
export class DatasetsState {
  list = $state.raw<StoredDatasetMeta[]>([]);
  currentId = $state<string | null>(null);
  loaded = $state(false);
  storage = $state.raw<StorageEstimate | null>(null);
  generating = $state.raw<{ customers: number; fraction: number; phase: string } | null>(null);
  error = $state<string | null>(null);

  private bridge = new WorkerBridge<DataApi>({
    label: 'data worker',
    create: () => new Worker(new URL('../../../workers/data.ts', import.meta.url), { type: 'module', name: 'data' })
  });

  get current(): StoredDatasetMeta | undefined {
    return this.list.find((d) => d.id === this.currentId) ?? this.list[0];
  }

  async refresh(): Promise<void> {
    try {
      this.list = await listDatasets();
      this.storage = await storageEstimate();
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
    try {
      const meta = await this.bridge.call((r) =>
        r.generate(
          opts,
          Comlink.proxy((p: GenerateProgress | { phase: 'saving'; fraction: number }) => {
            this.generating = { customers: opts.customers, fraction: p.fraction, phase: p.phase };
          })
        )
      );
      await this.refresh();
      this.select(meta.id);
      return meta;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
      return undefined;
    } finally {
      this.generating = null;
    }
  }

  cancelGeneration(): void {
    void this.bridge.callNow((r) => r.cancel()).catch(() => undefined);
  }

  async remove(id: string): Promise<void> {
    await deleteDataset(id);
    await this.refresh();
  }
}

/** One shared instance per tab; create it only in the browser (it touches localStorage and workers). */
let instance: DatasetsState | undefined;
export function datasetsState(): DatasetsState {
  instance ??= new DatasetsState();
  return instance;
}
