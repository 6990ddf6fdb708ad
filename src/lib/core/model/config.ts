import { CoreError } from '../types.ts';

/**
 * Model configurations: a union tagged by `loss`, flat so a form or CLI flag maps to one field.
 * Every field but `loss` is optional; `resolveConfig` fills LightFM's defaults
 * (lightfm-spec.md §1) except where a measured reason is given next to the default.
 */
export type LossName = 'warp' | 'bpr' | 'warp-kos' | 'logistic' | 'hybrid-deep';
export type ScheduleName = 'adagrad' | 'adadelta';
/**
 * 'lightfm': K ~ Geometric(r/N) trials, one uniform violator, g = min(10, w·ln max(1,⌊(N−1)/K⌋))
 * (LightFM-compatible, the default). 'exact-rank': one uniform violator, g = min(10, w·H(r)) with
 * H the harmonic number of the exact violator count r (Usunier's rank weighting; for teaching).
 */
export type WarpVariant = 'lightfm' | 'exact-rank';

export interface CommonOptions {
  /** Embedding size d per feature. LightFM default 10; the parity grid uses 64. */
  components: number;
  /** Passes over the training interactions. */
  epochs: number;
  /** Adagrad base step (unused by adadelta). LightFM default 0.05. */
  learningRate: number;
  schedule: ScheduleName;
  /** Adadelta decay ρ (default 0.95) and ε (default 1e-6). */
  rho: number;
  epsilon: number;
  /**
   * L2 strength per side, applied as LightFM's lazy decay (regularisation.ts): once per update,
   * θ ← θ / (1 + α·η̄), except on the feature rows the update touched. Default 0.
   */
  itemAlpha: number;
  userAlpha: number;
  /** WARP trials before giving up on a sample. LightFM default 10. */
  maxSampled: number;
  /**
   * Samples per parameter step. Default 1024: with the per-sample-accumulator step rule it
   * reaches LightFM's bar on both parity datasets at a fraction of the per-step overhead of
   * small batches (measured table in the issue-4 report). 1 is one step per sample as LightFM,
   * but not its update to the bit: our accumulator takes the sample's g² before the step,
   * LightFM's after (schedules.ts stepRows).
   */
  batchSize: number;
  /** Use the side features; false keeps only the identity feature per user and item. Default true. */
  useFeatures: boolean;
}

/**
 * How WARP finds a violator. 'sampled' (default): LightFM's own loop — uniform draws until the
 * first violator, at most maxSampled — in JS, a few dot products per sample. 'exact': score the
 * whole catalogue for the batch in TF.js (B×N, suits a GPU), count the r violators exactly and
 * draw K ~ Geometric(r/N). Both give the same distribution of (K, negative); 'exact' is required
 * by (and chosen automatically for) the exact-rank variant, which needs r.
 */
export type ViolatorSearch = 'sampled' | 'exact';

