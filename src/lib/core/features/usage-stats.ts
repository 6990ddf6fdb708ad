import type { Usage } from '../data/schema.ts';

/**
 * Per-customer statistics of each usage metric over the usage months: the inputs of the
 * behavioural, derived and statistical customer features.
 */
export const USAGE_METRICS = ['data', 'voice', 'sms'] as const;
export type UsageMetric = (typeof USAGE_METRICS)[number];

/** One statistic per customer, per metric. */
export interface MetricStats {
  mean: Float32Array;
  /** Population standard deviation over the months. */
  std: Float32Array;
  min: Float32Array;
  max: Float32Array;
  /** Coefficient of variation std/mean (0 when the mean is 0). */
  cv: Float32Array;
  /** Relative trend per year: 12 · (least-squares slope per month) / mean (0 when the mean is 0). */
  trend: Float32Array;
}

export type UsageStats = Record<UsageMetric, MetricStats>;

/** The same statistics for one series (a new customer's profile, or a test). */
export interface SeriesStats {
  mean: number;
  std: number;
  min: number;
  max: number;
  cv: number;
  trend: number;
}

export function seriesStats(values: ArrayLike<number>, offset = 0, months = values.length): SeriesStats {
  if (months === 0) return { mean: 0, std: 0, min: 0, max: 0, cv: 0, trend: 0 };
  let sum = 0,
    min = Infinity,
    max = -Infinity;
  for (let m = 0; m < months; m++) {
    const v = values[offset + m];
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / months;
  const tMean = (months - 1) / 2;
  let ss = 0,
    sxy = 0,
    sxx = 0;
  for (let m = 0; m < months; m++) {
    const d = values[offset + m] - mean;
    ss += d * d;
    sxy += (m - tMean) * d;
    sxx += (m - tMean) * (m - tMean);
  }
  const std = Math.sqrt(ss / months);
  const slope = sxx > 0 ? sxy / sxx : 0;
  return { mean, std, min, max, cv: mean > 0 ? std / mean : 0, trend: mean > 0 ? (12 * slope) / mean : 0 };
}

const columnOf = (usage: Usage, metric: UsageMetric) =>
  metric === 'data' ? usage.dataGb : metric === 'voice' ? usage.voiceMinutes : usage.sms;

/** Statistics of every customer and metric. `onProgress(done, total)` is called per 1% of customers. */
export function computeUsageStats(opts: {
  usage: Usage;
  onProgress?: (done: number, total: number) => void;
}): UsageStats {
  const { usage } = opts;
  const months = usage.months;
  const n = months > 0 ? usage.dataGb.length / months : 0;
  const out = {} as UsageStats;
  for (const metric of USAGE_METRICS) {
    out[metric] = {
      mean: new Float32Array(n),
      std: new Float32Array(n),
      min: new Float32Array(n),
      max: new Float32Array(n),
      cv: new Float32Array(n),
      trend: new Float32Array(n)
    };
  }
  const chunk = Math.max(1000, Math.ceil(n / 100));
  for (let c = 0; c < n; c++) {
    for (const metric of USAGE_METRICS) {
      const s = seriesStats(columnOf(usage, metric), c * months, months);
      const o = out[metric];
      o.mean[c] = s.mean;
      o.std[c] = s.std;
      o.min[c] = s.min;
      o.max[c] = s.max;
      o.cv[c] = s.cv;
      o.trend[c] = s.trend;
    }
    if (opts.onProgress && ((c + 1) % chunk === 0 || c + 1 === n)) opts.onProgress(c + 1, n);
  }
  return out;
}

/** Quantiles (linear interpolation between order statistics, like numpy's default) of a column. */
export function quantiles(values: Float32Array | Float64Array, qs: readonly number[]): number[] {
  if (values.length === 0) return qs.map(() => 0);
  const sorted = Float64Array.from(values).sort();
  return qs.map((q) => {
    const pos = q * (sorted.length - 1);
    const lo = Math.floor(pos),
      hi = Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  });
}
