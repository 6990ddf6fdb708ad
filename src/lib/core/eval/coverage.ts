import type { Interactions } from '../types.ts';
import { CoreError } from '../types.ts';
import { groupByUser } from './user-rows.ts';

/**
 * Catalogue coverage@k: the share of items that appear in at least one customer's top-k
 * (train items excluded, ties broken by lower item index, as recommend/scoring topN does).
 * A model that shows everyone the same five plans has coverage 5/N.
 */
export interface CoverageOptions {
  /** nUsers × nItems row-major. */
  scores: ArrayLike<number>;
  nItems: number;
  /** List length. Default 5. */
  k?: number;
  /** Items each customer already has, left out of their list. */
  exclude?: Interactions;
}

export interface CoverageResult {
  /** Share of items recommended to someone, in [0, 1]. */
  coverage: number;
  /** How many customers' top-k each item is in. */
  itemCounts: Int32Array;
}

export function catalogueCoverage(opts: CoverageOptions): CoverageResult {
  const { scores, nItems: N } = opts;
  const k = opts.k ?? 5;
  if (!(Number.isInteger(k) && k > 0))
    throw new CoreError('bad_input', `k must be a positive integer, got ${k}`);
  if (scores.length % N !== 0)
    throw new CoreError('bad_input', `scores has ${scores.length} values, not a multiple of nItems = ${N}`);
  const nUsers = scores.length / N;
  const rows = opts.exclude
    ? groupByUser({ interactions: opts.exclude, nUsers, nItems: N, label: 'exclude' })
    : null;
  const stamp = new Int32Array(N);
  const counts = new Int32Array(N);
  const best = new Int32Array(k);
  for (let u = 0; u < nUsers; u++) {
    if (rows) for (let p = rows.indptr[u]; p < rows.indptr[u + 1]; p++) stamp[rows.items[p]] = u + 1;
    const off = u * N;
    let len = 0;
    for (let i = 0; i < N; i++) {
      if (stamp[i] === u + 1) continue;
      const s = scores[off + i];
      if (len === k && !(s > scores[off + best[k - 1]])) continue;
      let pos = len < k ? len++ : k - 1;
      while (pos > 0 && s > scores[off + best[pos - 1]]) {
        best[pos] = best[pos - 1];
        pos--;
      }
      best[pos] = i;
    }
    for (let p = 0; p < len; p++) counts[best[p]]++;
  }
  let covered = 0;
  for (let i = 0; i < N; i++) if (counts[i] > 0) covered++;
  return { coverage: covered / N, itemCounts: counts };
}
