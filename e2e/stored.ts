import type { Page } from '@playwright/test';

/**
 * A digest of everything stored about datasets, read with indexedDB directly (not through the
 * app): per dataset, SHA-256 over its metadata JSON and every column's name, type and bytes.
 */
export async function storedDigest(page: Page): Promise<Record<string, string>> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('telco-recommender-lab');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const getAll = (store: string) =>
      new Promise<unknown[]>((resolve, reject) => {
        const req = db.transaction(store, 'readonly').objectStore(store).getAll();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    const metas = (await getAll('datasets')) as Array<{ id: string }>;
    const columns = (await getAll('columns')) as Array<{ datasetId: string; name: string; value: unknown }>;
    db.close();
    const enc = new TextEncoder();
    const out: Record<string, string> = {};
    for (const meta of metas) {
      const parts: Uint8Array[] = [enc.encode(JSON.stringify(meta))];
      const cols = columns.filter((c) => c.datasetId === meta.id).sort((a, b) => (a.name < b.name ? -1 : 1));
      for (const c of cols) {
        const v = c.value;
        const type = ArrayBuffer.isView(v) ? v.constructor.name : typeof v;
        parts.push(enc.encode(`|${c.name}:${type}:`));
        if (ArrayBuffer.isView(v)) parts.push(new Uint8Array(v.buffer, v.byteOffset, v.byteLength).slice());
        else parts.push(enc.encode(typeof v === 'string' ? v : JSON.stringify(v)));
      }
      const all = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
      let off = 0;
      for (const p of parts) {
        all.set(p, off);
        off += p.length;
      }
      const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', all));
      out[meta.id] =
        `${cols.length} columns, ${all.length} bytes, ${Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('')}`;
    }
    return out;
  });
}
