import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { testStores } from './store-fixture.ts';
import type { RunRecord } from './runs.ts';

let dbCount = 0;
const { open } = testStores('scores');

const run = (id: string, scores?: Float32Array): RunRecord => ({
  id,
  name: `run ${id}`,
  config: { loss: 'warp' },
  curves: [],
  metrics: { p5: 0.2 },
  createdAt: 1,
  status: 'done',
  weights: new Float32Array([1, 2]).buffer,
  manifest: null,
  ...(scores ? { scores } : {})
});

describe('run score matrices are stored apart from the listing', () => {
  it('lists runs without their matrix (only its length); getRun brings it back; delete drops it', async () => {
    const store = await open(`scores-${++dbCount}`);
    await store.putRun(run('a', new Float32Array([0.5, 0.25, 1])));
    await store.putRun(run('b'));
    const list = await store.listRuns();
    const a = list.find((r) => r.id === 'a')!;
    expect('scores' in a).toBe(false);
    expect(a.scoresLength).toBe(3);
    expect(list.find((r) => r.id === 'b')!.scoresLength).toBeUndefined();
    expect(Array.from((await store.getRun('a'))!.scores as Float32Array)).toEqual([0.5, 0.25, 1]);
    expect('scores' in (await store.getRun('b'))!).toBe(false);
    // Saving again without a matrix removes the old one.
    await store.putRun(run('a'));
    expect((await store.listRuns()).find((r) => r.id === 'a')!.scoresLength).toBeUndefined();
    expect(await store.db.getAllKeys('runScores')).toEqual([]);
    await store.putRun(run('a', new Float32Array([1])));
    await store.deleteRun('a');
    expect(await store.db.getAllKeys('runScores')).toEqual([]);
  });

  it('keeps a sample matrix with its customers beside it: listed without either, read back together', async () => {
    const store = await open(`scores-${++dbCount}`);
    await store.putRun({ ...run('s', new Float32Array([1, 2, 3, 4])), scoreUsers: Int32Array.from([5, 9]) });
    const listed = (await store.listRuns())[0];
    expect(['scores' in listed, 'scoreUsers' in listed, listed.scoresLength]).toEqual([false, false, 4]);
    const got = (await store.getRun('s'))!;
    expect(Array.from(got.scoreUsers as Int32Array)).toEqual([5, 9]);
    expect(Array.from(got.scores as Float32Array)).toEqual([1, 2, 3, 4]);
  });

  it('moves the matrices of runs stored by version 2 out of the listing on upgrade', async () => {
    const name = `scores-upgrade-${++dbCount}`;
    // A version-2 database as the previous release wrote it: the matrix inline in `runs`.
    const v2 = await openDB(name, 2, {
      upgrade(db) {
        db.createObjectStore('datasets', { keyPath: 'id' }).createIndex('createdAt', 'createdAt');
        db.createObjectStore('columns', { keyPath: ['datasetId', 'name'] });
        db.createObjectStore('runs', { keyPath: 'id' }).createIndex('createdAt', 'createdAt');
        db.createObjectStore('runWeights', { keyPath: 'id' });
        db.createObjectStore('checkpoints', { keyPath: 'id' });
        db.createObjectStore('checkpointState', { keyPath: 'id' });
      }
    });
    const { weights, ...meta } = run('old', new Float32Array([3, 2, 1, 0]));
    await v2.put('runs', meta);
    await v2.put('runWeights', { id: 'old', weights });
    await v2.put('runs', { ...run('plain'), weights: undefined });
    v2.close();

    const store = await open(name);
    const list = await store.listRuns();
    const old = list.find((r) => r.id === 'old')!;
    expect('scores' in old).toBe(false);
    expect(old.scoresLength).toBe(4);
    expect(list.find((r) => r.id === 'plain')).toBeDefined();
    const got = (await store.getRun('old'))!;
    expect(Array.from(got.scores as Float32Array)).toEqual([3, 2, 1, 0]);
    expect(Array.from(new Float32Array(got.weights))).toEqual([1, 2]);
  });
});