export interface WarpOptions extends CommonOptions {
  warpVariant: WarpVariant;
  violatorSearch: ViolatorSearch;
}
export interface KosOptions extends CommonOptions {
  /** See WarpOptions.violatorSearch. Default 'sampled'. */
  violatorSearch: ViolatorSearch;
  /**
   * Take the k-th highest scoring of n sampled positives. Default 5. A user with m < n positives
   * draws m and takes the ⌈k·m/n⌉-th (same quantile; LightFM takes the min(k, m)-th, i.e. the
   * lowest, which lost 0.035 AUC to WARP on a 10-service catalogue: sampling.ts kosRank).
   */
  k: number;
  /** Sample min(n, |positives|) positives per visit. Default 10. */
  n: number;
}
export interface LogisticOptions extends CommonOptions {
  /**
   * Sampled unobserved items per positive, each a y = 0 example. LightFM has none (positive-only
   * data then degenerates to "everything is liked"); default 1.
   */
  negatives: number;
}
export interface HybridDeepOptions extends CommonOptions {
  warpVariant: WarpVariant;
  /**
   * Width of each side's tower hidden layer. Default 8 (32 before). On telco-5k (128 components,
   * tower lr 1e-5, seed 1, 30 epochs) test P@5 was 0.1995 at width 8 (customer tower only) against
   * 0.1997 at 32 (both towers), for about a third of the tower's cost: Hybrid Deep's fit went from
   * 2.5× WARP-128's CPU time to about 1.3× (bench/deep-speed.ts). bench/deep-ablation.ts pairs
   * the two on generated data (README, "Does Hybrid Deep's tower earn its place?").
   */
  hidden: number;
  /**
   * Adam step for the tower weights (the factor part keeps adagrad/adadelta). Default 1e-5.
   * Measured on telco-5k (hidden 32, 128 components, seeds 1–3, test P@5; WARP@128 0.1983):
   * 1e-5 → 0.1992 ± 0.0004; 3e-5 → 0.1977 ± 0.0010; 1e-4 after 10 warm-up epochs → 0.1983 ±
   * 0.0009; 1e-3 after 15 → 0.1895 ± 0.0059. A tower that moves more generalises worse here:
   * the residual path keeps the model at least the plain hybrid, the tower adds nothing measurable.
   */
  towerLearningRate: number;
  /**
   * Epochs of plain WARP on the factors before the towers start training (warm start from the
   * factor model). Default 0 (15 at lr 1e-5 gave 0.1985 ± 0.0005, no better).
   */
  towerWarmupEpochs: number;
  /**
   * Whether the plan-side tower trains. Default false: it stays at its identity start (W2 = 0),
   * so each plan's representation is its plain factor sum. Every plan has its own identity
   * feature and hundreds of adoptions, so its factor vector is already free and well trained: a
   * tower on that side can only re-map a handful of free vectors, and it cost as much as the
   * customer-side tower (whose input, customers' shared bands, is where a non-linearity can add
   * something). A run that starts from a trained plan tower keeps training it (deep-towers.ts).
   */
  itemTower: boolean;
}

export type ModelConfig =
  | ({ loss: 'warp' } & WarpOptions)
  | ({ loss: 'bpr' } & CommonOptions)
  | ({ loss: 'warp-kos' } & KosOptions)
  | ({ loss: 'logistic' } & LogisticOptions)
  | ({ loss: 'hybrid-deep' } & HybridDeepOptions);

/** What callers pass: the loss plus any subset of its options. */
export type ModelConfigInput =
  | ({ loss: 'warp' } & Partial<WarpOptions>)
  | ({ loss: 'bpr' } & Partial<CommonOptions>)
  | ({ loss: 'warp-kos' } & Partial<KosOptions>)
  | ({ loss: 'logistic' } & Partial<LogisticOptions>)
  | ({ loss: 'hybrid-deep' } & Partial<HybridDeepOptions>);

/** Default tower width of Hybrid Deep (see HybridDeepOptions.hidden). */
export const DEEP_HIDDEN = 8;

/** Default batch size of WARP-KOS (see resolveConfig). */
export const KOS_BATCH_SIZE = 256;

export const LOSSES: readonly LossName[] = ['warp', 'bpr', 'warp-kos', 'logistic', 'hybrid-deep'];

export const COMMON_DEFAULTS: CommonOptions = {
  components: 10,
  epochs: 30,
  learningRate: 0.05,
  schedule: 'adagrad',
  rho: 0.95,
  epsilon: 1e-6,
  itemAlpha: 0,
  userAlpha: 0,
  maxSampled: 10,
  batchSize: 1024,
  useFeatures: true
};

