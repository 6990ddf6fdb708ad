import { CoreError } from '../core/types.ts';

/** Storage failures as CoreErrors with a code that survives a worker boundary. */
export function isQuotaError(e: unknown): boolean {
  const name = (e as { name?: string } | null)?.name ?? '';
  const inner = (e as { error?: { name?: string } } | null)?.error?.name ?? '';
  return (
    name === 'QuotaExceededError' ||
    inner === 'QuotaExceededError' ||
    /quota/i.test(String((e as Error)?.message ?? ''))
  );
}

export function toStoreError(e: unknown, what: string): CoreError {
  if (e instanceof CoreError) return e;
  if (isQuotaError(e)) {
    return new CoreError(
      'quota',
      `Browser storage is full while ${what}: nothing was saved. Delete old datasets or runs (Overview page) or free disk space, then try again.`
    );
  }
  const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return new CoreError('storage', `Storage failed while ${what}; nothing was saved (${msg}).`);
}

/** A fresh id: time-sortable prefix plus randomness. */
export function newId(prefix: string): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  const rand = c?.randomUUID ? c.randomUUID().slice(0, 8) : Math.random().toString(36).slice(2, 10);
  return `${prefix}-${Date.now().toString(36)}-${rand}`;
}
