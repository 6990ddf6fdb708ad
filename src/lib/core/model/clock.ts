/**
 * Timers the core needs, without DOM or Node types (the core's lib has neither): both exist
 * in workers, pages and Node, so they are read from globalThis.
 */
const g = globalThis as unknown as {
  setTimeout(cb: () => void, ms: number): unknown;
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
