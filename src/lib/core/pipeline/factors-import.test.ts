import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseParityLayout } from '../data/parity-layout.ts';
import { evaluateFactors, modelFromFactors } from './factors-import.ts';
import { explanationNote } from './factors-info.ts';
import { npyFactorTable, parseFactorCsv, parseIdList, parseNpy } from './factors-read.ts';
import { importFactorsRun } from './factors-run.ts';

// Fixtures: test/fixtures/factors/tiny (a 300-customer dataset from `npm run cli -- generate`) and
// lightfm/ written from it by scripts/factors/lightfm_factors.py with the real LightFM (10 epochs).
const root = join(import.meta.dirname, '../../../../test/fixtures/factors');
const text = (...p: string[]) => readFileSync(join(root, ...p), 'utf8');
const bytes = (...p: string[]) => {
  const b = readFileSync(join(root, ...p));
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};
const data = parseParityLayout({
  train: text('tiny/train.csv'),
  test: text('tiny/test.csv'),
  users: text('tiny/users.csv'),
  items: text('tiny/items.csv'),
  userFeatures: text('tiny/user_features.csv'),
  itemFeatures: text('tiny/item_features.csv')
});
const lightfm = JSON.parse(text('lightfm/lightfm-metrics.json')) as Record<string, number>;
const csv = (name: string) => parseFactorCsv(text('lightfm', name), name);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function expectLightFmMetrics(metrics: Record<string, number>) {
  for (const k of [3, 5, 10])
    expect(metrics[`precision@${k}`]).toBeCloseTo(lightfm[`test.precision@${k}`], 6);
  expect(metrics.auc).toBeCloseTo(lightfm['test.auc'], 5);
}

describe('factors trained by the real LightFM', () => {
  it("get_user/item_representations() per customer and plan: our metrics equal LightFM's own", () => {
    const { result, keying } = evaluateFactors({
      runId: 'r',
      data,
      users: csv('user_factors.csv'),
      items: csv('item_factors.csv')
    });
    expect(keying).toEqual({ users: 'per-entity', items: 'per-entity' });
    expectLightFmMetrics(result.test.metrics);
  });

  it('user/item_embeddings per feature (identity features under bare ids): same metrics, and explainable', () => {
    const users = csv('user_feature_factors.csv');
    expect(users.ids).toContain(data.space.userIds[0]); // LightFM names identity features by the bare id
    const { result, keying } = evaluateFactors({
      runId: 'r',
      data,
      users,
      items: csv('item_feature_factors.csv')
    });
    expect(keying).toEqual({ users: 'per-feature', items: 'per-feature' });
    expect(result.model.userFeatureNames).toEqual(data.space.userFeatureNames);
    expectLightFmMetrics(result.test.metrics);
  });

  it('.npy embeddings (float32) and biases (float64) with an ids file read as the CSV does', () => {
    const table = npyFactorTable({
      ids: parseIdList(text('lightfm/item_embeddings_ids.csv'), 'ids'),
      idsFile: 'item_embeddings_ids.csv',
      embeddings: parseNpy(bytes('lightfm/item_embeddings.npy'), 'item_embeddings.npy'),
      embeddingsFile: 'item_embeddings.npy',
      biases: parseNpy(bytes('lightfm/item_embeddings_biases.npy'), 'b.npy'),
      biasesFile: 'b.npy'
    });
    const fromCsv = csv('item_factors.csv');
    expect(table.ids).toEqual(fromCsv.ids);
    expect(Array.from(table.embeddings)).toEqual(Array.from(fromCsv.embeddings));
    expect(Array.from(table.biases!)).toEqual(Array.from(fromCsv.biases!));
  });

  it('is stored as a run labelled for what it is, metrics from our evaluation', () => {
    const run = importFactorsRun({
      id: 'f1',
      createdAt: 1,
      datasetId: 'd',
      datasetName: 'tiny',
      data,
      users: csv('user_factors.csv'),
      items: csv('item_factors.csv'),
      source: 'lightfm'
    });
    expect(run.name).toBe('imported factors (LightFM)');
    expect(run.backend?.backend).toBe('trained elsewhere');
    expect(run.manifest?.backend).toBe('trained elsewhere');
    expect(run.imported).toMatchObject({ source: 'lightfm', users: { keying: 'per-entity', biases: true } });
    expect(run.perUser?.users.length).toBe(run.metrics.n_users_evaluated);
    expectLightFmMetrics(run.metrics);
    expect(explanationNote(run.imported!)).toMatch(/not per feature/);
  });
});

