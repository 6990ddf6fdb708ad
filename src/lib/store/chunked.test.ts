import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { LabStore } from './lab-store.ts';
import type { RunRecord } from './runs.ts';
import type { ChunkRecord } from './chunked.ts';
import { generateDataset } from '../core/data/generator.ts';

/** Chunks of 1 KiB: arrays over it are stored in pieces, as 16 MiB pieces are at 1M customers. */
const CHUNK = 1024;
let dbCount = 0;
const stores: LabStore[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));
async function open(): Promise<LabStore> {
  const s = await LabStore.open(`chunked-${++dbCount}`, { chunkBytes: CHUNK });
  stores.push(s);
  return s;
}

const ramp = (n: number, k = 1) => Float32Array.from({ length: n }, (_, i) => i * k);
const run = (id: string, weights: Float32Array, extra: Partial<RunRecord> = {}): RunRecord => ({
  id,
  name: `run ${id}`,
  config: {},
  curves: [],
  metrics: {},
  createdAt: 1,
  status: 'done',
  manifest: null,
  weights: weights.buffer as ArrayBuffer,
  ...extra
});
const chunksOf = async (s: LabStore, prefix: string) =>
  ((await s.db.getAll('chunks')) as ChunkRecord[]).filter((c) => c.owner.startsWith(prefix));

describe('large arrays are written in bounded chunks', () => {
  it('a run’s weights and scores: no stored value over the chunk size, read back byte for byte', async () => {
    const s = await open();
    const weights = ramp(2000); // 8000 bytes → 8 chunks
    const scores = ramp(600, 0.5); // 2400 bytes → 3 chunks
    await s.putRun(run('a', weights, { scores, scoreUsers: Int32Array.from([1, 2]) }));
    const chunks = await chunksOf(s, 'run:a:');
    expect(chunks.length).toBe(11);
    expect(Math.max(...chunks.map((c) => c.bytes.byteLength))).toBeLessThanOrEqual(CHUNK);
    // The records themselves hold references, not the bytes.
    const w = await s.db.get('runWeights', 'a');
    expect(w!.weights instanceof ArrayBuffer).toBe(false);
    const got = (await s.getRun('a'))!;
    expect(Array.from(new Float32Array(got.weights))).toEqual(Array.from(weights));
    expect(Array.from(got.scores as Float32Array)).toEqual(Array.from(scores));
    expect(Array.from(got.scoreUsers as Int32Array)).toEqual([1, 2]);
  });

  it('replacing a run drops the old chunks; deleting it drops them all', async () => {
    const s = await open();
    await s.putRun(run('a', ramp(2000)));
    await s.putRun(run('a', ramp(1000, 2)));
    expect((await chunksOf(s, 'run:a:')).length).toBe(4);
    expect(Array.from(new Float32Array((await s.getRun('a'))!.weights))).toEqual(Array.from(ramp(1000, 2)));
    await s.putRun(run('b', ramp(2000)));
    await s.deleteRun('a');
    expect(await chunksOf(s, 'run:a:')).toEqual([]);
    expect((await chunksOf(s, 'run:b:')).length).toBe(8);
  });

  it('a checkpoint’s state round-trips in chunks; the next checkpoint and the stored run drop them', async () => {
    const s = await open();
    const state = (k: number) => ({
      epoch: k,
      weights: { userEmbeddings: ramp(1500, k), itemBiases: ramp(3) },
      history: [{ epoch: 1, loss: 0.5 }]
    });
    await s.putCheckpoint({ id: 'r', epoch: 1, updatedAt: 1 }, state(1));
    await s.putCheckpoint({ id: 'r', epoch: 2, updatedAt: 2 }, state(2));
    expect((await chunksOf(s, 'ckpt:r:')).length).toBe(6);
    const got = (await s.getCheckpoint('r'))!.state as ReturnType<typeof state>;
    expect(got.epoch).toBe(2);
    expect(Array.from(got.weights.userEmbeddings)).toEqual(Array.from(ramp(1500, 2)));
    expect(Array.from(got.weights.itemBiases)).toEqual([0, 1, 2]);
    expect(got.history).toEqual([{ epoch: 1, loss: 0.5 }]);
    await s.putRun(run('r', ramp(10)));
    expect(await chunksOf(s, 'ckpt:r:')).toEqual([]);
  });

  it('a dataset’s columns: stored in chunks, opened whole, deleted with the dataset', async () => {
    const s = await open();
    const dataset = generateDataset({ customers: 300, seed: 2, ceilings: false });
    const meta = await s.saveDataset({ dataset });
    expect((await chunksOf(s, `ds:${meta.id}:`)).length).toBeGreaterThan(0);
    const back = await s.openDataset(meta.id);
    expect(Array.from(back.adoptions.planIdx)).toEqual(Array.from(dataset.adoptions.planIdx));
    expect(back.customers.ids).toEqual(dataset.customers.ids);
    await s.deleteDataset(meta.id);
    expect(await chunksOf(s, `ds:${meta.id}:`)).toEqual([]);
  });
});

