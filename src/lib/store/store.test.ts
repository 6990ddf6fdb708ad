import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CSV_FIXTURES, malformedSet } from '../../../test/fixtures/csv/load.ts';
import { generateDataset } from '../core/data/generator.ts';
import { CoreError } from '../core/types.ts';
import { storeSnapshot as snapshot, testStores } from './store-fixture.ts';
import type { RunRecord } from './runs.ts';
import { onStoreChange, type StoreTopic } from './changes.ts';

const { fresh: freshStore, reopen } = testStores('test-db');

const small = (seed: number) => generateDataset({ customers: 300, seed });

describe('dataset store', () => {
  it('saves, lists metadata only, opens identical data, survives reopening', async () => {
    const store = await freshStore();
    const ds = small(1);
    const meta = await store.saveDataset({ dataset: ds });
    expect(meta).toMatchObject({
      name: ds.name,
      kind: 'telco',
      seed: 1,
      sizes: { customers: 300, plans: 20, adoptions: ds.adoptions.planIdx.length, usageMonths: 12 }
    });
    expect(meta.summary!.segmentMix.map((s) => s.segment)).toEqual(['residential', 'business', 'premium']);
    expect(meta.summary!.ceilings.length).toBe(3);
    expect(meta.bytes).toBeGreaterThan(300 * 12 * 3 * 4);
    const listed = await store.listDatasets();
    expect(listed).toEqual([meta]);
    expect(await store.openDataset(meta.id)).toEqual(ds);
    store.close();
    const again = await reopen(store); // a page reload opens a new connection
    expect(await again.openDataset(meta.id)).toEqual(ds);
  });

  it('deletes a dataset with all its columns and renames without touching columns', async () => {
    const store = await freshStore();
    const a = await store.saveDataset({ dataset: small(1) });
    const b = await store.saveDataset({ dataset: small(2), name: 'second' });
    await store.renameDataset(b.id, 'renamed');
    expect((await store.openDataset(b.id)).name).toBe('renamed');
    await store.deleteDataset(a.id);
    expect((await store.listDatasets()).map((m) => m.id)).toEqual([b.id]);
    const keys = await store.db.getAllKeys('columns');
    expect(keys.every(([id]) => id === b.id)).toBe(true);
    await expect(store.openDataset(a.id)).rejects.toMatchObject({ name: 'CoreError:not_found' });
  });

  it('leaves every stored dataset byte-identical when an import fails', async () => {
    const store = await freshStore();
    await store.saveDataset({ dataset: small(1) });
    await store.saveDataset({ dataset: small(2) });
    const before = await snapshot(store);
    const files = readdirSync(`${CSV_FIXTURES}/malformed`);
    expect(files.length).toBeGreaterThanOrEqual(25);
    for (const f of files) {
      const { files: texts, table } = malformedSet(f);
      await expect(store.importCsv({ files: texts, fileNames: { [table]: f } })).rejects.toMatchObject({
        name: 'CoreError:csv'
      });
    }
    expect(await snapshot(store)).toEqual(before);
  });

  it('writes nothing when a write fails half-way, and reports a full disk as a quota error', async () => {
    const store = await freshStore();
    await store.saveDataset({ dataset: small(1) });
    const before = await snapshot(store);
    const proto = IDBObjectStore.prototype;
    const put = proto.put;
    for (const [failure, code] of [
      [new Error('disk on fire'), 'storage'],
      [new DOMException('too big', 'QuotaExceededError'), 'quota']
    ] as const) {
      let calls = 0;
      proto.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
        if (++calls === 6) throw failure; // after five columns were written in this transaction
        return put.apply(this, args);
      };
      try {
        const err = await store.saveDataset({ dataset: small(3) }).then(
          () => null,
          (e: unknown) => e
        );
        expect(err).toBeInstanceOf(CoreError);
        expect((err as CoreError).name).toBe(`CoreError:${code}`);
        expect(calls).toBeGreaterThanOrEqual(6);
      } finally {
        proto.put = put;
      }
      expect(await snapshot(store)).toEqual(before);
    }
    expect((await store.saveDataset({ dataset: small(3) })).sizes.customers).toBe(300); // and works again afterwards
  });

  it('stores an imported parity layout whole', async () => {
    const store = await freshStore();
    const dir = 'test/fixtures/parity/telco-5k';
    const read = (f: string) => readFileSync(`${dir}/${f}`, 'utf8');
    const meta = await store.importParity({
      name: 'telco-5k',
      files: {
        train: read('train.csv'),
        test: read('test.csv'),
        users: read('users.csv'),
        items: read('items.csv'),
        userFeatures: read('user_features.csv'),
        itemFeatures: read('item_features.csv')
      }
    });
    expect(meta).toMatchObject({
      kind: 'traintest',
      sizes: { customers: 5000, plans: 20, adoptions: 10342 + 2585 }
    });
    const d = await store.openTrainTest(meta.id);
    expect(d.train.userIdx.length).toBe(10342);
    expect(d.space.userFeatures.nRows).toBe(5000);
    await expect(store.openDataset(meta.id)).rejects.toMatchObject({ name: 'CoreError:wrong_kind' });
  });
});

