/**
 * Test set-up shared by the store's tests: LabStores on fake IndexedDB, each closed after every
 * test, and a byte-level snapshot of what a store holds. Only tests import this module.
 */
import 'fake-indexeddb/auto';
import { afterEach } from 'vitest';
import { LabStore } from './lab-store.ts';

/** Opens stores for one test file; every store it opened is closed after each test. */
export function testStores(prefix: string) {
  let count = 0;
  const stores: LabStore[] = [];
  afterEach(() => stores.splice(0).forEach((s) => s.close()));
  const open = async (name: string): Promise<LabStore> => {
    const s = await LabStore.open(name);
    stores.push(s);
    return s;
  };
  return {
    open,
    /** A store under a name no other test of the file uses. */
    fresh: () => open(`${prefix}-${++count}`),
    /** A new connection to a store's database, as a page reload opens. */
    reopen: (store: LabStore) => open(store.db.name)
  };
}

/** Every stored column of every dataset as bytes, plus the metadata list and the column keys. */
export async function storeSnapshot(store: LabStore): Promise<unknown> {
  const metas = await store.listDatasets();
  const out: Record<string, unknown> = { metas };
  for (const m of metas) {
    const cols = await store.datasetColumns(m.id);
    out[m.id] = Object.fromEntries(
      Object.entries(cols).map(([k, v]) => [
        k,
        ArrayBuffer.isView(v)
          ? [v.constructor.name, Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength))]
          : v
      ])
    );
  }
  out.columnKeys = (await store.db.getAllKeys('columns')).map((k) => k.join('/')).sort();
  return out;
}
