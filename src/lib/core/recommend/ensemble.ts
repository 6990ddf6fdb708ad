import type { Interactions } from '../types.ts';
import { CoreError } from '../types.ts';
import {
  evaluatePrepared,
  prepareEvaluation,
  type EvaluationResult,
  type PreparedEvaluation
} from '../eval/metrics.ts';
import { normaliseScores, type Normalisation } from './normalise.ts';

/**
 * Weighted ensembles of models' scores. Normalise each model's matrix once (per customer,
 * across plans), then every slider move is one weighted sum plus one evaluation: O(M·U·N).
 */

export interface PrepareEnsembleOptions {
  /** One nUsers × nItems score matrix per model, same users and plans in the same order. */
  models: ReadonlyArray<ArrayLike<number>>;
  nItems: number;
  /** Default 'zscore'. */
  method?: Normalisation;
}

export interface PreparedEnsemble {
  nUsers: number;
  nItems: number;
  method: Normalisation;
  /** Normalised matrices, one per model. */
  normalised: Float64Array[];
}

export function prepareEnsemble(opts: PrepareEnsembleOptions): PreparedEnsemble {
  const { models, nItems } = opts;
  const method = opts.method ?? 'zscore';
  if (models.length === 0) throw new CoreError('bad_input', 'an ensemble needs at least one model');
  const size = models[0].length;
  models.forEach((m, k) => {
    if (m.length !== size)
      throw new CoreError(
        'bad_input',
        `model ${k} has ${m.length} scores but model 0 has ${size}: score the same customers and plans`
      );
  });
  const normalised = models.map((scores) => normaliseScores({ scores, nItems, method }));
  return { nUsers: size / nItems, nItems, method, normalised };
}

/** Weights divided by their sum, after checking they are finite, ≥ 0 and not all 0. */
export function normaliseWeights(weights: ArrayLike<number>, nModels: number): Float64Array {
  if (weights.length !== nModels)
    throw new CoreError('bad_input', `got ${weights.length} weights for ${nModels} models`);
  let sum = 0;
  for (let k = 0; k < weights.length; k++) {
    const w = weights[k];
    if (!(Number.isFinite(w) && w >= 0))
      throw new CoreError('bad_weights', `weight ${k} is ${w}: weights must be finite and at least 0`);
    sum += w;
  }
  if (!(sum > 0))
    throw new CoreError(
      'ensemble_weights_zero',
      'all ensemble weights are 0: raise at least one model’s weight'
    );
  return Float64Array.from({ length: nModels }, (_, k) => weights[k] / sum);
}

export interface CombineOptions {
  prepared: PreparedEnsemble;
  /** One weight ≥ 0 per model; only their ratios matter (they are divided by their sum). */
  weights: ArrayLike<number>;
  /** Reuse this buffer (nUsers × nItems) to avoid allocating on every slider move. */
  out?: Float64Array;
}

/** Σ_m w_m · normalised_m, nUsers × nItems. Models with weight 0 are skipped entirely. */
export function combineEnsemble({ prepared, weights, out }: CombineOptions): Float64Array {
  const w = normaliseWeights(weights, prepared.normalised.length);
  const size = prepared.nUsers * prepared.nItems;
  const res = out ?? new Float64Array(size);
  if (res.length !== size) throw new CoreError('bad_input', `out has ${res.length} values; expected ${size}`);
  let first = true;
  for (let m = 0; m < w.length; m++) {
    const wm = w[m];
    if (wm === 0) continue;
    const src = prepared.normalised[m];
    if (first) {
      if (wm === 1) res.set(src);
      else for (let k = 0; k < size; k++) res[k] = wm * src[k];
      first = false;
    } else {
      for (let k = 0; k < size; k++) res[k] += wm * src[k];
    }
  }
  return res;
}

export interface EnsembleEvaluatorOptions {
  prepared: PreparedEnsemble;
  /** Items excluded from ranking (the train split). */
  train: Interactions;
  /** The split to measure (test for the page, validation for weight search). */
  test: Interactions;
  /** Default [5]: what the page shows live. */
  ks?: number[];
  /** Keep per-user values (for significance). Default false: faster on every slider move. */
  perUser?: boolean;
}

export interface EnsembleEvaluator {
  evaluation: PreparedEvaluation;
  /** Combined scores of the last call (buffer reused between calls: copy it to keep it). */
  lastScores: Float64Array;
  evaluate(weights: ArrayLike<number>): EvaluationResult;
}

/**
 * Everything fixed across slider moves done once (normalisation, per-user train/test), so
 * `evaluate(weights)` is one weighted sum plus one ranking pass.
 */
export function ensembleEvaluator(opts: EnsembleEvaluatorOptions): EnsembleEvaluator {
  const { prepared } = opts;
  const evaluation = prepareEvaluation({
    nUsers: prepared.nUsers,
    nItems: prepared.nItems,
    train: opts.train,
    test: opts.test
  });
  const buffer = new Float64Array(prepared.nUsers * prepared.nItems);
  const ks = opts.ks ?? [5];
  const perUser = opts.perUser ?? false;
  return {
    evaluation,
    lastScores: buffer,
    evaluate(weights) {
      combineEnsemble({ prepared, weights, out: buffer });
      return evaluatePrepared({ prepared: evaluation, scores: buffer, ks, perUser });
    }
  };
}
