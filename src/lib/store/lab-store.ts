import { importTelcoCsv, type ImportTelcoCsvOptions } from '../core/data/csv-import.ts';
import { importParityLayout } from '../core/data/parity-io.ts';
import type { ParityLayoutTexts } from '../core/data/parity-layout.ts';
import { summarizeDataset } from '../core/data/summary.ts';
import { importWideTable, type WideImport } from '../core/data/wide/import.ts';
import type { LongImport } from '../core/data/wide/long.ts';
import { mappingJson, type WideMapping } from '../core/data/wide/mapping.ts';
import type { TelcoDataset } from '../core/data/schema.ts';
import type { TrainTestData } from '../core/types.ts';
import { CoreError } from '../core/types.ts';
import {
  COLUMN_FORMAT,
  columnBytes,
  columnsToTelco,
  columnsToTrainTest,
  MAPPING_COLUMN,
  type StoredDatasetMeta,
  telcoToColumns,
  trainTestToColumns
} from './dataset-columns.ts';
import { type LabDb, openLabDb } from './db.ts';
import { newId, toStoreError } from './errors.ts';
import type { CheckpointMeta, RunMeta, RunRecord } from './runs.ts';
import { announce } from './changes.ts';
import { idsApart, idsJoined } from './manifest-ids.ts';
import { getCheckpoint, putCheckpoint } from './checkpoint-store.ts';
import {
  CHUNK_BYTES,
  chunkOwner,
  eachChunk,
  joinChunks,
  otherOwnersRanges,
  splitLarge,
  writeChunks,
  deleteChunks
} from './chunked.ts';

/**
 * The app's IndexedDB store. Every dataset version is written in one transaction over meta and
 * columns: it lands whole or not at all, and other datasets are never touched. Usable from
 * pages and workers (only IndexedDB and navigator.storage are used).
 */
export class LabStore {
  /** `chunkBytes`: the largest array stored inline and the size of a chunk (tests make it small). */
  constructor(
    readonly db: LabDb,
    private readonly chunkBytes = CHUNK_BYTES
  ) {}

  static async open(name?: string, opts: { chunkBytes?: number } = {}): Promise<LabStore> {
    return new LabStore(await openLabDb(name), opts.chunkBytes);
  }

  close(): void {
    this.db.close();
  }

  /**
   * Writes the columns' large arrays in bounded chunks first (chunked.ts), then meta + columns
   * in one readwrite transaction: the dataset is listed only once all of it is stored. Any
   * failure aborts it and removes the chunks written.
   */
  private async writeDataset(
    meta: StoredDatasetMeta,
    cols: Record<string, unknown>,
    what: string
  ): Promise<void> {
    const owner = chunkOwner(`ds:${meta.id}:`);
    const split = splitLarge(cols, owner, this.chunkBytes);
    try {
      await writeChunks(this.db, owner, split.arrays, this.chunkBytes);
    } catch (e) {
      throw toStoreError(e, what);
    }
    const tx = this.db.transaction(['datasets', 'columns'], 'readwrite');
    const pending: Promise<unknown>[] = [];
    try {
      const store = tx.objectStore('columns');
      for (const [name, value] of Object.entries(split.value as Record<string, unknown>))
        pending.push(store.put({ datasetId: meta.id, name, value }));
      pending.push(tx.objectStore('datasets').put(meta));
      await Promise.all([...pending, tx.done]);
    } catch (e) {
      try {
        tx.abort();
      } catch {
        /* already aborted by the failed request */
      }
      await Promise.allSettled([...pending, tx.done]);
      await deleteChunks(this.db, owner).catch(() => undefined);
      throw toStoreError(e, what);
    }
    announce('datasets');
  }

  /** Stores a generated or imported dataset as a new version; returns its metadata. */
  async saveDataset(opts: { dataset: TelcoDataset; name?: string }): Promise<StoredDatasetMeta> {
    const ds = opts.dataset;
    const cols = telcoToColumns(ds);
    const summary = summarizeDataset(ds);
    const meta: StoredDatasetMeta = {
      id: newId('ds'),
      name: opts.name ?? ds.name,
      kind: 'telco',
      createdAt: Date.now(),
      ...(ds.seed !== undefined ? { seed: ds.seed } : {}),
      sizes: {
        customers: ds.customers.ids.length,
        plans: ds.plans.length,
        adoptions: ds.adoptions.planIdx.length,
        usageMonths: ds.usage.months
      },
      summary,
      bytes: Object.values(cols).reduce((s: number, v) => s + columnBytes(v), 0),
      columnFormat: COLUMN_FORMAT,
      columns: Object.keys(cols)
    };
    await this.writeDataset(meta, cols, `saving dataset "${meta.name}"`);
    return meta;
  }

