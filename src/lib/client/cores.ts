/**
 * The Train page's "cores per run": how many cores the batch-parallel step (core/model/batch-parallel.ts)
 * splits each batch across. Default: the cores this browser reports, at most DEFAULT_CAP; the
 * runs the page starts together share the machine, so more would mostly wait on each other.
 */
export const MAX_CORES = 16;
const DEFAULT_CAP = 4;

export function defaultCores(): number {
  const reported = typeof navigator === 'undefined' ? 1 : navigator.hardwareConcurrency || 1;
  return Math.min(reported, DEFAULT_CAP);
}

/** A whole number in 1 … MAX_CORES (an emptied or odd field trains on one core). */
export function clampCores(n: number): number {
  return Number.isFinite(n) ? Math.min(MAX_CORES, Math.max(1, Math.floor(n))) : 1;
}
