/**
 * The Recommend page's heavy computations, as pure functions over a dataset and stored models:
 * the full score matrix of a run, the weight search for an ensemble with its significance test,
 * and the cold-start evaluation on held-out customers. The recommend worker calls them (the
 * page never blocks on 50k customers); Node tests and benchmarks call them directly.
 */
import type { TelcoDataset } from '../data/schema';
import { adoptionsToInteractions, splitInteractions, type SplitOptions } from '../data/split';
import { resolveSplit } from '../data/train-test';
import type { TrainedModel } from '../model/model';
import type { Interactions } from '../types';
import { CoreError } from '../types';
import { compareModels, type CompareModelsResult } from '../eval/significance';
import { ensembleEvaluator, type PreparedEnsemble } from './ensemble';
import { optimiseWeights, type OptimiseWeightsResult } from './optimise-weights';
import { contentScoreMatrix, profileFromCustomer } from './content-rules';
import { evaluateColdStart, type ColdStartEvaluationRow } from './cold-start';
import { compactUsers, featuresOnlyScores } from './page-data';
import { scoringItems, scoringUser, scoreUserRow, type DeepModelParts } from './tower-scoring';

export interface SplitParts {
  train: Interactions;
  test: Interactions;
}

/** The train/test interactions of `split` on `ds` (defaults filled as every run's were). */
export function runSplit(ds: TelcoDataset, split: SplitOptions | undefined): SplitParts {
  const parts = splitInteractions({
    interactions: adoptionsToInteractions(ds),
    nUsers: ds.customers.ids.length,
    split: resolveSplit(ds, split)
  });
  return { train: parts.train, test: parts.test };
}

/** Every customer's score for every plan (nUsers × nItems, row-major), from a model's weights, towers included. */
export function modelScores(parts: DeepModelParts): Float32Array {
  const items = scoringItems(parts);
  const nU = parts.space.userIds.length;
  const N = items.nRows;
  const out = new Float32Array(nU * N);
  for (let u = 0; u < nU; u++) out.set(scoreUserRow(scoringUser(parts, u), items), u * N);
  return out;
}

export interface EnsembleWeightSearchOptions {
  dataset: TelcoDataset;
  prepared: PreparedEnsemble;
  /** The split every member run was tested on. */
  split: SplitOptions | undefined;
}

export interface EnsembleWeightSearch {
  result: OptimiseWeightsResult;
  /** Member index of the best model alone on validation. */
  bestSingle: number;
  /** Ensemble against the best single model on the test split, per customer (P@5). */
  significance: CompareModelsResult;
  /** True when the runs held out their own validation share; false when 10% of train was set aside here. */
  heldOut: boolean;
}

/**
 * Searches weights on a validation split carved out of the runs' training interactions (the
 * test split never enters), then compares the ensemble with the best single model on the test
 * split, per customer (paired bootstrap + Wilcoxon on P@5).
 */
export function ensembleWeightSearch(opts: EnsembleWeightSearchOptions): EnsembleWeightSearch {
  const { dataset: ds, prepared } = opts;
  const split = resolveSplit(ds, opts.split);
  const heldOut = (split.validationFraction ?? 0) > 0;
  const parts = splitInteractions({
    interactions: adoptionsToInteractions(ds),
    nUsers: ds.customers.ids.length,
    split: heldOut ? split : { ...split, validationFraction: 0.1 }
  });
  const { train, test } = runSplit(ds, opts.split);
  // Carving validation out of train must leave the runs' test split exactly as it was.
  if (
    parts.test.userIdx.length !== test.userIdx.length ||
    parts.test.userIdx.some((u, k) => u !== test.userIdx[k] || parts.test.itemIdx[k] !== test.itemIdx[k])
  ) {
    throw new CoreError(
      'bad_input',
      'the validation split changed the test split; weight search stopped so the test comparison stays honest'
    );
  }
  const M = prepared.normalised.length;
  const result = optimiseWeights({
    prepared,
    train: parts.train,
    validation: parts.validation!,
    metric: 'precision@5',
    step: M <= 4 ? 0.1 : 0.2
  });
  let bestSingle = 0;
  result.singleModelValues.forEach((v, m) => {
    if (v > result.singleModelValues[bestSingle]) bestSingle = m;
  });
  const testEval = ensembleEvaluator({ prepared, train, test, ks: [5], perUser: true });
  const ens = testEval.evaluate(result.weights);
  const single = testEval.evaluate(Array.from({ length: M }, (_, m) => (m === bestSingle ? 1 : 0)));
  const significance = compareModels({
    a: ens.perUser,
    b: single.perUser,
    metric: 'precision@5',
    iterations: 2000,
    seed: 0
  });
  return { result, bestSingle, significance, heldOut };
}

export interface ColdStartRunEvaluationOptions {
  dataset: TelcoDataset;
  /** A model trained on the held-out-customer split (its held-out customers were never seen). */
  model: TrainedModel;
  split: SplitOptions | undefined;
  /** Content share of the blend. */
  blendContentShare: number;
}

/** P@5 and NDCG@5 of content rules, features-only model, blend and popularity on the held-out customers, each treated as new. */
export function coldStartRunEvaluation(opts: ColdStartRunEvaluationOptions): {
  rows: ColdStartEvaluationRow[];
  heldOut: number;
} {
  const { dataset: ds, model: m } = opts;
  const { train, test } = runSplit(ds, opts.split);
  const { users, interactions } = compactUsers(test);
  const profiles = Array.from(users, (u) => profileFromCustomer(ds, u));
  const content = contentScoreMatrix({ profiles, plans: ds.plans });
  const model = featuresOnlyScores({ weights: m.weights, space: m, tower: m.tower }, users);
  const rows = evaluateColdStart({
    nItems: ds.plans.length,
    contentScores: content,
    modelScores: model,
    test: interactions,
    popularityFrom: train,
    blendContentShare: opts.blendContentShare,
    ks: [5]
  });
  return { rows, heldOut: users.length };
}