  /**
   * Stores an already split dataset (an imported parity layout, or a wide table / long-format
   * tables converted with `mapping`, which is stored with it in the same transaction).
   */
  async saveTrainTest(opts: {
    data: TrainTestData;
    name: string;
    mapping?: WideMapping | LongImport['mapping'];
  }): Promise<StoredDatasetMeta> {
    const cols = trainTestToColumns(opts.data, opts.name);
    const long = opts.mapping !== undefined && 'adoptions' in opts.mapping;
    if (opts.mapping)
      cols[MAPPING_COLUMN] = long
        ? JSON.stringify(opts.mapping, null, 2) + '\n'
        : mappingJson(opts.mapping as WideMapping);
    const d = opts.data;
    const meta: StoredDatasetMeta = {
      id: newId('tt'),
      name: opts.name,
      kind: 'traintest',
      origin: opts.mapping ? (long ? 'long' : 'wide') : 'parity',
      createdAt: Date.now(),
      sizes: {
        customers: d.space.userIds.length,
        plans: d.space.itemIds.length,
        adoptions: d.train.userIdx.length + d.test.userIdx.length + (d.validation?.userIdx.length ?? 0)
      },
      bytes: Object.values(cols).reduce((s: number, v) => s + columnBytes(v), 0),
      columnFormat: COLUMN_FORMAT,
      columns: Object.keys(cols)
    };
    await this.writeDataset(meta, cols, `saving dataset "${meta.name}"`);
    return meta;
  }

  /**
   * Validates the four CSV tables and stores them as one new dataset. A rejected file throws
   * CsvError (file, row, column) before anything is written; stored datasets are untouched.
   */
  async importCsv(opts: ImportTelcoCsvOptions): Promise<StoredDatasetMeta> {
    return this.saveDataset({ dataset: importTelcoCsv(opts) });
  }

  /** Validates a parity layout (train/test/users/items/features) and stores it whole. */
  async importParity(opts: {
    files: ParityLayoutTexts;
    name: string;
    identity?: boolean;
  }): Promise<StoredDatasetMeta> {
    return this.saveTrainTest({
      data: importParityLayout({ files: opts.files, identity: opts.identity }),
      name: opts.name
    });
  }

  /**
   * Converts one wide customer table (inferring the mapping unless one is given) and stores the
   * result with its mapping. A rejected table throws before anything is written.
   */
  async importWide(opts: {
    text: string;
    file: string;
    name: string;
    mapping?: WideMapping;
  }): Promise<{ meta: StoredDatasetMeta; result: WideImport }> {
    const result = importWideTable({ text: opts.text, file: opts.file, mapping: opts.mapping });
    return {
      meta: await this.saveTrainTest({ data: result.data, name: opts.name, mapping: result.mapping }),
      result
    };
  }

  /** The mapping JSON a wide-table dataset was imported with, or null for any other dataset. */
  async datasetMapping(id: string): Promise<string | null> {
    const rec = await this.db.get('columns', [id, MAPPING_COLUMN]);
    return typeof rec?.value === 'string' ? rec.value : null;
  }

  /** Metadata of every stored dataset, newest first (columns are not read). */
  async listDatasets(): Promise<StoredDatasetMeta[]> {
    const all = await this.db.getAll('datasets');
    return all.sort((a, b) => b.createdAt - a.createdAt);
  }

  private async readColumns(id: string): Promise<{ meta: StoredDatasetMeta; cols: Record<string, unknown> }> {
    const tx = this.db.transaction(['datasets', 'columns', 'chunks'], 'readonly');
    const [meta, stored] = await Promise.all([
      tx.objectStore('datasets').get(id),
      tx.objectStore('columns').getAll(IDBKeyRange.bound([id, ''], [id, '\uffff']))
    ]);
    const records = await joinChunks(stored, eachChunk(tx.objectStore('chunks')));
    await tx.done;
    if (!meta)
      throw new CoreError(
        'not_found',
        `no stored dataset with id "${id}" (it may have been deleted in another tab)`
      );
    const cols: Record<string, unknown> = {};
    for (const r of records) cols[r.name] = r.value;
    const missing = meta.columns.filter((c) => !(c in cols));
    if (missing.length)
      throw new CoreError(
        'corrupt',
        `dataset "${meta.name}" lacks stored columns ${missing.join(', ')}: delete it and generate or import it again`
      );
    return { meta, cols };
  }

