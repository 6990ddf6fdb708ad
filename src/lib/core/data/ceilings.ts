import type { Interactions } from '../types.ts';
import type { Ceilings, RankingScores, TelcoDataset } from './schema.ts';
import { adoptionsToInteractions, defaultSplitSeed, splitInteractions, type SplitOptions } from './split.ts';
import { customerUtilities } from './utility.ts';

/**
 * Ceilings: what two reference rankers score on a dataset's test split, with the evaluation
 * definitions of lightfm-spec.md §5 (train positives excluded, ties count against the test
 * item, users without test items left out, binary-gain NDCG).
 * - ideal: plans ranked by the hidden true utility (no noise). Choices were drawn with noise,
 *   so this is the best any model can hope for on average; a lucky model may edge past it on
 *   one split, never by much.
 * - popularity: plans ranked by train adoption counts; a model below it has learned nothing.
 */
export const CEILING_KS = [3, 5, 10] as const;

interface UserRows {
  start: Int32Array;
  items: Int32Array;
}

function itemsByUser(x: Interactions, nUsers: number): UserRows {
  const start = new Int32Array(nUsers + 1);
  for (let r = 0; r < x.userIdx.length; r++) start[x.userIdx[r] + 1]++;
  for (let u = 0; u < nUsers; u++) start[u + 1] += start[u];
  const fill = start.slice(0, nUsers);
  const items = new Int32Array(x.userIdx.length);
  for (let r = 0; r < x.userIdx.length; r++) items[fill[x.userIdx[r]]++] = x.itemIdx[r];
  return { start, items };
}

/**
 * Mean precision/recall/NDCG at each k of a scorer over users with test items.
 * `score(u, out)` writes one score per item into `out` (higher = better).
 */
export function rankingScores(opts: {
  train: Interactions;
  test: Interactions;
  nUsers: number;
  nItems: number;
  ks: readonly number[];
  score: (user: number, out: Float64Array) => void;
}): { scores: RankingScores; usersEvaluated: number } {
  const { nUsers, nItems, ks } = opts;
  const train = itemsByUser(opts.train, nUsers);
  const test = itemsByUser(opts.test, nUsers);
  const sums = { precision: ks.map(() => 0), recall: ks.map(() => 0), ndcg: ks.map(() => 0) };
  const scores = new Float64Array(nItems);
  const excluded = new Uint8Array(nItems);
  let users = 0;
  for (let u = 0; u < nUsers; u++) {
    const t0 = test.start[u],
      t1 = test.start[u + 1];
    if (t1 === t0) continue;
    users++;
    opts.score(u, scores);
    for (let p = train.start[u]; p < train.start[u + 1]; p++) excluded[train.items[p]] = 1;
    const nTest = t1 - t0;
    // rank of test item i = #{ j not in train_u, j ≠ i : s_j ≥ s_i }
    const ranks: number[] = [];
    for (let p = t0; p < t1; p++) {
      const i = test.items[p];
      let rank = 0;
      for (let j = 0; j < nItems; j++) if (j !== i && !excluded[j] && scores[j] >= scores[i]) rank++;
      ranks.push(rank);
    }
    ks.forEach((k, q) => {
      let hits = 0,
        dcg = 0,
        ideal = 0;
      for (const r of ranks)
        if (r < k) {
          hits++;
          dcg += 1 / Math.log2(r + 2);
        }
      for (let r = 0; r < Math.min(k, nTest); r++) ideal += 1 / Math.log2(r + 2);
      sums.precision[q] += hits / k;
      sums.recall[q] += hits / nTest;
      sums.ndcg[q] += dcg / ideal;
    });
    for (let p = train.start[u]; p < train.start[u + 1]; p++) excluded[train.items[p]] = 0;
  }
  const mean = (xs: number[]) => Object.fromEntries(ks.map((k, q) => [k, users ? xs[q] / users : 0]));
  return {
    scores: { precision: mean(sums.precision), recall: mean(sums.recall), ndcg: mean(sums.ndcg) },
    usersEvaluated: users
  };
}

/** Ceilings of one split, or null for a dataset without hidden traits (imported data). */
export function computeCeilings(opts: {
  dataset: TelcoDataset;
  split: SplitOptions;
  ks?: readonly number[];
}): Ceilings | null {
  const ds = opts.dataset;
  if (!ds.customers.hidden) return null;
  const ks = opts.ks ?? CEILING_KS;
  const seed = opts.split.seed ?? defaultSplitSeed(ds);
  const nUsers = ds.customers.ids.length;
  const nItems = ds.plans.length;
  const { train, test } = splitInteractions({
    interactions: adoptionsToInteractions(ds),
    nUsers,
    split: { ...opts.split, seed, validationFraction: 0 }
  });
  const ideal = rankingScores({
    train,
    test,
    nUsers,
    nItems,
    ks,
    score: (u, out) => void customerUtilities(ds, u, out)
  });
  const counts = new Float64Array(nItems);
  for (let r = 0; r < train.itemIdx.length; r++) counts[train.itemIdx[r]]++;
  const popularity = rankingScores({ train, test, nUsers, nItems, ks, score: (_u, out) => out.set(counts) });
  return {
    split: { kind: opts.split.kind, testFraction: opts.split.testFraction ?? 0.2, seed },
    ks: [...ks],
    usersEvaluated: ideal.usersEvaluated,
    ideal: ideal.scores,
    popularity: popularity.scores
  };
}

/** Ceilings of the three standard splits (default fractions, the dataset's seed). */
export function standardCeilings(ds: TelcoDataset): Ceilings[] {
  const out: Ceilings[] = [];
  for (const kind of ['random', 'temporal', 'cold_start'] as const) {
    const c = computeCeilings({ dataset: ds, split: { kind } });
    if (c) out.push(c);
  }
  return out;
}
