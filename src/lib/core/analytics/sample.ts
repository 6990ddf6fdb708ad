import { createRng } from '../data/rng.ts';

/**
 * A deterministic sample of at most `size` indices out of `candidates` (ascending order kept),
 * by a partial Fisher–Yates shuffle with a seeded stream: the same data and seed give the same
 * points on every visit. Charts that would otherwise hold 50k+ points use it.
 */
export function sampleIndices(candidates: ArrayLike<number>, size: number, seed = 1): Int32Array {
  const n = candidates.length;
  if (n <= size) return Int32Array.from(candidates as ArrayLike<number>);
  const pool = Int32Array.from(candidates as ArrayLike<number>);
  const rng = createRng(seed);
  for (let k = 0; k < size; k++) {
    const j = k + rng.int(n - k);
    const t = pool[k];
    pool[k] = pool[j];
    pool[j] = t;
  }
  return pool.slice(0, size).sort();
}

/** Median (linear interpolation, like numpy) of a plain array; NaN when empty. Sorts a copy. */
export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5);
}

/** One quantile (R type 7) of unsorted values; NaN when empty. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const n = values.length;
  if (n === 0) return NaN;
  const s = Float64Array.from(values as ArrayLike<number>).sort();
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return s[lo] + (h - lo) * (s[hi] - s[lo]);
}

/** The most frequent value of non-negative integer codes (ties: the smallest code); −1 when empty. */
export function mode(codes: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  let best = -1,
    bestCount = 0;
  for (let k = 0; k < codes.length; k++) {
    const c = codes[k];
    const v = (counts.get(c) ?? 0) + 1;
    counts.set(c, v);
    if (v > bestCount || (v === bestCount && c < best)) {
      best = c;
      bestCount = v;
    }
  }
  return best;
}
