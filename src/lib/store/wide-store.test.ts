import { describe, expect, it } from 'vitest';
import { BASE, MALFORMED } from '../../../test/fixtures/wide/malformed.ts';
import { generateDataset } from '../core/data/generator.ts';
import { importLongTables } from '../core/data/wide/long.ts';
import { parseMapping } from '../core/data/wide/mapping.ts';
import { storeSnapshot as snapshot, testStores } from './store-fixture.ts';

const { fresh: freshStore } = testStores('wide-db');

describe('wide-table import into the store', () => {
  it('stores the dataset with its mapping, trainable as a train/test layout', async () => {
    const store = await freshStore();
    const { meta, result } = await store.importWide({ text: BASE, file: 't.csv', name: 'wide' });
    expect(meta).toMatchObject({
      kind: 'traintest',
      origin: 'wide',
      sizes: { customers: 6, plans: 4, adoptions: 12 }
    });
    expect(await store.openTrainTest(meta.id)).toEqual(result.data);
    const mapping = parseMapping((await store.datasetMapping(meta.id))!);
    expect(mapping).toEqual(result.mapping);
  });

  it('leaves every stored dataset byte-identical after each malformed table', async () => {
    const store = await freshStore();
    await store.saveDataset({ dataset: generateDataset({ customers: 200, seed: 3 }) });
    await store.importWide({ text: BASE, file: 't.csv', name: 'wide' });
    const before = await snapshot(store);
    for (const [, text, message] of MALFORMED) {
      await expect(store.importWide({ text, file: 't.csv', name: 'bad' })).rejects.toThrowError(message);
    }
    expect(await snapshot(store)).toEqual(before);
  });

  it('stores a long-format import with its adoption-column mapping', async () => {
    const store = await freshStore();
    const { data, mapping } = importLongTables({
      adoptions: { text: 'customer,plan\na,p1\na,p2\nb,p2\nc,p1\nc,p3', file: 'a.csv' }
    });
    const meta = await store.saveTrainTest({ data, name: 'long', mapping });
    expect(meta).toMatchObject({ kind: 'traintest', origin: 'long' });
    expect(JSON.parse((await store.datasetMapping(meta.id))!)).toEqual(mapping);
    expect(await store.openTrainTest(meta.id)).toEqual(data);
  });
});
