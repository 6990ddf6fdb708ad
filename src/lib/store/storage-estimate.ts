/** What the browser says about this origin's storage (pages only; null where it does not say). */
export interface StorageEstimate {
  /** Bytes used by this origin (all storage), when the browser tells. */
  usage: number;
  quota: number;
}

/** How much this origin stores and may store, when the browser says (null otherwise). */
export async function storageEstimate(): Promise<StorageEstimate | null> {
  const nav = (
    globalThis as {
      navigator?: { storage?: { estimate?: () => Promise<{ usage?: number; quota?: number }> } };
    }
  ).navigator;
  if (!nav?.storage?.estimate) return null;
  const e = await nav.storage.estimate();
  return { usage: e.usage ?? 0, quota: e.quota ?? 0 };
}

/** Asks the browser not to evict our data under storage pressure; resolves whether it agreed. */
export async function requestPersistentStorage(): Promise<boolean> {
  const nav = (globalThis as { navigator?: { storage?: { persist?: () => Promise<boolean> } } }).navigator;
  return nav?.storage?.persist ? nav.storage.persist() : false;
}
