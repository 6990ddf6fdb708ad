import { usesExactSearch, type BatchContext, type BatchOutcome } from './batch-context.ts';
import { bprBatch } from './bpr-step.ts';
import { kernelUnsupported } from './kernels/pairwise-kernel.ts';
import { warpSampledBatch } from './warp-sampled.ts';

/**
 * The one place that chooses, per batch, between the fused WebAssembly kernel
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
  return k !== null ? k.bpr(order, start, count, ctx.rng.uint32()) : bprBatch(ctx, order, start, count);
}

/** What runs the training batches of this context, in plain words (shown on the run card and in the CLI). */
export function describeTrainingPath(ctx: BatchContext): string {
  const { config } = ctx;
  if (ctx.kernel !== null) {
    return config.loss === 'hybrid-deep'
      ? 'WebAssembly SIMD kernel (f32) for the factors, towers in TF.js'
      : 'WebAssembly SIMD kernel (f32)';
  }
  if (usesExactSearch(config)) return 'TF.js exact violator search';
  if (config.loss === 'logistic') return 'TypeScript reference (logistic has no kernel)';
  const why = kernelUnsupported(config);
  return `TypeScript reference (${why ?? 'WebAssembly SIMD unavailable here'})`;
}
