/**
 * Timers the core needs, without DOM or Node types (the core's lib has neither): both exist
 * in workers, pages and Node, so they are read from globalThis.
 */
const g = globalThis as unknown as {
  setTimeout(cb: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  performance?: { now(): number };
};

/** Milliseconds from a monotonic clock where available. */
export function now(): number {
  return g.performance ? g.performance.now() : Date.now();
}

/** Resolves on the next macrotask, so a worker can process a pending cancel message. */
export function yieldMacrotask(): Promise<void> {
  return new Promise<void>((resolve) => g.setTimeout(resolve, 0));
}

/** `promise`, or a rejection with `message` when it has not settled after `ms` (the timer is cleared either way). */
export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: unknown;
  const late = new Promise<never>((_, reject) => {
    timer = g.setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    g.clearTimeout(timer);
  }
}
