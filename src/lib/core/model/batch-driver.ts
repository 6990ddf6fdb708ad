import { usesExactSearch, type BatchContext, type BatchOutcome } from './batch-context.ts';
import { bprBatch } from './bpr-step.ts';
import { deepSampledBatch } from './deep-sampled.ts';
import { deepBatch } from './deep-step.ts';
import { deepKernelBatch } from './deep-kernel-step.ts';
import { tensorTowersReason, type DeepTowers } from './deep-towers.ts';
import { KernelTower } from './kernels/tower-kernel.ts';
import { kernelUnsupported } from './kernels/pairwise-kernel.ts';
import { logisticBatch } from './logistic-step.ts';
import { describeCores } from './batch-parallel.ts';
import { warpSampledBatch } from './warp-sampled.ts';
import { warpBatch } from './warp-step.ts';

/**
 * One training batch (order[start .. start+count)) of the context's loss: the step that loss and
 * its violator search call for, in the kernel where there is one. `tower`: Hybrid Deep's
 * (undefined for the other losses); `epoch`: the current epoch, 1-based (Hybrid Deep's warm-up).
 */
export function trainBatch(
  ctx: BatchContext,
  tower: DeepTowers | undefined,
  order: Int32Array,
  start: number,
  count: number,
  epoch: number
): BatchOutcome {
  const { config } = ctx;
  const exact = usesExactSearch(config);
  switch (config.loss) {
    case 'warp':
      return exact
        ? warpBatch(ctx, order, start, count, false)
        : sampledWarpBatch(ctx, order, start, count, false);
    case 'warp-kos':
      return exact
        ? warpBatch(ctx, order, start, count, true)
        : sampledWarpBatch(ctx, order, start, count, true);
    case 'bpr':
      return pairwiseBprBatch(ctx, order, start, count);
    case 'logistic':
      return logisticBatch(ctx, order, start, count);
    case 'hybrid-deep':
      // Warm start: the first towerWarmupEpochs train the factors alone (the towers are the
      // identity until then, so this is plain WARP), then towers and factors train together.
      if (epoch <= config.towerWarmupEpochs) return sampledWarpBatch(ctx, order, start, count, false);
      if (!tower) throw new Error('a hybrid-deep batch needs its towers');
      if (tower instanceof KernelTower) return deepKernelBatch(ctx, tower, order, start, count);
      return exact
        ? deepBatch(ctx, tower, order, start, count)
        : deepSampledBatch(ctx, tower, order, start, count);
  }
}

/**
 * Per batch, the choice between the fused WebAssembly kernel
 * (kernels/pairwise-kernel.ts) and the readable TypeScript reference step of the same loss.
 * The kernel runs when the context has one (createBatchContext made it: adagrad, no
 * regularisation, components a multiple of 4, WebAssembly SIMD present). Its random stream is
 * seeded per batch from ctx.rng, so a run stays a function of the seed.
 */
export function sampledWarpBatch(
  ctx: BatchContext,
  order: Int32Array,
  start: number,
  count: number,
  kos: boolean
): BatchOutcome {
  const k = ctx.kernel;
  if (ctx.parallel) return ctx.parallel.warp(order, start, count, kos, ctx.rng);
  return k !== null
    ? k.warp(order, start, count, kos, ctx.rng.uint32())
    : warpSampledBatch(ctx, order, start, count, kos);
}

export function pairwiseBprBatch(
  ctx: BatchContext,
  order: Int32Array,
  start: number,
  count: number
): BatchOutcome {
  const k = ctx.kernel;
  if (ctx.parallel) return ctx.parallel.bpr(order, start, count, ctx.rng);
  return k !== null ? k.bpr(order, start, count, ctx.rng.uint32()) : bprBatch(ctx, order, start, count);
}

/** What runs the training batches of this context, in plain words (shown on the run card and in the CLI). */
export function describeTrainingPath(ctx: BatchContext): string {
  return describeLoop(ctx) + describeCores(ctx);
}

function describeLoop(ctx: BatchContext): string {
  const { config } = ctx;
  if (ctx.kernel !== null) {
    if (config.loss !== 'hybrid-deep') return 'WebAssembly SIMD kernel (f32)';
    const why = tensorTowersReason(ctx);
    return why === null
      ? 'WebAssembly SIMD kernel (f32), towers included'
      : `WebAssembly SIMD kernel (f32) for the factors, towers in TF.js (${why})`;
  }
  if (usesExactSearch(config)) return 'TF.js exact violator search';
  if (config.loss === 'logistic') return 'TypeScript reference (logistic has no kernel)';
  const why = kernelUnsupported(config);
  return `TypeScript reference (${why ?? 'WebAssembly SIMD unavailable here'})`;
}
