/**
 * The store's public API. Pages and workers either open a LabStore explicitly or use these
 * functions, which share one lazily opened connection per JS context.
 */
import type { TelcoDataset } from '../core/data/schema.ts';
import type { TrainTestData } from '../core/types.ts';
import { LabStore } from './lab-store.ts';
import type { RunRecord } from './runs.ts';

export { LabStore } from './lab-store.ts';
export { requestPersistentStorage, storageEstimate, type StorageEstimate } from './storage-estimate.ts';
export type { StoredDatasetMeta, DatasetKind } from './dataset-columns.ts';
export type { RunMeta, RunRecord, CheckpointMeta } from './runs.ts';
export { onStoreChange, type StoreTopic } from './changes.ts';
export { DB_NAME, DB_VERSION } from './db.ts';

let shared: Promise<LabStore> | null = null;

/** The shared store of this page or worker (opened on first use). */
export function getStore(): Promise<LabStore> {
  shared ??= LabStore.open().then(
    (s) => {
      s.db.addEventListener('close', () => (shared = null));
      s.db.addEventListener('versionchange', () => (shared = null));
      return s;
    },
    (e) => {
      shared = null;
      throw e;
    }
  );
  return shared;
}

export const saveDataset = async (opts: { dataset: TelcoDataset; name?: string }) =>
  (await getStore()).saveDataset(opts);
export const saveTrainTest = async (opts: { data: TrainTestData; name: string }) =>
  (await getStore()).saveTrainTest(opts);
export const importCsv = async (opts: Parameters<LabStore['importCsv']>[0]) =>
  (await getStore()).importCsv(opts);
export const importParity = async (opts: Parameters<LabStore['importParity']>[0]) =>
  (await getStore()).importParity(opts);
export const listDatasets = async () => (await getStore()).listDatasets();
export const openDataset = async (id: string) => (await getStore()).openDataset(id);
export const openTrainTest = async (id: string) => (await getStore()).openTrainTest(id);
export const datasetMapping = async (id: string) => (await getStore()).datasetMapping(id);
export const renameDataset = async (id: string, name: string) => (await getStore()).renameDataset(id, name);
export const deleteDataset = async (id: string) => (await getStore()).deleteDataset(id);
export const putRun = async (run: RunRecord) => (await getStore()).putRun(run);
export const listRuns = async () => (await getStore()).listRuns();
export const getRun = async (id: string) => (await getStore()).getRun(id);
export const deleteRun = async (id: string) => (await getStore()).deleteRun(id);
export const renameRun = async (id: string, name: string) => (await getStore()).renameRun(id, name);
export const putCheckpoint = async (meta: Parameters<LabStore['putCheckpoint']>[0], state: unknown) =>
  (await getStore()).putCheckpoint(meta, state);
export const listCheckpoints = async () => (await getStore()).listCheckpoints();
export const getCheckpoint = async (id: string) => (await getStore()).getCheckpoint(id);
