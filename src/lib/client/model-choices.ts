/**
 * The models the Train page offers, their form fields and defaults. Defaults are LightFM's
 * (lightfm-spec.md §1) except where ours are better; each exception carries its reason, which
 * the page shows next to the field.
 */
import {
  COMMON_DEFAULTS,
  type LossName,
  type ModelConfigInput,
  type ScheduleName
} from '$lib/core/model/config';

export interface ModelChoice {
  loss: LossName;
  label: string;
  blurb: string;
  baseline?: boolean;
}

export const MODEL_CHOICES: readonly ModelChoice[] = [
  {
    loss: 'warp',
    label: 'WARP',
    blurb:
      'Weighted approximate-rank pairwise: pushes the liked plan above any plan that outranks it, weighted by how far down it sits. Best for top-of-list precision.'
  },
  {
    loss: 'bpr',
    label: 'BPR',
    blurb:
      'Bayesian personalised ranking: one popularity-sampled negative per positive. Fast and smooth, optimises AUC more than the top of the list.'
  },
  {
    loss: 'warp-kos',
    label: 'WARP-KOS',
    blurb:
      'WARP on the k-th best of a few sampled positives per customer (k-order statistic): focuses on the plans a customer likes most.'
  },
  {
    loss: 'hybrid-deep',
    label: 'Hybrid Deep',
    blurb:
      '128 components over all features plus a small non-linear tower with a residual path on the customer side (the plan side’s stays the identity unless asked), trained with WARP; the plain hybrid is its special case.'
  },
  {
    loss: 'logistic',
    label: 'Logistic (baseline)',
    baseline: true,
    blurb:
      'Pointwise logistic loss. LightFM has no negatives for it, so on positive-only data it learns "everything is liked"; we add one sampled negative per positive. A baseline, not a contender.'
  }
];

export interface ModelParams {
  components: number;
  epochs: number;
  learningRate: number;
  schedule: ScheduleName;
  itemAlpha: number;
  userAlpha: number;
  maxSampled: number;
  k: number;
  n: number;
  batchSize: number;
}

/** Where our default differs from LightFM's, and why (shown in the form). */
export const DEFAULT_REASONS: Partial<Record<keyof ModelParams, string>> = {
  epochs:
    "LightFM's fit() runs 1 epoch by default; 30 is where its reference results were measured and where the models have converged on these data.",
  batchSize:
    "LightFM steps once per interaction. We score the whole catalogue for 1,024 interactions at once, with per-sample squared gradients in the Adagrad accumulator, which reaches LightFM's quality (see Docs) at a fraction of the per-step cost."
};

export function defaultParams(loss: LossName): ModelParams {
  return {
    components: loss === 'hybrid-deep' ? 128 : COMMON_DEFAULTS.components,
    epochs: COMMON_DEFAULTS.epochs,
    learningRate: COMMON_DEFAULTS.learningRate,
    schedule: COMMON_DEFAULTS.schedule,
    itemAlpha: COMMON_DEFAULTS.itemAlpha,
    userAlpha: COMMON_DEFAULTS.userAlpha,
    maxSampled: COMMON_DEFAULTS.maxSampled,
    k: 5,
    n: 10,
    batchSize: COMMON_DEFAULTS.batchSize
  };
}

export function paramsToConfig(loss: LossName, p: ModelParams): ModelConfigInput {
  const common = {
    components: p.components,
    epochs: p.epochs,
    learningRate: p.learningRate,
    schedule: p.schedule,
    itemAlpha: p.itemAlpha,
    userAlpha: p.userAlpha,
    maxSampled: p.maxSampled,
    batchSize: p.batchSize
  };
  return loss === 'warp-kos' ? { loss, ...common, k: p.k, n: p.n } : { loss, ...common };
}