describe("Spark ALS's userFactors/itemFactors shape (id, features array; no biases)", () => {
  // Written here from the LightFM factors as PySpark's `toPandas().to_csv()` of (id, features) writes them.
  const sparkShape = (t: ReturnType<typeof csv>) =>
    [
      'id,features',
      ...t.ids.map(
        (id, r) => `${id},"[${Array.from(t.embeddings.subarray(r * t.dim, (r + 1) * t.dim)).join(', ')}]"`
      )
    ].join('\n');
  it('parses "[a, b, …]" and imports with zero biases', () => {
    const src = csv('user_factors.csv');
    const users = parseFactorCsv(sparkShape(src), 'userFactors.csv');
    expect(users.biases).toBeNull();
    expect(users.dim).toBe(src.dim);
    expect(Array.from(users.embeddings)).toEqual(Array.from(src.embeddings));
    const items = parseFactorCsv(sparkShape(csv('item_factors.csv')), 'itemFactors.csv');
    const { model } = modelFromFactors(data, users, items);
    expect(Array.from(model.weights.userBiases).every((b) => b === 0)).toBe(true);
  });
});

describe('the Spark snippet of docs/factors.md (concat_ws(" ", features))', () => {
  it('reads space-separated factors and maps them as the bracketed form does', () => {
    const t = parseFactorCsv('id,features\nc1,0.5 -1.25 2\nc2,"[1, 2, 3]"\n', 'spark.csv');
    expect(t.dim).toBe(3);
    expect(Array.from(t.embeddings)).toEqual([0.5, -1.25, 2, 1, 2, 3]);
  });
});

describe('malformed factor files are rejected with a specific message', () => {
  const items = () => csv('item_factors.csv');
  const users = () => csv('user_factors.csv');
  const drop = (t: string, n: number) =>
    t
      .split('\n')
      .filter((_, k) => k !== n)
      .join('\n');
  const cases: Array<[string, () => unknown, RegExp]> = [
    [
      'no id column',
      () => parseFactorCsv('user,bias,f0\nc1,0,1\n', 'u.csv'),
      /u\.csv: the header must have an "id" column/
    ],
    ['no factor columns', () => parseFactorCsv('id,bias\nc1,0\n', 'u.csv'), /no factor columns/],
    [
      'a non-finite value',
      () => parseFactorCsv('id,bias,f0,f1\nc1,0,1,NaN\n', 'u.csv'),
      /u\.csv line 2, column "f1": "NaN" is not a finite number/
    ],
    [
      'a short row',
      () => parseFactorCsv('id,bias,f0,f1\nc1,0,1\n', 'u.csv'),
      /u\.csv line 2: 3 values where the header has 4/
    ],
    [
      'a duplicated id',
      () => parseFactorCsv('id,f0\nc1,1\nc1,2\n', 'u.csv'),
      /line 3: id "c1" is listed twice \(first on line 2\)/
    ],
    [
      'ragged Spark arrays',
      () => parseFactorCsv('id,features\nc1,"[1, 2]"\nc2,"[1]"\n', 'u.csv'),
      /line 3: 1 factors where line 2 has 2/
    ],
    [
      'an id the dataset lacks',
      () =>
        modelFromFactors(
          data,
          parseFactorCsv(text('lightfm/user_factors.csv').replace(/\nc\d+,/, '\nnobody,'), 'u.csv'),
          items()
        ),
      /u\.csv: 1 id\(s\) are not among the dataset's user ids: "nobody"/
    ],
    [
      'a customer without a row',
      () =>
        modelFromFactors(data, parseFactorCsv(drop(text('lightfm/user_factors.csv'), 1), 'u.csv'), items()),
      /u\.csv: 1 of the dataset's 300 user ids have no row: "c00000"/
    ],
    [
      'dimensions that disagree',
      () =>
        modelFromFactors(
          data,
          users(),
          parseFactorCsv('id,f0\n' + data.space.itemIds.map((i) => `${i},1`).join('\n'), 'i.csv')
        ),
      /have 10 dimensions but the item factors \(i\.csv\) have 1/
    ],
    [
      'integer Spark indices not mapped back',
      () =>
        modelFromFactors(
          data,
          parseFactorCsv(
            'id,features\n' + data.space.userIds.map((_, k) => `${k},"[1]"`).join('\n'),
            'u.csv'
          ),
          items()
        ),
      /do its ids still need mapping back from integer indices/
    ],
    [
      'not a .npy file',
      () => parseNpy(new TextEncoder().encode('id,f0\n').buffer as ArrayBuffer, 'x.npy'),
      /x\.npy is not a \.npy file/
    ],
    [
      'a .npy of integers',
      () => parseNpy(npyBytes("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", 8), 'x.npy'),
      /x\.npy holds dtype <i8; this app reads little-endian float32/
    ]
  ];
  it.each(cases)('%s', (_name, act, message) => {
    expect(act).toThrow(message);
  });
});

/** A minimal .npy v1 byte string with the given header dict and payload length. */
function npyBytes(header: string, payload: number): ArrayBuffer {
  const h = new TextEncoder().encode(header.padEnd(118) + '\n');
  const out = new Uint8Array(10 + h.length + payload);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, h.length, true);
  out.set(h, 10);
  return out.buffer;
}
