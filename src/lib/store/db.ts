import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { StoredDatasetMeta } from './dataset-columns.ts';
import type { CheckpointMeta, RunMeta } from './runs.ts';
import type { ChunkRecord } from './chunked.ts';

/**
 * The IndexedDB schema (idb). Versioned: bump DB_VERSION and add a step to `upgrade` for every
 * change; never edit a past step. Datasets are stored as columns (one record per typed array)
 * so 1M-row columns go in and out as single values, never as 1M records.
 *
 *   datasets     id → StoredDatasetMeta (small: list without touching the columns)
 *   columns      [datasetId, name] → { datasetId, name, value } (a typed array, or JSON text)
 *   runs         id → RunMeta (everything of a run except its weights)
 *   runWeights   id → { id, weights: ArrayBuffer, userIdsJson?, userFeatureNamesJson? } (the
 *                model manifest's customer ids and feature names, kept out of the listing:
 *                manifest-ids.ts)
 *   runScores    id → { id, scores } (a run's nUsers × nItems matrix; its length stays in the
 *                run as `scoresLength`, so listing runs never reads a matrix)
 *   checkpoints      run id → CheckpointMeta (a run in progress: listed after a reload or crash)
 *   checkpointState  run id → { id, state } (its training state: typed arrays, no JSON)
 *   chunks       [owner, name, part] → { owner, name, part, bytes } (v4): the bytes of arrays
 *                over 16 MB in the records above, in bounded pieces (chunked.ts); the record
 *                holds a reference; owners "ds:<id>:…", "run:<id>:…", "ckpt:<id>:…"
 */
export const DB_NAME = 'telco-recommender-lab';
export const DB_VERSION = 4;

export interface ColumnRecord {
  datasetId: string;
  name: string;
  value: unknown;
}

export interface LabSchema extends DBSchema {
  datasets: { key: string; value: StoredDatasetMeta; indexes: { createdAt: number } };
  columns: { key: [string, string]; value: ColumnRecord };
  runs: { key: string; value: RunMeta; indexes: { createdAt: number } };
  runWeights: {
    key: string;
    value: { id: string; weights: ArrayBuffer; userIdsJson?: string; userFeatureNamesJson?: string };
  };
  runScores: { key: string; value: { id: string; scores: unknown; users?: unknown } };
  checkpoints: { key: string; value: CheckpointMeta };
  checkpointState: { key: string; value: { id: string; state: unknown } };
  chunks: { key: [string, string, number]; value: ChunkRecord };
}

export type LabDb = IDBPDatabase<LabSchema>;

/** Opens (and creates or migrates) the database. Works in pages and workers. */
export async function openLabDb(name = DB_NAME): Promise<LabDb> {
  if (typeof indexedDB === 'undefined')
    throw new Error(
      'IndexedDB is not available here: use a current browser (not a private window that blocks storage).'
    );
  const db = await openDB<LabSchema>(name, DB_VERSION, {
    async upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        db.createObjectStore('datasets', { keyPath: 'id' }).createIndex('createdAt', 'createdAt');
        db.createObjectStore('columns', { keyPath: ['datasetId', 'name'] });
        db.createObjectStore('runs', { keyPath: 'id' }).createIndex('createdAt', 'createdAt');
        db.createObjectStore('runWeights', { keyPath: 'id' });
      }
      if (oldVersion < 2) {
        db.createObjectStore('checkpoints', { keyPath: 'id' });
        db.createObjectStore('checkpointState', { keyPath: 'id' });
      }
      if (oldVersion < 3) {
        db.createObjectStore('runScores', { keyPath: 'id' });
        // Runs stored before v3 kept their score matrix inline: move it out, keep its length.
        for (
          let c = oldVersion >= 1 ? await tx.objectStore('runs').openCursor() : null;
          c;
          c = await c.continue()
        ) {
          const { scores, ...meta } = c.value;
          if (scores === undefined) continue;
          await tx.objectStore('runScores').put({ id: meta.id, scores });
          await c.update({ ...meta, scoresLength: (scores as ArrayLike<number>).length });
        }
      }
      if (oldVersion < 4) db.createObjectStore('chunks', { keyPath: ['owner', 'name', 'part'] });
    },
    blocking() {
      // A newer version was opened in another tab: let it upgrade; we reopen on next use.
      db.close();
    }
  });
  return db;
}
