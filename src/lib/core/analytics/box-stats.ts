/**
 * Box-plot statistics computed ahead of drawing: the Analytics page's usage chart hands Plotly
 * these five numbers (plus the mean) per box instead of thousands of raw values, so drawing it
 * no longer sorts samples on the page's main thread, and the boxes describe every customer of
 * a segment rather than a sample. Quartiles interpolate linearly between order statistics (as
 * `quantiles` in usage-stats.ts); whiskers end at the furthest value within 1.5 IQR of the box,
 * as Plotly draws them from raw values.
 */
export interface BoxStats {
  q1: number;
  median: number;
  q3: number;
  /** Smallest value ≥ q1 − 1.5 IQR. */
  lowerFence: number;
  /** Largest value ≤ q3 + 1.5 IQR. */
  upperFence: number;
  mean: number;
  /** Values described (those that passed `keep`). */
  n: number;
}

/** Statistics of the values `keep` accepts (default: finite ones); null when none does. */
export function boxStats(
  values: ArrayLike<number>,
  keep: (v: number) => boolean = Number.isFinite
): BoxStats | null {
  const kept: number[] = [];
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || !keep(v)) continue;
    kept.push(v);
    sum += v;
  }
  if (kept.length === 0) return null;
  const sorted = Float64Array.from(kept).sort();
  const at = (q: number) => {
    const pos = q * (sorted.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  };
  const q1 = at(0.25);
  const q3 = at(0.75);
  const iqr = q3 - q1;
  let lowerFence = q1;
  for (const v of sorted)
    if (v >= q1 - 1.5 * iqr) {
      lowerFence = v;
      break;
    }
  let upperFence = q3;
  for (let i = sorted.length - 1; i >= 0; i--)
    if (sorted[i] <= q3 + 1.5 * iqr) {
      upperFence = sorted[i];
      break;
    }
  return { q1, median: at(0.5), q3, lowerFence, upperFence, mean: sum / sorted.length, n: sorted.length };
}
