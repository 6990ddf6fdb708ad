import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabStore } from '$lib/store';
import { importFactorsIntoStore, type FactorFileInput } from './factors-import';

const root = join(import.meta.dirname, '../../../test/fixtures/factors');
const text = (...p: string[]) => readFileSync(join(root, ...p), 'utf8');
const file = (name: string, body: string): FactorFileInput => ({
  name,
  arrayBuffer: async () => new TextEncoder().encode(body).buffer as ArrayBuffer
});
const good = {
  users: file('user_factors.csv', text('lightfm/user_factors.csv')),
  items: file('item_factors.csv', text('lightfm/item_factors.csv'))
};

/** The CSV text with one cell (line index, column index) replaced. */
const withCell = (csv: string, line: number, col: number, value: string) =>
  csv
    .split('\n')
    .map((l, k) =>
      k === line
        ? l
            .split(',')
            .map((c, j) => (j === col ? value : c))
            .join(',')
        : l
    )
    .join('\n');

let store: LabStore;
let datasetId: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  store = await LabStore.open('factors-import-test');
  const files = Object.fromEntries(
    (['train', 'test', 'users', 'items'] as const).map((k) => [k, text('tiny', `${k}.csv`)])
  );
  const meta = await store.importParity({
    files: {
      train: files.train,
      test: files.test,
      users: files.users,
      items: files.items,
      userFeatures: text('tiny/user_features.csv'),
      itemFeatures: text('tiny/item_features.csv')
    },
    name: 'tiny'
  });
  datasetId = meta.id;
});
afterAll(() => store.close());

/** Every stored run with its weights' bytes: what "nothing stored changed" compares. */
async function snapshot(): Promise<string> {
  const runs = await store.listRuns();
  const full = await Promise.all(
    runs.map(async (r) => {
      const rec = await store.getRun(r.id);
      return {
        id: r.id,
        name: r.name,
        metrics: r.metrics,
        weights: Array.from(new Uint8Array(rec!.weights)).length
      };
    })
  );
  return JSON.stringify(full);
}

describe('importFactorsIntoStore', () => {
  it('stores one run, labelled and evaluated, that reads back with its weights', async () => {
    const run = await importFactorsIntoStore(store, { datasetId, ...good, source: 'lightfm', now: 1000 });
    const stored = await store.getRun(run.id);
    expect(stored?.name).toBe('imported factors (LightFM)');
    expect((stored as unknown as { backend: { backend: string } }).backend.backend).toBe('trained elsewhere');
    expect(stored!.weights.byteLength).toBe(run.weights.byteLength);
    expect((await store.listRuns()).map((r) => r.id)).toContain(run.id);
  });

  const broken: Array<[string, Partial<typeof good>, RegExp]> = [
    [
      'an unknown customer id',
      { users: file('u.csv', text('lightfm/user_factors.csv').replace('\nc00003,', '\nghost,')) },
      /u\.csv: 1 id\(s\) are not among the dataset's user ids: "ghost"/
    ],
    [
      'a missing plan',
      { items: file('i.csv', text('lightfm/item_factors.csv').split('\n').slice(0, -2).join('\n')) },
      /i\.csv: 1 of the dataset's \d+ item ids have no row/
    ],
    [
      'an infinite value',
      { items: file('i.csv', withCell(text('lightfm/item_factors.csv'), 1, 2, 'Infinity')) },
      /i\.csv line 2, column "f0": "Infinity" is not a finite number/
    ],
    [
      'fewer factors on one side',
      {
        items: file(
          'i.csv',
          'id,bias,f0\n' +
            text('lightfm/item_factors.csv')
              .split('\n')
              .slice(1)
              .filter(Boolean)
              .map((l) => l.split(',').slice(0, 3).join(','))
              .join('\n')
        )
      },
      /have 10 dimensions but the item factors \(i\.csv\) have 1/
    ],
    ['a .npy without ids', { users: file('u.npy', 'x') }, /u\.npy is a \.npy array, which carries no ids/],
    [
      'a binary file',
      {
        users: {
          name: 'u.csv',
          arrayBuffer: async () => new Uint8Array([0, 1, 2, 0xff, 0xfe, 0]).buffer as ArrayBuffer
        }
      },
      /u\.csv/
    ]
  ];
  it.each(broken)(
    'rejects %s with a specific message and changes nothing stored',
    async (_name, swap, message) => {
      const before = await snapshot();
      await expect(
        importFactorsIntoStore(store, { datasetId, ...good, ...swap, source: 'lightfm', now: 2000 })
      ).rejects.toThrow(message);
      expect(await snapshot()).toBe(before);
    }
  );
});
