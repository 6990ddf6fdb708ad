/**
 * 95% intervals over R seeded replications: mean ± t(0.975, R−1) · sd / √R. Replications are
 * independent draws of the customers' noise, so this is the interval of the expected value
 * under the choice model for THIS set of customers (not of a different population).
 */

/** t quantiles at 0.975 for 1..30 degrees of freedom (standard tables). */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042
];

/** Student-t 0.975 quantile: the table up to 30 df, then the Cornish–Fisher expansion around 1.96 (error < 1e-4). */
export function t975(df: number): number {
  if (df < 1) return NaN;
  if (df <= 30) return T975[Math.floor(df) - 1];
  const z = 1.959964,
    z3 = z ** 3,
    z5 = z ** 5;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df);
}

export interface Estimate {
  mean: number;
  /** [lo, hi]; equal to the mean when every replication agrees; NaN when R = 1 (no interval from one draw). */
  ci: [number, number];
}

export function meanInterval(values: ArrayLike<number>): Estimate {
  const n = values.length;
  if (n === 0) return { mean: NaN, ci: [NaN, NaN] };
  let sum = 0;
  for (let k = 0; k < n; k++) sum += values[k];
  const mean = sum / n;
  if (n === 1) return { mean, ci: [NaN, NaN] };
  let ss = 0;
  for (let k = 0; k < n; k++) ss += (values[k] - mean) ** 2;
  const half = t975(n - 1) * Math.sqrt(ss / (n - 1) / n);
  return { mean, ci: [mean - half, mean + half] };
}

/** Interval of the paired difference a − b, replication by replication (common random numbers make it tight). */
export function pairedInterval(a: ArrayLike<number>, b: ArrayLike<number>): Estimate {
  return meanInterval(Float64Array.from({ length: a.length }, (_, k) => a[k] - b[k]));
}
