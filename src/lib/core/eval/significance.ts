import { CoreError } from '../types.ts';
import { createRng } from '../data/rng.ts';

/**
 * Paired significance between two models evaluated on the same users: a paired bootstrap
 * confidence interval of the mean difference, and the Wilcoxon signed-rank test.
 * Pairs where either value is NaN (e.g. per-user AUC without negatives) are dropped.
 */

export interface PairedSamples {
  /** Per-user values of model A (e.g. EvaluationResult.perUser.values['precision@5']). */
  a: ArrayLike<number>;
  /** Per-user values of model B, same users in the same order. */
  b: ArrayLike<number>;
}

/** Differences a − b over the pairs where both are numbers. */
export function pairedDifferences({ a, b }: PairedSamples): Float64Array {
  if (a.length !== b.length) {
    throw new CoreError(
      'bad_input',
      `paired samples differ in length (${a.length} vs ${b.length}): evaluate both models on the same users`
    );
  }
  const out = new Float64Array(a.length);
  let n = 0;
  for (let k = 0; k < a.length; k++) {
    const d = a[k] - b[k];
    if (d === d) out[n++] = d;
  }
  return out.slice(0, n);
}

export interface PairedBootstrapOptions extends PairedSamples {
  /** Bootstrap resamples. Default 2000. */
  iterations?: number;
  /** Two-sided confidence level in (0, 1). Default 0.95. */
  confidence?: number;
  /** Seed of the resampling stream. Default 0. */
  seed?: number;
}

export interface PairedBootstrapResult {
  /** Pairs used (NaN pairs dropped). */
  n: number;
  /** Observed mean of a − b. */
  meanDiff: number;
  /** Percentile interval of the resampled means. */
  lower: number;
  upper: number;
  confidence: number;
  iterations: number;
  /** Share of resampled means above 0 (ties at 0 count half): a readable "how often A wins". */
  shareAboveZero: number;
}

/** Linear-interpolation quantile (R type 7) of an ascending array. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Paired bootstrap: resample users with replacement, recompute the mean difference, take the
 * percentile interval. Cost iterations × n (2000 × 5000 users ≈ 10M steps).
 */
export function pairedBootstrap(opts: PairedBootstrapOptions): PairedBootstrapResult {
  const iterations = opts.iterations ?? 2000;
  const confidence = opts.confidence ?? 0.95;
  if (!Number.isInteger(iterations) || iterations < 1)
    throw new CoreError('bad_input', `iterations must be a positive integer, got ${iterations}`);
  if (!(confidence > 0 && confidence < 1))
    throw new CoreError('bad_input', `confidence must be in (0, 1), got ${confidence}`);
  const d = pairedDifferences(opts);
  const n = d.length;
  if (n === 0) throw new CoreError('bad_input', 'no paired values to compare (all NaN or empty)');
  let sum = 0;
  for (let k = 0; k < n; k++) sum += d[k];
  const rng = createRng(opts.seed ?? 0);
  const means = new Float64Array(iterations);
  let above = 0;
  for (let it = 0; it < iterations; it++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += d[(rng.next() * n) | 0];
    const m = s / n;
    means[it] = m;
    above += m > 0 ? 1 : m === 0 ? 0.5 : 0;
  }
  means.sort();
  const alpha = (1 - confidence) / 2;
  return {
    n,
    meanDiff: sum / n,
    lower: quantileSorted(means, alpha),
    upper: quantileSorted(means, 1 - alpha),
    confidence,
    iterations,
    shareAboveZero: above / iterations
  };
}

