import type { Interactions } from '../types.ts';
import { CoreError } from '../types.ts';
import { groupByUser, type UserRows } from './user-rows.ts';

/**
 * Ranking metrics with LightFM's exact definitions (lightfm-spec.md §5), plus NDCG@k.
 *
 * rank(u, i) = #{ j ∉ train_u, j ≠ i : s_uj ≥ s_ui }  — ties count against i, other test
 * items count, rank 0 is the top. Train and test are grouped per user once; each user's
 * non-train scores are compacted into a scratch row so the inner loop is a branch-free count.
 */

export interface EvaluateOptions {
  /** Catalogue size N (columns of `scores`). */
  nItems: number;
  /** Scores, nUsers × nItems row-major; nUsers = scores.length / nItems. NaN is an error. */
  scores: Float32Array;
  /** Positives excluded from ranking (pass empty arrays to evaluate on the training split itself). */
  train: Interactions;
  /** Held-out positives to rank. Weights are ignored: every stored pair counts once. */
  test: Interactions;
  /** Cut-offs for precision/recall/NDCG. Default [3, 5, 10]. */
  ks?: number[];
  /** Return per-user values (needed for significance tests). Default true; false saves memory on 1M users. */
  perUser?: boolean;
}

export interface EvaluationResult {
  /**
   * Means over users with at least one test item: 'precision@k', 'recall@k', 'ndcg@k' per k,
   * 'auc', 'reciprocal_rank', and 'n_users_evaluated' (a count).
   * AUC leaves out users with no negative at all (N = |test_u| + |train_u|), where LightFM
   * would divide 0 by 0 (their per-user AUC is NaN).
   */
  metrics: Record<string, number>;
  /** Per evaluated user (ascending user index), the same keys as `metrics` minus the counts. */
  perUser: { users: Int32Array; values: Record<string, Float64Array> };
}

export const DEFAULT_KS: readonly number[] = [3, 5, 10];

/** Train/test grouped per user, validated once; reuse it when only the scores change (ensembles). */
export interface PreparedEvaluation {
  nUsers: number;
  nItems: number;
  train: UserRows;
  test: UserRows;
  /** Users with at least one test item, ascending. */
  evaluatedUsers: Int32Array;
}

export interface PrepareEvaluationOptions {
  nUsers: number;
  nItems: number;
  train: Interactions;
  test: Interactions;
}

/** Groups train/test per user and checks they do not overlap (CoreError 'train_test_overlap'). */
export function prepareEvaluation(opts: PrepareEvaluationOptions): PreparedEvaluation {
  const { nUsers, nItems } = opts;
  if (!Number.isInteger(nItems) || nItems <= 0) {
    throw new CoreError('bad_input', `nItems must be a positive integer, got ${nItems}`);
  }
  if (!Number.isInteger(nUsers) || nUsers < 0) {
    throw new CoreError('bad_input', `nUsers must be a non-negative integer, got ${nUsers}`);
  }
  const train = groupByUser({ interactions: opts.train, nUsers, nItems, label: 'train' });
  const test = groupByUser({ interactions: opts.test, nUsers, nItems, label: 'test' });
  const stamp = new Int32Array(nItems);
  const evaluated: number[] = [];
  for (let u = 0; u < nUsers; u++) {
    const t0 = test.indptr[u];
    const t1 = test.indptr[u + 1];
    if (t0 === t1) continue;
    evaluated.push(u);
    for (let p = train.indptr[u]; p < train.indptr[u + 1]; p++) stamp[train.items[p]] = u + 1;
    for (let p = t0; p < t1; p++) {
      const i = test.items[p];
      if (stamp[i] === u + 1) {
        throw new CoreError(
          'train_test_overlap',
          `user index ${u} has item index ${i} in both train and test: a split must put each interaction in one side only`
        );
      }
    }
  }
  return { nUsers, nItems, train, test, evaluatedUsers: Int32Array.from(evaluated) };
}

export interface EvaluatePreparedOptions {
  prepared: PreparedEvaluation;
  /**
   * nUsers × nItems row-major, as in EvaluateOptions. Float64 is accepted too, so combined
   * (ensemble) scores are ranked without rounding near-ties together.
   */
  scores: Float32Array | Float64Array;
  ks?: readonly number[];
  perUser?: boolean;
}

