import type { Rng } from '../data/rng.ts';
import type { UserRows } from '../eval/user-rows.ts';
import type { CsrMatrix, Interactions } from '../types.ts';
import type { ModelConfig } from './config.ts';
import type { FactorState } from './factor-state.ts';
import { createBatchScratch, type BatchScratch } from './batch-scratch.ts';
import { representRows } from './representations.ts';
import { decayBlock, sumStepSizes, UpdateHits } from './regularisation.ts';
import { stepRows, type ScheduleSettings } from './schedules.ts';
import type { StepTracer } from './step-trace.ts';
import type { PairwiseKernel } from './kernels/pairwise-kernel.ts';
import { chooseKernel, type BatchParallel, type ParallelRequest } from './batch-parallel.ts';

/** Everything a batch step reads and the scratch buffers it reuses (sized for one batch). */
export interface BatchContext {
  config: ModelConfig;
  state: FactorState;
  userX: CsrMatrix;
  itemX: CsrMatrix;
  nItems: number;
  positives: UserRows;
  train: Interactions;
  rng: Rng;
  /** Optional observer of per-sample decisions (WARP sampled search, BPR); absent in training. */
  trace?: StepTracer;
  schedule: ScheduleSettings;
  /** Updates of this batch per feature row, for the L2 decay (counted only when an alpha is > 0). */
  hits: UpdateHits;
  /** The fused WebAssembly kernels for this run's loss (batch-driver.ts), or null: the reference steps run. */
  kernel: PairwiseKernel | null;
  /** The batch-parallel driver over the kernel when the run has more than one core (batch-parallel.ts), else null. */
  parallel: BatchParallel | null;
  /** Why the run has one core although it asked for more, or null. */
  oneCore: string | null;
  /** Buffers the reference steps reuse (batch-scratch.ts). */
  scratch: BatchScratch;
}

export type BatchContextInput = Omit<
  BatchContext,
  'scratch' | 'schedule' | 'hits' | 'kernel' | 'parallel' | 'oneCore'
> & {
  /** Use the WebAssembly kernels where they cover the configuration (default true; false: the TypeScript reference only). */
  kernels?: boolean;
  /** More than one core (batch-parallel.ts); absent: one. */
  parallel?: ParallelRequest;
};

export function createBatchContext(input: BatchContextInput): BatchContext {
  const { kernels = true, parallel, ...c } = input;
  const exact = usesExactSearch(c.config);
  return {
    ...c,
    schedule: {
      schedule: c.config.schedule,
      learningRate: c.config.learningRate,
      rho: c.config.rho,
      epsilon: c.config.epsilon
    },
    hits: new UpdateHits(c.userX.nCols, c.itemX.nCols, c.config.userAlpha > 0 || c.config.itemAlpha > 0),
    ...chooseKernel(c, kernels && usesPairwiseKernel(c.config), exact, parallel),
    scratch: createBatchScratch(c.config, c.itemX, c.nItems, exact)
  };
}

/** Whether the loss trains (some of) its batches with the sampled pairwise steps the kernel implements. */
function usesPairwiseKernel(config: ModelConfig): boolean {
  switch (config.loss) {
    case 'warp':
      return config.violatorSearch === 'sampled' && config.warpVariant === 'lightfm';
    case 'warp-kos':
      return config.violatorSearch === 'sampled';
    case 'bpr':
    case 'hybrid-deep': // its warm-up epochs are plain sampled WARP
      return true;
    default:
      return false;
  }
}

/** Whether training runs the TF.js full-catalogue violator search (warp-step.ts / deep-step.ts). */
export function usesExactSearch(config: ModelConfig): boolean {
  switch (config.loss) {
    case 'warp':
      return config.violatorSearch === 'exact' || config.warpVariant === 'exact-rank';
    case 'warp-kos':
      return config.violatorSearch === 'exact';
    case 'hybrid-deep':
      return config.warpVariant === 'exact-rank';
    default:
      return false;
  }
}

/** Result of one batch: summed per-sample loss and how many samples moved parameters. */
export interface BatchOutcome {
  loss: number;
  updated: number;
}

/**
 * Applies the batch's accumulated gradients to both sides (one schedule step per touched row),
 * then the L2 decay of the batch's updates (regularisation.ts: once per *update*, as LightFM,
 * with the rows an update touches exempt from that update's decay). Steps record each update
 * with ctx.hits.record before calling this.
 */
export function applyBatchStep(ctx: BatchContext): void {
  const { state, schedule: s, config, hits } = ctx;
  const { user, item } = state;
  stepRows(user.emb, user.embGrad, s);
  stepRows(user.bias, user.biasGrad, s);
  stepRows(item.emb, item.embGrad, s);
  stepRows(item.bias, item.biasGrad, s);
  if (!hits.active || hits.updates === 0) return;
  // η̄: LightFM's avg_learning_rate, one mean over both sides' touched scalars, per update.
  let sum = 0;
  let count = 0;
  for (const [block, h] of [
    [user.emb, hits.user],
    [user.bias, hits.user],
    [item.emb, hits.item],
    [item.bias, hits.item]
  ] as const) {
    const t = sumStepSizes(block, h, s);
    sum += t.sum;
    count += t.count;
  }
  const meanStep = sum / count;
  decayBlock(user.emb, hits.user, config.userAlpha, meanStep, hits.updates, s);
  decayBlock(user.bias, hits.user, config.userAlpha, meanStep, hits.updates, s);
  decayBlock(item.emb, hits.item, config.itemAlpha, meanStep, hits.updates, s);
  decayBlock(item.bias, hits.item, config.itemAlpha, meanStep, hits.updates, s);
  hits.reset();
}

/**
 * Copies the batch's samples (order[start .. start+count)) into scratch and computes their user
 * representations into scratch.userVec / userBias. `unweighted`: every sample weight is 1 (k-OS,
 * where LightFM rejects sample weights).
 */
export function loadBatch(
  ctx: BatchContext,
  order: Int32Array,
  start: number,
  count: number,
  unweighted = false
): void {
  const { state, userX, config } = ctx;
  const s = ctx.scratch;
  copyBatchSamples(ctx, order, start, count, unweighted);
  representRows(
    userX,
    state.user.emb.values,
    state.user.bias.values,
    config.components,
    s.users,
    count,
    s.userVec,
    s.userBias
  );
}

/** The batch's users, positives and weights (order[start .. start+count)) into scratch. */
export function copyBatchSamples(
  ctx: BatchContext,
  order: Int32Array,
  start: number,
  count: number,
  unweighted = false
): void {
  const { train } = ctx;
  const s = ctx.scratch;
  for (let b = 0; b < count; b++) {
    const k = order[start + b];
    s.users[b] = train.userIdx[k];
    s.items[b] = train.itemIdx[k];
    s.weights[b] = unweighted ? 1 : train.weight[k];
  }
}