  /** A stored telco dataset, rebuilt from its columns. */
  async openDataset(id: string): Promise<TelcoDataset> {
    const { meta, cols } = await this.readColumns(id);
    if (meta.kind !== 'telco')
      throw new CoreError(
        'wrong_kind',
        `dataset "${meta.name}" is an imported train/test layout: open it with openTrainTest`
      );
    return { ...columnsToTelco(cols), name: meta.name };
  }

  /** A stored imported parity layout. */
  async openTrainTest(id: string): Promise<TrainTestData> {
    const { meta, cols } = await this.readColumns(id);
    if (meta.kind !== 'traintest')
      throw new CoreError(
        'wrong_kind',
        `dataset "${meta.name}" holds raw tables: open it with openDataset and build the split`
      );
    return columnsToTrainTest(cols);
  }

  /** The raw stored column values (for integrity checks and tests). */
  async datasetColumns(id: string): Promise<Record<string, unknown>> {
    return (await this.readColumns(id)).cols;
  }

  async renameDataset(id: string, name: string): Promise<void> {
    const tx = this.db.transaction('datasets', 'readwrite');
    const meta = await tx.store.get(id);
    if (!meta) throw new CoreError('not_found', `no stored dataset with id "${id}"`);
    await Promise.all([tx.store.put({ ...meta, name }), tx.done]).catch((e) => {
      throw toStoreError(e, `renaming dataset "${meta.name}"`);
    });
    announce('datasets');
  }

  /** Deletes a dataset's metadata and every column in one transaction. */
  async deleteDataset(id: string): Promise<void> {
    try {
      const tx = this.db.transaction(['datasets', 'columns', 'chunks'], 'readwrite');
      await Promise.all([
        tx.objectStore('columns').delete(IDBKeyRange.bound([id, ''], [id, '\uffff'])),
        ...otherOwnersRanges(`ds:${id}:`).map((r) => tx.objectStore('chunks').delete(r)),
        tx.objectStore('datasets').delete(id),
        tx.done
      ]);
    } catch (e) {
      throw toStoreError(e, `deleting dataset ${id}`);
    }
    announce('datasets');
  }

  // ---- runs -------------------------------------------------------------------------------

  /**
   * Saves (or replaces) a run and its weights, and drops its checkpoint. Arrays over 16 MB go
   * first, in bounded chunks; then one transaction writes the records and drops the previous
   * version's chunks, so the run is replaced whole or not at all.
   */
  async putRun(run: RunRecord): Promise<void> {
    const { weights, scores, scoreUsers, scoresLength: _old, ...rest } = run;
    if (!(weights instanceof ArrayBuffer))
      throw new CoreError('bad_input', 'run.weights must be an ArrayBuffer');
    // The score matrix goes to its own store: the listing keeps only its length.
    const { meta, userIdsJson, userFeatureNamesJson } = idsApart(
      scores === undefined ? rest : { ...rest, scoresLength: (scores as ArrayLike<number>).length }
    );
    const owner = chunkOwner(`run:${run.id}:`);
    const big = splitLarge({ weights, scores, users: scoreUsers }, owner, this.chunkBytes);
    const parts = big.value as { weights: ArrayBuffer; scores?: unknown; users?: unknown };
    try {
      await writeChunks(this.db, owner, big.arrays, this.chunkBytes);
    } catch (e) {
      throw toStoreError(e, `saving run "${run.name}"`);
    }
    const tx = this.db.transaction(
      ['runs', 'runWeights', 'runScores', 'checkpoints', 'checkpointState', 'chunks'],
      'readwrite'
    );
    const pending: Promise<unknown>[] = [];
    try {
      const chunks = tx.objectStore('chunks');
      pending.push(
        tx.objectStore('runs').put(meta),
        tx
          .objectStore('runWeights')
          .put({ id: run.id, weights: parts.weights, userIdsJson, userFeatureNamesJson }),
        scores === undefined
          ? tx.objectStore('runScores').delete(run.id)
          : tx
              .objectStore('runScores')
              .put({ id: run.id, scores: parts.scores, ...(scoreUsers ? { users: parts.users } : {}) }),
        tx.objectStore('checkpoints').delete(run.id),
        tx.objectStore('checkpointState').delete(run.id),
        ...otherOwnersRanges(`run:${run.id}:`, owner).map((r) => chunks.delete(r)),
        ...otherOwnersRanges(`ckpt:${run.id}:`).map((r) => chunks.delete(r))
      );
      await Promise.all([...pending, tx.done]);
    } catch (e) {
      try {
        tx.abort();
      } catch {
        /* already aborted */
      }
      await Promise.allSettled([...pending, tx.done]);
      await deleteChunks(this.db, owner).catch(() => undefined);
      throw toStoreError(e, `saving run "${run.name}"`);
    }
    announce('runs');
  }

