import type { Rng } from '../data/rng.ts';
import type { UserRows } from '../eval/user-rows.ts';
import type { WarpVariant } from './config.ts';

/** Largest WARP coefficient, as LightFM's MAX_LOSS (gradient clipping). */
export const MAX_WARP_COEFFICIENT = 10;

/**
 * Number of uniform draws over all N items until the first violator, when r of them are
 * violators: K ~ Geometric(r/N), K ≥ 1 (lightfm-spec.md §4.4). This is the distribution of
 * LightFM's sequential sampling loop, where drawn positives count as failed trials.
 * `u` is a uniform in [0, 1).
 */
export function geometricTrials(r: number, nItems: number, u: number): number {
  if (r >= nItems) return 1;
  const p = r / nItems;
  // 1 − u is in (0, 1], so the log is finite; ceil of a tiny positive gives 1.
  return Math.max(1, Math.ceil(Math.log(1 - u) / Math.log(1 - p)));
}

/** H(r) = 1 + 1/2 + … + 1/r, the exact-rank weighting of Usunier et al. that WARP estimates. */
export function harmonic(r: number): number {
  let h = 0;
  for (let k = 1; k <= r; k++) h += 1 / k;
  return h;
}

/**
 * WARP multiplier g for one sample with r exact violators (0 when no update):
 * 'lightfm': K ~ Geometric(r/N); no update when r = 0 or K > maxSampled;
 *            g = min(10, w·ln max(1, ⌊(nRank)/K⌋)) with nRank = N − 1 for WARP.
 * 'exact-rank': g = min(10, w·H(r)).
 * `nRank` is N − 1 for WARP and k-OS alike (LightFM 1.17 runs the same loop for both); the
 * max(1, ·) guard, which LightFM's k-OS lacks, is kept for both (spec §2).
 */
export function warpCoefficient(
  variant: WarpVariant,
  r: number,
  nItems: number,
  nRank: number,
  maxSampled: number,
  weight: number,
  u: number
): number {
  if (r <= 0) return 0;
  if (variant === 'exact-rank') return Math.min(MAX_WARP_COEFFICIENT, weight * harmonic(r));
  const k = geometricTrials(r, nItems, u);
  if (k > maxSampled) return 0;
  return trialsCoefficient(weight, nRank, k);
}

/** LightFM's WARP multiplier for a violator found at draw `trials`: min(10, w·ln max(1, ⌊nRank/trials⌋)). */
export function trialsCoefficient(weight: number, nRank: number, trials: number): number {
  return Math.min(MAX_WARP_COEFFICIENT, weight * rankLog(nRank, trials));
}

/** ln max(1, ⌊nRank/trials⌋): trialsCoefficient before the weight and the clip (the kernel tabulates it). */
export function rankLog(nRank: number, trials: number): number {
  return Math.log(Math.max(1, Math.floor(nRank / trials)));
}

/** What drawViolator found: the negative (−1: none within maxSampled draws), its draw number and score. */
export interface ViolatorDraw {
  negative: number;
  trials: number;
  score: number;
}

/**
 * LightFM's sampled violator search for one sample (warp-sampled.ts, deep-sampled.ts): draw
 * items uniformly from all N until one scores above `threshold` (s⁺ − 1) and is not a positive
 * of u, at most maxSampled draws; drawn positives count as trials. The number of draws is then
 * Geometric(r/N) truncated at maxSampled and the negative uniform among the r violators, the
 * distribution of the exact search (violators.ts with warpCoefficient). Writes `out`.
 */
export function drawViolator(
  pos: UserRows,
  u: number,
  nItems: number,
  maxSampled: number,
  threshold: number,
  rng: Rng,
  score: (item: number) => number,
  out: ViolatorDraw
): void {
  for (let t = 1; t <= maxSampled; t++) {
    const cand = rng.int(nItems);
    const s = score(cand);
    if (s > threshold) {
      if (isPositive(pos, u, cand)) continue;
      out.negative = cand;
      out.trials = t;
      out.score = s;
      return;
    }
  }
  out.negative = -1;
  out.trials = 0;
  out.score = 0;
}

/** Whether item i is a training positive of user u (linear scan: rows are short). */
export function isPositive(pos: UserRows, u: number, i: number): boolean {
  for (let p = pos.indptr[u]; p < pos.indptr[u + 1]; p++) if (pos.items[p] === i) return true;
  return false;
}

/** Draws rejected before a sample is skipped rather than trained against a positive. */
export const MAX_NEGATIVE_DRAWS = 100;

/**
 * BPR negative: the item of a uniformly chosen stored interaction (so ∝ popularity), redrawn
 * while it is a positive of u; −1 (skip the sample) after MAX_NEGATIVE_DRAWS tries.
 */
export function popularityNegative(pos: UserRows, u: number, trainItems: Int32Array, rng: Rng): number {
  for (let t = 0; t < MAX_NEGATIVE_DRAWS; t++) {
    const j = trainItems[rng.int(trainItems.length)];
    if (!isPositive(pos, u, j)) return j;
  }
  return -1;
}

/** Uniform unobserved item for u; −1 after MAX_NEGATIVE_DRAWS tries. */
export function uniformNegative(pos: UserRows, u: number, nItems: number, rng: Rng): number {
  for (let t = 0; t < MAX_NEGATIVE_DRAWS; t++) {
    const j = rng.int(nItems);
    if (!isPositive(pos, u, j)) return j;
  }
  return -1;
}

/**
 * Which of the m drawn positives k-OS trains on (1 = the highest scoring): the k-th of n kept at
 * the same quantile, ⌈k·m/n⌉, when a user has fewer than n positives. LightFM takes
 * min(k, m) (fit_warp_kos), which with m ≤ k is always the *lowest* scoring positive: on a
 * 10-service catalogue with 3–4 adoptions per customer (fixtures/services-world.ts) that cost
 * 0.035 test AUC against WARP at equal P@5 (0.8177 vs 0.8536, seed 1); with ⌈k·m/n⌉ it is
 * 0.8516. Users with at least n positives get the k-th, as in LightFM.
 */
export function kosRank(k: number, n: number, m: number): number {
  return Math.max(1, Math.min(m, Math.ceil((k * m) / n)));
}

/**
 * k-OS positive (lightfm-spec.md §4.5): draw min(n, |P_u|) of u's positives with replacement,
 * score them with `score(i)`, return the kosRank-th highest.
 * `scratchItems`/`scratchScores` must hold n entries.
 */
export function kosPositive(
  pos: UserRows,
  u: number,
  k: number,
  n: number,
  rng: Rng,
  score: (item: number) => number,
  scratchItems: Int32Array,
  scratchScores: Float64Array
): number {
  const start = pos.indptr[u];
  const count = pos.indptr[u + 1] - start;
  if (count === 0) return -1;
  const m = Math.min(n, count);
  for (let t = 0; t < m; t++) {
    const i = pos.items[start + rng.int(count)];
    scratchItems[t] = i;
    scratchScores[t] = score(i);
  }
  // Partial selection sort down to the k-th largest (m ≤ n is small).
  const kk = kosRank(k, n, m);
  for (let a = 0; a < kk; a++) {
    let best = a;
    for (let c = a + 1; c < m; c++) if (scratchScores[c] > scratchScores[best]) best = c;
    const ts = scratchScores[a];
    scratchScores[a] = scratchScores[best];
    scratchScores[best] = ts;
    const ti = scratchItems[a];
    scratchItems[a] = scratchItems[best];
    scratchItems[best] = ti;
  }
  return scratchItems[kk - 1];
}