describe('run store', () => {
  const run = (id: string, createdAt: number): RunRecord => ({
    id,
    name: `run ${id}`,
    config: { loss: 'warp' },
    curves: { loss: [1, 0.5] },
    metrics: { p5: 0.2 },
    createdAt,
    status: 'done',
    weights: new Float32Array([1, 2, 3]).buffer,
    manifest: { components: 8 }
  });

  it('puts, lists without weights, gets with weights, renames and deletes', async () => {
    const store = await freshStore();
    await store.putRun(run('a', 1));
    await store.putRun(run('b', 2));
    const list = await store.listRuns();
    expect(list.map((r) => r.id)).toEqual(['b', 'a']);
    expect('weights' in list[0]).toBe(false);
    const got = await store.getRun('a');
    expect(Array.from(new Float32Array(got!.weights))).toEqual([1, 2, 3]);
    expect(got).toMatchObject({ config: { loss: 'warp' }, manifest: { components: 8 } });
    await store.renameRun('a', 'best');
    expect((await store.getRun('a'))!.name).toBe('best');
    await store.deleteRun('a');
    expect(await store.getRun('a')).toBeUndefined();
    expect(await store.db.getAllKeys('runWeights')).toEqual(['b']);
    await expect(store.putRun({ ...run('c', 3), weights: [1] as unknown as ArrayBuffer })).rejects.toThrow(
      /ArrayBuffer/
    );
  });
});

describe('checkpoints of runs in progress', () => {
  it('keeps typed arrays as typed arrays, lists without state, and is dropped when the run is stored', async () => {
    const store = await freshStore();
    const state = {
      epoch: 3,
      weights: { userEmbeddings: new Float32Array([0.5, -1]) },
      rng: Uint32Array.of(1, 2, 3, 4),
      order: Int32Array.of(2, 0, 1)
    };
    const meta = { id: 'r1', epoch: 3, updatedAt: 10, name: 'WARP' };
    await store.putCheckpoint(meta, state);
    expect(await store.listCheckpoints()).toEqual([meta]);
    const got = await store.getCheckpoint('r1');
    expect(got!.state).toEqual(state);
    expect((got!.state as typeof state).rng).toBeInstanceOf(Uint32Array);
    await store.putRun({
      id: 'r1',
      name: 'WARP',
      config: {},
      curves: [],
      metrics: {},
      createdAt: 1,
      status: 'done',
      manifest: null,
      weights: new ArrayBuffer(4)
    });
    expect(await store.listCheckpoints()).toEqual([]);
    expect(await store.db.getAllKeys('checkpointState')).toEqual([]);
    await store.putCheckpoint({ id: 'r2', epoch: 1, updatedAt: 11 }, state);
    await store.deleteRun('r2');
    expect(await store.getCheckpoint('r2')).toBeUndefined();
  });

  it('announces every committed run write to other contexts (two tabs stay in sync)', async () => {
    const store = await freshStore();
    const heard: StoreTopic[] = [];
    const stop = onStoreChange((t) => heard.push(t));
    try {
      await store.putRun({
        id: 'x',
        name: 'x',
        config: {},
        curves: [],
        metrics: {},
        createdAt: 1,
        status: 'done',
        manifest: null,
        weights: new ArrayBuffer(0)
      });
      await store.renameRun('x', 'y');
      await store.putCheckpoint({ id: 'z', epoch: 1, updatedAt: 1 }, {});
      await store.deleteRun('x');
      await expect.poll(() => heard.length).toBeGreaterThanOrEqual(5);
      expect(heard.slice(0, 5)).toEqual(['runs', 'runs', 'checkpoints', 'runs', 'checkpoints']);
    } finally {
      stop();
    }
  });
});
