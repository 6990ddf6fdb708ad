/**
 * Time left of a training run, from its epoch reports. The mean epoch time since the start is a
 * poor guide: the first epoch carries one-off costs (JIT, WebGL shader compilation, first
 * allocation), and runs in parallel share the CPU, so a run speeds up when the others finish.
 * Hybrid Deep, the slowest model, trains longest beside others and alone at the end, and the
 * mean-based figure overstated its remaining time several-fold. The pace here is measured over
 * the recent epochs only, leaving out the first epoch once a later one is known.
 */

export interface EpochPoint {
  /** 1-based epoch just finished. */
  epoch: number;
  /** Milliseconds since training started, at the end of that epoch. */
  elapsedMs: number;
}

export interface TimeLeftOptions {
  /** Epoch reports so far, ascending (reports may skip epochs). */
  points: readonly EpochPoint[];
  /** Epochs the run will train. */
  epochs: number;
  /** Epochs the pace is measured over. Default 5. */
  window?: number;
}

/** Milliseconds of training left, or undefined before the first epoch report. */
export function estimateTimeLeft(opts: TimeLeftOptions): number | undefined {
  const { points, epochs } = opts;
  const last = points.at(-1);
  if (!last) return undefined;
  const remaining = epochs - last.epoch;
  if (remaining <= 0) return 0;
  const window = Math.max(1, opts.window ?? 5);
  // Measure from the latest report at least `window` epochs back, but never from before the
  // first epoch's end once there is a later report (its one-off costs are not the pace).
  let base: EpochPoint = { epoch: 0, elapsedMs: 0 };
  for (const p of points) {
    if (p.epoch >= last.epoch) break;
    if (p.epoch <= last.epoch - window || base.epoch === 0) base = p;
  }
  const pace = (last.elapsedMs - base.elapsedMs) / (last.epoch - base.epoch);
  return pace * remaining;
}

/** The points worth keeping for estimateTimeLeft: the first epoch's and the latest `window + 1`. */
export function keepRecentPoints(points: readonly EpochPoint[], window = 5): EpochPoint[] {
  if (points.length <= window + 2) return [...points];
  return [points[0], ...points.slice(-(window + 1))];
}
