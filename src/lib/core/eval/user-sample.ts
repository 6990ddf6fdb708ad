/**
 * Evaluation on a seeded sample of test customers (issue 14): at 1M customers a run is measured
 * on, and keeps the score matrix of, a fixed sample of the customers with a test adoption. The
 * sample depends only on the split's test customers and the sample's seed and size, never on the
 * run, so every run on one dataset and split is measured on the same customers and stays
 * comparable (and pairable for significance tests and ensembles).
 */
import { createRng } from '../data/rng.ts';
import type { Interactions } from '../types.ts';
import { CoreError } from '../types.ts';

/** The seed every run's sample is drawn with (not the run's seed: all runs share the sample). */
export const EVAL_SAMPLE_SEED = 14;
/** Customers in the sample unless asked otherwise. */
export const DEFAULT_EVAL_SAMPLE_SIZE = 20_000;
/** From this many customers the Train page evaluates on a sample unless told not to. */
export const EVAL_SAMPLE_FROM_CUSTOMERS = 200_000;

/** What a sampled evaluation was (stored with the run, shown beside its metrics). */
export interface EvalSample {
  /** Customers in the sample. */
  size: number;
  seed: number;
  /** Customers with a test adoption, the population sampled from. */
  testCustomers: number;
  /** 95% normal-approximation interval of each mean metric over the sampled customers. */
  intervals: Record<string, [number, number]>;
}

/** Users with at least one interaction in `test`, ascending. */
export function testUsersOf(test: Interactions, nUsers: number): Int32Array {
  const seen = new Uint8Array(nUsers);
  let n = 0;
  for (const u of test.userIdx) {
    if (seen[u]) continue;
    seen[u] = 1;
    n++;
  }
  const out = new Int32Array(n);
  for (let u = 0, k = 0; u < nUsers; u++) if (seen[u]) out[k++] = u;
  return out;
}

/**
 * `size` distinct test users drawn with `seed` (a partial Fisher–Yates shuffle), ascending; all
 * of them when there are no more than `size`. Same test users, seed and size: same sample.
 */
export function sampleTestUsers(opts: {
  test: Interactions;
  nUsers: number;
  size: number;
  seed?: number;
}): Int32Array {
  if (!(Number.isInteger(opts.size) && opts.size > 0))
    throw new CoreError(
      'bad_input',
      `the evaluation sample size must be a positive whole number, got ${opts.size}`
    );
  const pool = testUsersOf(opts.test, opts.nUsers);
  if (pool.length <= opts.size) return pool;
  const rng = createRng(opts.seed ?? EVAL_SAMPLE_SEED);
  for (let k = 0; k < opts.size; k++) {
    const j = k + rng.int(pool.length - k);
    const t = pool[k];
    pool[k] = pool[j];
    pool[j] = t;
  }
  return pool.slice(0, opts.size).sort();
}

/**
 * The interactions of the sampled users only, each user renumbered to its position in `users`
 * (ascending), so a sample × items score matrix is evaluated as if it were the whole.
 */
export function restrictToUsers(inter: Interactions, users: Int32Array, nUsers: number): Interactions {
  const row = new Int32Array(nUsers).fill(-1);
  users.forEach((u, k) => (row[u] = k));
  let n = 0;
  for (const u of inter.userIdx) if (row[u] >= 0) n++;
  const out: Interactions = {
    userIdx: new Int32Array(n),
    itemIdx: new Int32Array(n),
    weight: new Float32Array(n)
  };
  for (let k = 0, m = 0; k < inter.userIdx.length; k++) {
    const r = row[inter.userIdx[k]];
    if (r < 0) continue;
    out.userIdx[m] = r;
    out.itemIdx[m] = inter.itemIdx[k];
    out.weight[m++] = inter.weight[k];
  }
  return out;
}

/**
 * Mean and 95% normal-approximation interval over users (mean ± 1.96·sd/√n; NaN values, such
 * as AUC without negatives, left out). With 20,000 users the sampling distribution of a mean of
 * bounded per-user values is very close to normal.
 */
export function meanInterval(
  values: ArrayLike<number>,
  z = 1.959964
): { mean: number; lower: number; upper: number; n: number } {
  let n = 0;
  let sum = 0;
  let sq = 0;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (v !== v) continue;
    n++;
    sum += v;
    sq += v * v;
  }
  if (n === 0) return { mean: NaN, lower: NaN, upper: NaN, n };
  const mean = sum / n;
  const variance = n > 1 ? Math.max(0, (sq - n * mean * mean) / (n - 1)) : 0;
  const half = z * Math.sqrt(variance / n);
  return { mean, lower: mean - half, upper: mean + half, n };
}

const fmtCount = (n: number) => n.toLocaleString('en');

/** "P@5 on a seeded sample of 20,000 test customers (of 612,345), 95% interval [0.2101, 0.2187]". */
export function describeEvalSample(s: EvalSample, metric = 'precision@5', label = 'P@5'): string {
  const iv = s.intervals[metric];
  const interval = iv ? `, 95% interval [${iv[0].toFixed(4)}, ${iv[1].toFixed(4)}]` : '';
  return `${label} on a seeded sample of ${fmtCount(s.size)} test customers (of ${fmtCount(s.testCustomers)})${interval}`;
}
