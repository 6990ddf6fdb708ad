import { createRng } from '../data/rng.ts';
import { popularityScores } from '../eval/popularity.ts';
import { combineEnsemble, prepareEnsemble } from '../recommend/ensemble.ts';
import type { Interactions } from '../types.ts';
import type { LabModel } from './lab.ts';
import { replayEstimate, type ReplayPolicy, type ReplayResult } from './replay.ts';

/**
 * The Impact page's job on a dataset without a choice model (what its worker runs): the stored
 * runs, their equal-weight ensemble (two or more runs), popularity and random, replayed against
 * the held-out adoptions (replay.ts). Labelled as an offline replay estimate wherever shown.
 */
export interface ReplayLabOptions {
  nCustomers: number;
  nPlans: number;
  train: Interactions;
  test: Interactions;
  models: readonly LabModel[];
  /** Plan prices, or null when the dataset has none. */
  prices: readonly number[] | null;
  topN?: number;
  bootstrap?: number;
  seed: number;
}

/** Uniform random scores for every customer × plan, from the seed (the random policy of the replay). */
export function randomScores(nCustomers: number, nPlans: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: nCustomers * nPlans }, () => rng.next());
}

export function runReplayLab(o: ReplayLabOptions): ReplayResult {
  const { nCustomers: nC, nPlans: nP } = o;
  const policies: ReplayPolicy[] = o.models.map((m) => ({ id: m.id, label: m.label, scores: m.scores }));
  if (o.models.length > 1) {
    const prepared = prepareEnsemble({ models: o.models.map((m) => m.scores), nItems: nP });
    policies.push({
      id: 'ensemble',
      label: `Ensemble of ${o.models.length} runs (equal weights)`,
      scores: combineEnsemble({ prepared, weights: o.models.map(() => 1) })
    });
  }
  policies.push(
    { id: 'popularity', label: 'Popularity', scores: popularityScores(o.train, nC, nP) },
    { id: 'random', label: 'Random', scores: randomScores(nC, nP, o.seed) }
  );
  return replayEstimate({
    nCustomers: nC,
    nPlans: nP,
    train: o.train,
    test: o.test,
    policies,
    topN: o.topN,
    prices: o.prices,
    bootstrap: o.bootstrap,
    seed: o.seed
  });
}
