/**
 * Time left of a training run, from its epoch reports. The mean epoch time since the start is a
 * poor guide: the first epoch carries one-off costs (JIT, WebGL shader compilation, first
 * allocation), and runs in parallel share the CPU, so a run speeds up when the others finish.
 * Measured in headless Chromium (default 5k dataset, the four models in parallel, WASM): Hybrid
 * Deep's first epoch took 3.8 s, later ones about 1 s, so the mean since the start said 74 s
 * left after epoch 2 for 31 s (2.4×) and still 1.5× after epoch 5. The pace here is measured
 * over the recent epochs only, never including the first once a later report is known, and
 * there is no estimate from the first epoch alone.
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

/**
 * Milliseconds of training left; undefined until the pace can be told from the first epoch's
 * one-off costs (a second report, or a first report that already spans 3 or more epochs).
 */
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
  if (base.epoch === 0 && last.epoch < 3) return undefined;
  const pace = (last.elapsedMs - base.elapsedMs) / (last.epoch - base.epoch);
  return pace * remaining;
}

/** The points worth keeping for estimateTimeLeft: the first epoch's and the latest `window + 1`. */
export function keepRecentPoints(points: readonly EpochPoint[], window = 5): EpochPoint[] {
  if (points.length <= window + 2) return [...points];
  return [points[0], ...points.slice(-(window + 1))];
}