/** Fills defaults and validates ranges; throws CoreError('bad_config') saying which field to fix. */
export function resolveConfig(input: ModelConfigInput): ModelConfig {
  if (!input || !LOSSES.includes(input.loss)) {
    throw new CoreError('bad_config', `loss must be one of ${LOSSES.join(', ')}, got ${String(input?.loss)}`);
  }
  const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const common = { ...COMMON_DEFAULTS, ...defined } as CommonOptions;
  let cfg: ModelConfig;
  switch (input.loss) {
    case 'warp':
      cfg = { warpVariant: 'lightfm', violatorSearch: 'sampled', ...common, loss: 'warp' } as ModelConfig;
      break;
    case 'bpr':
      cfg = { ...common, loss: 'bpr' };
      break;
    case 'warp-kos':
      // k-OS defaults to batches of 256: at 1024 it missed LightFM's catalog-3k P@5 bar
      // (0.3519 ± 0.0051 over seeds 1–3 vs bar 0.3531); at 256 it reached 0.3579 ± 0.0013 for
      // about 10% more CPU time (sampled violator search, WASM in Node).
      cfg = {
        k: 5,
        n: 10,
        violatorSearch: 'sampled',
        ...common,
        batchSize: (defined.batchSize as number | undefined) ?? KOS_BATCH_SIZE,
        loss: 'warp-kos'
      } as ModelConfig;
      break;
    case 'logistic':
      cfg = { negatives: 1, ...common, loss: 'logistic' } as ModelConfig;
      break;
    case 'hybrid-deep': {
      // 128 components is what makes it "deep" (design.md); the caller may still override it.
      const components = (defined.components as number | undefined) ?? 128;
      cfg = {
        warpVariant: 'lightfm',
        towerLearningRate: 1e-5,
        towerWarmupEpochs: 0,
        itemTower: false,
        ...common,
        components,
        hidden: (defined.hidden as number | undefined) ?? DEEP_HIDDEN,
        loss: 'hybrid-deep'
      } as ModelConfig;
      break;
    }
  }
  validate(cfg);
  return cfg;
}

function validate(c: ModelConfig): void {
  const bad = (field: string, why: string): never => {
    throw new CoreError('bad_config', `${field} ${why}`);
  };
  const posInt = (field: string, v: number) => {
    if (!Number.isInteger(v) || v < 1) bad(field, `must be a positive integer, got ${v}`);
  };
  posInt('components', c.components);
  if (!Number.isInteger(c.epochs) || c.epochs < 0)
    bad('epochs', `must be a non-negative integer, got ${c.epochs}`);
  posInt('maxSampled', c.maxSampled);
  posInt('batchSize', c.batchSize);
  if (!(c.learningRate > 0) || !Number.isFinite(c.learningRate))
    bad('learningRate', `must be > 0, got ${c.learningRate}`);
  if (c.schedule !== 'adagrad' && c.schedule !== 'adadelta')
    bad('schedule', `must be adagrad or adadelta, got ${String(c.schedule)}`);
  if (!(c.rho > 0 && c.rho < 1)) bad('rho', `must be in (0, 1), got ${c.rho}`);
  if (!(c.epsilon > 0)) bad('epsilon', `must be > 0, got ${c.epsilon}`);
  if (!(c.itemAlpha >= 0)) bad('itemAlpha', `must be ≥ 0, got ${c.itemAlpha}`);
  if (!(c.userAlpha >= 0)) bad('userAlpha', `must be ≥ 0, got ${c.userAlpha}`);
  if (
    (c.loss === 'warp' || c.loss === 'warp-kos') &&
    c.violatorSearch !== 'sampled' &&
    c.violatorSearch !== 'exact'
  ) {
    bad('violatorSearch', `must be sampled or exact, got ${String(c.violatorSearch)}`);
  }
  if (c.loss === 'warp-kos') {
    posInt('k', c.k);
    posInt('n', c.n);
    if (c.k > c.n) bad('k', `must be ≤ n (${c.n}), got ${c.k}`);
  }
  if (c.loss === 'logistic' && (!Number.isInteger(c.negatives) || c.negatives < 0)) {
    bad('negatives', `must be a non-negative integer, got ${c.negatives}`);
  }
  if (c.loss === 'hybrid-deep') {
    posInt('hidden', c.hidden);
    if (!(c.towerLearningRate > 0)) bad('towerLearningRate', `must be > 0, got ${c.towerLearningRate}`);
    if (!Number.isInteger(c.towerWarmupEpochs) || c.towerWarmupEpochs < 0)
      bad('towerWarmupEpochs', `must be a non-negative integer, got ${c.towerWarmupEpochs}`);
    if (typeof c.itemTower !== 'boolean')
      bad('itemTower', `must be true or false, got ${String(c.itemTower)}`);
  }
  if (
    (c.loss === 'warp' || c.loss === 'hybrid-deep') &&
    c.warpVariant !== 'lightfm' &&
    c.warpVariant !== 'exact-rank'
  ) {
    bad('warpVariant', `must be lightfm or exact-rank, got ${String(c.warpVariant)}`);
  }
}
