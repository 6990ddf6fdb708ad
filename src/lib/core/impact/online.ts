import { createRng, hashString } from '../data/rng.ts';
import type { TrainedModel } from '../model/model.ts';
import { fitPartial, modelSpace } from '../model/fit-partial.ts';
import { train } from '../model/train.ts';
import type { Interactions } from '../types.ts';
import { modelScoreMatrix } from './model-scores.ts';
import type { MonthAdoptions, Policy } from './policies.ts';

/**
 * Month-by-month learning: offers go out, the accepted ones come back as new adoptions, and
 * the model is updated before the next month's offers.
 *   frozen      — never updated;
 *   fit_partial — more epochs on the month's new adoptions, from the current weights (LightFM's fit_partial);
 *   retrain     — trained from scratch on the original training adoptions plus every new one.
 * Exploration lets the model also see adoptions it would not have proposed:
 *   epsilon  — ε-greedy per customer: with probability ε the customer's offer is drawn at random;
 *   thompson — Thompson sampling over the top-N (thompsonScores): offers are the top N of one
 *              draw from a posterior around the model's scores, wide for rarely offered plans.
 */
export type LearningStrategy = 'frozen' | 'fit_partial' | 'retrain';
export const LEARNING_STRATEGIES: readonly LearningStrategy[] = ['frozen', 'fit_partial', 'retrain'];
export type Exploration = 'epsilon' | 'thompson';
export const EXPLORATIONS: readonly Exploration[] = ['epsilon', 'thompson'];

export interface OnlinePolicyOptions {
  id: string;
  label: string;
  /** The starting model (trained on `baseTrain`), one of the factor models (not Hybrid Deep for fit_partial). */
  model: TrainedModel;
  strategy: LearningStrategy;
  /** The adoptions the starting model was trained on (retrain adds the new ones to them). */
  baseTrain: Interactions;
  /** How the policy explores. Default 'epsilon' (with epsilon 0: not at all). */
  exploration?: Exploration;
  /** ε-greedy: share of customers offered random plans each month. Default 0. */
  epsilon?: number;
  /** Epochs of each fit_partial over a month's adoptions. Default 5. */
  partialEpochs?: number;
  seed: number;
  /** Passed to training, so a cancel stops a long retrain. */
  signal?: { readonly aborted: boolean };
}

const scoresOf = (m: TrainedModel, name: string) =>
  modelScoreMatrix({
    weights: m.weights,
    space: modelSpace(m),
    tower: m.tower,
    name,
    customerIds: m.userIds,
    planIds: m.itemIds
  });

/** Scores with ε of the customers' rows replaced by random values (their offer becomes random). */
export function exploreScores(
  scores: ArrayLike<number>,
  nPlans: number,
  epsilon: number,
  seed: number
): Float32Array {
  const out = Float32Array.from(scores);
  if (!(epsilon > 0)) return out;
  const rng = createRng(seed);
  for (let off = 0; off < out.length; off += nPlans) {
    if (rng.next() < epsilon) for (let j = 0; j < nPlans; j++) out[off + j] = rng.next();
  }
  return out;
}

/**
 * Thompson sampling over the top-N, with a Gaussian posterior per customer × plan: the model's
 * score is the posterior mean; the prior spread is that of the customer's own scores (sd of the
 * row, so the draw is on the model's scale whatever the loss); every earlier offer of plan j
 * (to anyone, accepted or not, this replication) counts as one observation, so the posterior sd
 * is sd_row / √(1 + offered_j). The offer is the top N of one draw: plans never offered are
 * explored widely, plans offered thousands of times keep the model's rank. Pooling the evidence
 * per plan rather than per pair is the simplification (one offer says something about the
 * plan's appeal in general); it needs no extra model and shrinks as the campaign goes on.
 */
export function thompsonScores(
  scores: ArrayLike<number>,
  nPlans: number,
  offered: ArrayLike<number>,
  seed: number
): Float32Array {
  const out = Float32Array.from(scores);
  const rng = createRng(seed);
  const shrink = Float64Array.from({ length: nPlans }, (_, j) => 1 / Math.sqrt(1 + offered[j]));
  for (let off = 0; off < out.length; off += nPlans) {
    let sum = 0,
      sq = 0;
    for (let j = 0; j < nPlans; j++) sum += out[off + j];
    const mean = sum / nPlans;
    for (let j = 0; j < nPlans; j++) sq += (out[off + j] - mean) ** 2;
    const sd = Math.sqrt(sq / nPlans);
    for (let j = 0; j < nPlans; j++) out[off + j] += sd * shrink[j] * rng.normal();
  }
  return out;
}

const concat = (a: Interactions, b: MonthAdoptions): Interactions => ({
  userIdx: Int32Array.from([...a.userIdx, ...b.customers]),
  itemIdx: Int32Array.from([...a.itemIdx, ...b.plans]),
  weight: Float32Array.from({ length: a.userIdx.length + b.customers.length }, (_, k) =>
    k < a.userIdx.length ? a.weight[k] : 1
  )
});

export function onlinePolicy(o: OnlinePolicyOptions): Policy {
  const nPlans = o.model.itemIds.length;
  const initial = scoresOf(o.model, o.label);
  return {
    id: o.id,
    label: o.label,
    start: (r) => {
      let model = o.model,
        scores: Float32Array = initial,
        seen = o.baseTrain;
      const seedOf = (what: string, m: number) => (o.seed ^ hashString(`${o.id}:${what}:${r}:${m}`)) >>> 0;
      const offered = new Float64Array(nPlans);
      return {
        scores: (m) =>
          o.exploration === 'thompson'
            ? thompsonScores(scores, nPlans, offered, seedOf('thompson', m))
            : exploreScores(scores, nPlans, o.epsilon ?? 0, seedOf('explore', m)),
        observe: async (m, adoptions) => {
          if (adoptions.offered) for (let j = 0; j < nPlans; j++) offered[j] += adoptions.offered[j];
          if (o.strategy === 'frozen' || adoptions.customers.length === 0) return;
          const fresh: Interactions = {
            userIdx: adoptions.customers,
            itemIdx: adoptions.plans,
            weight: new Float32Array(adoptions.customers.length).fill(1)
          };
          if (o.strategy === 'fit_partial') {
            model = await fitPartial({
              model,
              interactions: fresh,
              epochs: o.partialEpochs ?? 5,
              seed: seedOf('fit', m),
              signal: o.signal
            });
          } else {
            seen = concat(seen, adoptions);
            model = await train({
              data: { space: modelSpace(model), train: seen, test: fresh },
              config: o.model.config,
              seed: seedOf('retrain', m),
              signal: o.signal
            });
          }
          scores = scoresOf(model, o.label);
        }
      };
    }
  };
}