/** Metric key names in output order for the given cut-offs. */
export function metricKeys(ks: readonly number[] = DEFAULT_KS): string[] {
  const keys: string[] = [];
  for (const k of ks) keys.push(`precision@${k}`);
  for (const k of ks) keys.push(`recall@${k}`);
  for (const k of ks) keys.push(`ndcg@${k}`);
  keys.push('auc', 'reciprocal_rank');
  return keys;
}

function checkKs(ks: readonly number[]): void {
  if (ks.length === 0) throw new CoreError('bad_input', 'ks must list at least one cut-off, e.g. [3, 5, 10]');
  for (const k of ks) {
    if (!Number.isInteger(k) || k <= 0)
      throw new CoreError('bad_input', `every k must be a positive integer, got ${k}`);
  }
}

/** Count of ascending-sorted a[0..n) that are ≥ s (binary search for the first such index). */
function countAtLeast(a: Float64Array, n: number, s: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < s) lo = mid + 1;
    else hi = mid;
  }
  return n - lo;
}

/** Evaluates scores against a prepared split. Cost O(Σ_u N·min(|test_u|, log N)). */
export function evaluatePrepared(opts: EvaluatePreparedOptions): EvaluationResult {
  const { prepared, scores } = opts;
  const ks = opts.ks ?? DEFAULT_KS;
  checkKs(ks);
  const wantPerUser = opts.perUser ?? true;
  const { nUsers, nItems: N, train, test, evaluatedUsers } = prepared;
  if (scores.length !== nUsers * N) {
    throw new CoreError(
      'bad_input',
      `scores has ${scores.length} values; expected nUsers × nItems = ${nUsers} × ${N} = ${nUsers * N}`
    );
  }
  const nEval = evaluatedUsers.length;
  if (nEval === 0) {
    throw new CoreError(
      'no_test_users',
      'no user has a test item: there is nothing to evaluate (check the split)'
    );
  }
  const nk = ks.length;
  const maxK = Math.max(...ks);
  // discount[r] = 1/log2(r+2); idcg[m] = Σ_{r<m} discount[r].
  const discount = new Float64Array(maxK);
  const idcg = new Float64Array(maxK + 1);
  for (let r = 0; r < maxK; r++) {
    discount[r] = 1 / Math.log2(r + 2);
    idcg[r + 1] = idcg[r] + discount[r];
  }

  const stamp = new Int32Array(N);
  const cand = new Float64Array(N);
  let ranks = new Int32Array(16);
  const sumP = new Float64Array(nk),
    sumR = new Float64Array(nk),
    sumN = new Float64Array(nk);
  const hits = new Int32Array(nk);
  const dcg = new Float64Array(nk);
  let sumAuc = 0,
    nAuc = 0,
    sumRr = 0;

  const keys = metricKeys(ks);
  const per: Float64Array[] = wantPerUser ? keys.map(() => new Float64Array(nEval)) : [];

  for (let e = 0; e < nEval; e++) {
    const u = evaluatedUsers[e];
    const off = u * N;
    const tr0 = train.indptr[u],
      tr1 = train.indptr[u + 1];
    const te0 = test.indptr[u],
      te1 = test.indptr[u + 1];
    const m = te1 - te0;
    const nTrain = tr1 - tr0;
    for (let p = tr0; p < tr1; p++) stamp[train.items[p]] = u + 1;
    // Compact the candidate (non-train) scores; test items are candidates and count themselves once.
    let c = 0;
    for (let j = 0; j < N; j++) {
      const s = scores[off + j];
      if (s !== s) nanAt(u, j);
      if (stamp[j] !== u + 1) cand[c++] = s;
    }
    if (ranks.length < m) ranks = new Int32Array(m * 2);
    // Sorting pays off once there are more test items than ~2·log2 of the candidates.
    if (m > 2 * Math.log2(c + 1) + 4) {
      const sorted = cand.subarray(0, c).sort();
      for (let p = 0; p < m; p++) ranks[p] = countAtLeast(sorted, c, scores[off + test.items[te0 + p]]) - 1;
    } else {
      for (let p = 0; p < m; p++) {
        const s = scores[off + test.items[te0 + p]];
        let cnt = 0;
        for (let j = 0; j < c; j++) cnt += cand[j] >= s ? 1 : 0;
        ranks[p] = cnt - 1;
      }
    }
    const r = m <= 32 ? insertionSort(ranks, m) : ranks.subarray(0, m).sort();

    hits.fill(0);
    dcg.fill(0);
    for (let p = 0; p < m; p++) {
      const rank = r[p];
      if (rank >= maxK) break;
      for (let q = 0; q < nk; q++) {
        if (rank < ks[q]) {
          hits[q]++;
          dcg[q] += discount[rank];
        }
      }
    }
    // AUC with LightFM's sorted-rank correction: the m-th best test item may be beaten by the m
    // test items above it, which are not negatives.
    const neg = N - m - nTrain;
    let auc = NaN;
    if (neg > 0) {
      let a = 0;
      for (let p = 0; p < m; p++) {
        const rp = r[p] - p;
        a += 1 - (rp > 0 ? rp : 0) / neg;
      }
      auc = a / m;
      sumAuc += auc;
      nAuc++;
    }
    const rr = 1 / (r[0] + 1);
    sumRr += rr;
    for (let q = 0; q < nk; q++) {
      const prec = hits[q] / ks[q];
      const rec = hits[q] / m;
      const nd = dcg[q] / idcg[Math.min(ks[q], m)];
      sumP[q] += prec;
      sumR[q] += rec;
      sumN[q] += nd;
      if (wantPerUser) {
        per[q][e] = prec;
        per[nk + q][e] = rec;
        per[2 * nk + q][e] = nd;
      }
    }
    if (wantPerUser) {
      per[3 * nk][e] = auc;
      per[3 * nk + 1][e] = rr;
    }
  }

  const metrics: Record<string, number> = {};
  for (let q = 0; q < nk; q++) metrics[keys[q]] = sumP[q] / nEval;
  for (let q = 0; q < nk; q++) metrics[keys[nk + q]] = sumR[q] / nEval;
  for (let q = 0; q < nk; q++) metrics[keys[2 * nk + q]] = sumN[q] / nEval;
  metrics.auc = nAuc > 0 ? sumAuc / nAuc : NaN;
  metrics.reciprocal_rank = sumRr / nEval;
  metrics.n_users_evaluated = nEval;

  const values: Record<string, Float64Array> = {};
  if (wantPerUser) keys.forEach((k, idx) => (values[k] = per[idx]));
  return { metrics, perUser: { users: wantPerUser ? evaluatedUsers.slice() : new Int32Array(0), values } };
}

