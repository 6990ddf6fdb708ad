import { usesExactSearch, type BatchContext } from './batch-context.ts';
import { TowerTrainer, type AdamState, type TowerWeights } from './deep-tower.ts';
import type { KernelTower, TowerFactory } from './kernels/tower-kernel.ts';

/** Hybrid Deep's towers during training: in the WebAssembly kernel (CPU path) or in TF.js. */
export type DeepTowers = TowerTrainer | KernelTower;

/**
 * Where this run's towers can run in the tower kernel: the factor kernel is there (it owns the
 * memory), the search is sampled (the exact search scores in TF.js anyway) and the hidden
 * width is a multiple of 4. Null: the TF.js towers (deep-tower.ts) run.
 */
export function kernelTowers(ctx: BatchContext): TowerFactory | null {
  if (ctx.config.loss !== 'hybrid-deep' || usesExactSearch(ctx.config)) return null;
  return ctx.kernel?.deep?.towers ?? null;
}

export function createDeepTowers(
  ctx: BatchContext,
  init: TowerWeights,
  learningRate: number,
  adam?: AdamState
): DeepTowers {
  const make = kernelTowers(ctx);
  return make ? make(init, learningRate, adam) : new TowerTrainer(init, learningRate, adam);
}