describe('a model manifest’s customer ids stay out of the run listing', () => {
  it('lists the run without them (one JSON text beside the weights) and reads them back with the run', async () => {
    const s = await open();
    const userIds = Array.from({ length: 500 }, (_, k) => `C${k}`);
    await s.putRun(run('m', ramp(4), { manifest: { seed: 3, userIds, itemIds: ['P1'] } }));
    const listed = (await s.listRuns())[0].manifest as Record<string, unknown>;
    expect(listed.userIds).toBeUndefined();
    expect([listed.seed, listed.itemIds]).toEqual([3, ['P1']]);
    const whole = (await s.getRun('m'))!.manifest as Record<string, unknown>;
    expect(whole.userIds).toEqual(userIds);
    expect(whole.userIdsApart).toBeUndefined();
  });

  it('keeps the per-customer feature names (identity features) out of the listing too', async () => {
    const s = await open();
    const userIds = Array.from({ length: 500 }, (_, k) => `C${k}`);
    const userFeatureNames = [...userIds.map((id) => `user:${id}`), 'segment:young'];
    const manifest = { seed: 3, userIds, userFeatureNames, itemIds: ['P1'], itemFeatureNames: ['item:P1'] };
    await s.putRun(run('f', ramp(4), { manifest }));
    const listed = (await s.listRuns())[0].manifest as Record<string, unknown>;
    expect(listed.userFeatureNames).toBeUndefined();
    expect(listed.itemFeatureNames).toEqual(['item:P1']);
    const whole = (await s.getRun('f'))!.manifest as Record<string, unknown>;
    expect(whole.userFeatureNames).toEqual(userFeatureNames);
    expect(whole.userFeatureNamesApart).toBeUndefined();
    // A run stored before names were kept apart still reads back whole.
    await s.db.put('runs', {
      ...(await s.db.get('runs', 'f'))!,
      manifest: { ...listed, userFeatureNamesApart: undefined, userFeatureNames }
    } as never);
    await s.db.put('runWeights', {
      ...(await s.db.get('runWeights', 'f'))!,
      userFeatureNamesJson: undefined
    });
    expect(((await s.getRun('f'))!.manifest as Record<string, unknown>).userFeatureNames).toEqual(
      userFeatureNames
    );
  });
});

describe('getRunScores', () => {
  it('reads a run’s score matrix and its customers without its weights', async () => {
    const s = await open();
    await s.putRun(run('e', ramp(2000), { scores: ramp(600), scoreUsers: Int32Array.from([4, 7]) }));
    const got = (await s.getRunScores('e'))!;
    expect('weights' in got).toBe(false);
    expect(Array.from(got.scores as Float32Array)).toEqual(Array.from(ramp(600)));
    expect(Array.from(got.scoreUsers as Int32Array)).toEqual([4, 7]);
    expect(await s.getRunScores('nope')).toBeUndefined();
  });
});