/** Complementary error function (Numerical Recipes erfcc, fractional error < 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
    );
  return x >= 0 ? r : 2 - r;
}

/** P(Z > z) for a standard normal Z. */
export function normalSf(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

export interface WilcoxonOptions extends PairedSamples {
  /**
   * Zero differences: 'wilcox' drops them (default, as scipy), 'pratt' ranks them with the rest
   * and then drops them, 'zsplit' splits their ranks between the positive and negative sums.
   */
  zeroMethod?: 'wilcox' | 'pratt' | 'zsplit';
  /** Continuity correction of ±0.5 in the normal approximation. Default false (as scipy). */
  correction?: boolean;
  /**
   * 'auto' (default): exact when at most 50 nonzero differences and zeroMethod is 'wilcox' (or
   * there are no zeros); normal approximation otherwise. true/false force it (exact is O(n³)).
   */
  exact?: 'auto' | boolean;
}

export interface WilcoxonResult {
  /** Differences that entered the test (after 'wilcox' drops zeros). */
  n: number;
  nZeros: number;
  /** Sum of ranks of positive (negative) differences; with 'zsplit' half the zero ranks each. */
  wPlus: number;
  wMinus: number;
  /** min(wPlus, wMinus), the two-sided statistic scipy reports. */
  statistic: number;
  /** Standardised W+ of the normal approximation (NaN when exact). */
  z: number;
  /** Two-sided p-value. 1 when every difference is zero. */
  pValue: number;
  method: 'exact' | 'normal';
}

/** Average ranks (1-based) of values; returns ranks and Σ(t³ − t) over tie groups. */
function averageRanks(values: Float64Array): { ranks: Float64Array; tieTerm: number } {
  const n = values.length;
  const order = Array.from({ length: n }, (_, k) => k).sort((p, q) => values[p] - values[q]);
  const ranks = new Float64Array(n);
  let tieTerm = 0;
  for (let s = 0; s < n;) {
    let e = s + 1;
    while (e < n && values[order[e]] === values[order[s]]) e++;
    const avg = (s + 1 + e) / 2; // mean of ranks s+1 .. e
    for (let k = s; k < e; k++) ranks[order[k]] = avg;
    const t = e - s;
    tieTerm += t * t * t - t;
    s = e;
  }
  return { ranks, tieTerm };
}

/**
 * Exact two-sided p of W+ under random signs, given the (possibly tied) ranks: a subset-sum
 * count over doubled ranks, so average ranks of ties stay integers and ties are exact.
 */
function exactPValue(ranks: Float64Array, wPlus: number): number {
  const doubled = Array.from(ranks, (r) => Math.round(2 * r));
  const total = doubled.reduce((s, v) => s + v, 0);
  const counts = new Float64Array(total + 1);
  counts[0] = 1;
  let reach = 0;
  for (const r of doubled) {
    for (let s = reach; s >= 0; s--) if (counts[s] !== 0) counts[s + r] += counts[s];
    reach += r;
  }
  const w = Math.round(2 * wPlus);
  let le = 0,
    ge = 0,
    all = 0;
  for (let s = 0; s <= total; s++) {
    all += counts[s];
    if (s <= w) le += counts[s];
    if (s >= w) ge += counts[s];
  }
  return Math.min(1, (2 * Math.min(le, ge)) / all);
}

/** Wilcoxon signed-rank test of a − b (paired), two-sided. */
export function wilcoxonSignedRank(opts: WilcoxonOptions): WilcoxonResult {
  const zeroMethod = opts.zeroMethod ?? 'wilcox';
  const all = pairedDifferences(opts);
  let nZeros = 0;
  for (const d of all) if (d === 0) nZeros++;
  const d = zeroMethod === 'wilcox' ? all.filter((x) => x !== 0) : all;
  const n = d.length;
  const nNonzero = all.length - nZeros;
  if (nNonzero === 0) {
    return { n, nZeros, wPlus: 0, wMinus: 0, statistic: 0, z: 0, pValue: 1, method: 'normal' };
  }
  const abs = d.map(Math.abs);
  const { ranks, tieTerm } = averageRanks(abs);
  let wPlus = 0,
    wMinus = 0,
    zeroRanks = 0;
  for (let k = 0; k < n; k++) {
    if (d[k] > 0) wPlus += ranks[k];
    else if (d[k] < 0) wMinus += ranks[k];
    else zeroRanks += ranks[k];
  }
  if (zeroMethod === 'zsplit') {
    wPlus += zeroRanks / 2;
    wMinus += zeroRanks / 2;
  }
  const statistic = Math.min(wPlus, wMinus);
  const exactWanted = opts.exact ?? 'auto';
  const exactOk = zeroMethod === 'wilcox' || nZeros === 0;
  const useExact = exactWanted === 'auto' ? exactOk && n <= 50 : exactWanted;
  if (useExact) {
    if (!exactOk)
      throw new CoreError(
        'bad_input',
        `the exact Wilcoxon test needs zeroMethod 'wilcox' when there are zero differences (${nZeros} here)`
      );
    return {
      n,
      nZeros,
      wPlus,
      wMinus,
      statistic,
      z: NaN,
      pValue: exactPValue(ranks, wPlus),
      method: 'exact'
    };
  }
  // Normal approximation with the tie correction (and Cureton's zero adjustment for 'pratt').
  let mean = (n * (n + 1)) / 4;
  let varTimes24 = n * (n + 1) * (2 * n + 1);
  let ties = tieTerm;
  if (zeroMethod === 'pratt') {
    mean -= (nZeros * (nZeros + 1)) / 4;
    varTimes24 -= nZeros * (nZeros + 1) * (2 * nZeros + 1);
    // The zeros are no tie group of the test (they left it), as in scipy.
    ties -= nZeros * nZeros * nZeros - nZeros;
  }
  varTimes24 -= ties / 2;
  const sd = Math.sqrt(varTimes24 / 24);
  let num = wPlus - mean;
  if (opts.correction) num -= 0.5 * Math.sign(num);
  const z = sd > 0 ? num / sd : 0;
  return {
    n,
    nZeros,
    wPlus,
    wMinus,
    statistic,
    z,
    pValue: Math.min(1, 2 * normalSf(Math.abs(z))),
    method: 'normal'
  };
}

export interface CompareModelsOptions {
  /** Per-user results of the two models (EvaluationResult.perUser of each), same split. */
  a: { users: Int32Array; values: Record<string, Float64Array> };
  b: { users: Int32Array; values: Record<string, Float64Array> };
  /** Metric key, e.g. 'precision@5'. */
  metric: string;
  /** Bootstrap resamples. Default 2000. */
  iterations?: number;
  /** Default 0. */
  seed?: number;
  /** Default 0.95. */
  confidence?: number;
}

export interface CompareModelsResult {
  metric: string;
  meanA: number;
  meanB: number;
  bootstrap: PairedBootstrapResult;
  wilcoxon: WilcoxonResult;
}

/** Bootstrap CI and Wilcoxon p of A − B on one metric, checking both cover the same users. */
export function compareModels(opts: CompareModelsOptions): CompareModelsResult {
  const { a, b, metric } = opts;
  if (a.users.length !== b.users.length || a.users.some((u, k) => u !== b.users[k])) {
    throw new CoreError(
      'bad_input',
      'the two evaluations cover different users: evaluate both models on the same train/test split'
    );
  }
  const va = a.values[metric];
  const vb = b.values[metric];
  if (!va || !vb)
    throw new CoreError(
      'bad_input',
      `metric "${metric}" is missing from the per-user values (known: ${Object.keys(a.values).join(', ')})`
    );
  const mean = (v: Float64Array) => {
    let s = 0,
      n = 0;
    for (const x of v)
      if (x === x) {
        s += x;
        n++;
      }
    return n ? s / n : NaN;
  };
  return {
    metric,
    meanA: mean(va),
    meanB: mean(vb),
    bootstrap: pairedBootstrap({
      a: va,
      b: vb,
      iterations: opts.iterations,
      seed: opts.seed,
      confidence: opts.confidence
    }),
    wilcoxon: wilcoxonSignedRank({ a: va, b: vb })
  };
}