function insertionSort(a: Int32Array, n: number): Int32Array {
  for (let i = 1; i < n; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
  return a;
}

/**
 * LightFM-exact evaluation of a full score matrix (lightfm-spec.md §5).
 * Throws CoreError 'train_test_overlap' naming the user and item index when a pair is in both
 * splits, 'no_test_users' when no user has a test item, 'bad_scores' on NaN scores.
 */
export function evaluateRanking(opts: EvaluateOptions): EvaluationResult {
  const { nItems, scores } = opts;
  if (!Number.isInteger(nItems) || nItems <= 0) {
    throw new CoreError('bad_input', `nItems must be a positive integer, got ${nItems}`);
  }
  if (scores.length % nItems !== 0) {
    throw new CoreError(
      'bad_input',
      `scores has ${scores.length} values, not a multiple of nItems = ${nItems}`
    );
  }
  const prepared = prepareEvaluation({
    nUsers: scores.length / nItems,
    nItems,
    train: opts.train,
    test: opts.test
  });
  return evaluatePrepared({ prepared, scores, ks: opts.ks, perUser: opts.perUser });
}

// Kept out of the hot loop so the loop stays small for the optimiser.
function nanAt(u: number, j: number): never {
  throw new CoreError(
    'bad_scores',
    `score of user index ${u}, item index ${j} is NaN: the model diverged or was not trained`
  );
}
