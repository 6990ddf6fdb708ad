import type { BatchContext, BatchOutcome } from './batch-context.ts';
import { bprBatch } from './bpr-step.ts';
import { warpSampledBatch } from './warp-sampled.ts';

/**
 * The one place that chooses, per batch, between the fused WebAssembly kernel
 * (kernels/pairwise-kernel.ts) and the readable TypeScript reference step of the same loss.
 * The kernel runs when the context has one (createBatchContext made it: adagrad, no
 * regularisation, components a multiple of 4, WebAssembly SIMD present). Its random stream is
 * seeded per batch from ctx.rng, so a run stays a function of the seed.
 */
export function sampledWarpBatch(ctx: BatchContext, order: Int32Array, start: number, count: number, kos: boolean): BatchOutcome {
  const k = ctx.kernel;
  return k !== null ? k.warp(order, start, count, kos, ctx.rng.uint32()) : warpSampledBatch(ctx, order, start, count, kos);
}

export function pairwiseBprBatch(ctx: BatchContext, order: Int32Array, start: number, count: number): BatchOutcome {
  const k = ctx.kernel;
  return k !== null ? k.bpr(order, start, count, ctx.rng.uint32()) : bprBatch(ctx, order, start, count);
}