  /** Every run without its weights and score matrix, newest first. */
  async listRuns(): Promise<RunMeta[]> {
    const all = await this.db.getAll('runs');
    return all.sort((a, b) => b.createdAt - a.createdAt);
  }

  /**
   * A run's listing record with its score matrix (and the matrix's users), without reading its
   * weights: what an ensemble mixes (hundreds of MB less per run at 1M customers).
   */
  async getRunScores(id: string): Promise<RunMeta | undefined> {
    const tx = this.db.transaction(['runs', 'runScores', 'chunks'], 'readonly');
    const read = await Promise.all([tx.objectStore('runs').get(id), tx.objectStore('runScores').get(id)]);
    const [meta, s] = await joinChunks(read, eachChunk(tx.objectStore('chunks')));
    await tx.done;
    if (!meta) return undefined;
    return { ...meta, ...(s ? { scores: s.scores } : {}), ...(s?.users ? { scoreUsers: s.users } : {}) };
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    const tx = this.db.transaction(['runs', 'runWeights', 'runScores', 'chunks'], 'readonly');
    const read = await Promise.all([
      tx.objectStore('runs').get(id),
      tx.objectStore('runWeights').get(id),
      tx.objectStore('runScores').get(id)
    ]);
    const [meta, w, s] = await joinChunks(read, eachChunk(tx.objectStore('chunks')));
    await tx.done;
    if (!meta) return undefined;
    const run = {
      ...idsJoined(meta, w?.userIdsJson, w?.userFeatureNamesJson),
      weights: w?.weights ?? new ArrayBuffer(0)
    } as RunRecord;
    if (s) run.scores = s.scores;
    if (s?.users) run.scoreUsers = s.users;
    return run;
  }

  /** Deletes a run with its weights, or an interrupted run with its checkpoint. */
  async deleteRun(id: string): Promise<void> {
    const tx = this.db.transaction(
      ['runs', 'runWeights', 'runScores', 'checkpoints', 'checkpointState', 'chunks'],
      'readwrite'
    );
    await Promise.all([
      tx.objectStore('runs').delete(id),
      tx.objectStore('runWeights').delete(id),
      tx.objectStore('runScores').delete(id),
      tx.objectStore('checkpoints').delete(id),
      tx.objectStore('checkpointState').delete(id),
      ...[`run:${id}:`, `ckpt:${id}:`].flatMap((p) =>
        otherOwnersRanges(p).map((r) => tx.objectStore('chunks').delete(r))
      ),
      tx.done
    ]);
    announce('runs');
    announce('checkpoints');
  }

  async renameRun(id: string, name: string): Promise<void> {
    const tx = this.db.transaction('runs', 'readwrite');
    const meta = await tx.store.get(id);
    if (!meta) throw new CoreError('not_found', `no stored run with id "${id}"`);
    await Promise.all([tx.store.put({ ...meta, name }), tx.done]);
    announce('runs');
  }

  // ---- checkpoints of runs in progress (checkpoint-store.ts) --------------------------------

  /** Replaces a run's checkpoint (listing meta + state; large arrays in bounded chunks). */
  putCheckpoint(meta: Pick<CheckpointMeta, 'id' | 'epoch' | 'updatedAt'>, state: unknown): Promise<void> {
    return putCheckpoint(this.db, meta, state, this.chunkBytes);
  }

  /** Every checkpoint's listing meta (no state), most recently written first. */
  async listCheckpoints(): Promise<CheckpointMeta[]> {
    return (await this.db.getAll('checkpoints')).sort((a, b) => b.updatedAt - a.updatedAt);
  }

  getCheckpoint(id: string): Promise<{ meta: CheckpointMeta; state: unknown } | undefined> {
    return getCheckpoint(this.db, id);
  }
}
