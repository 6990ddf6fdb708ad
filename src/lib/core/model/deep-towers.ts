import * as tf from '@tensorflow/tfjs-core';
import { usesExactSearch, type BatchContext } from './batch-context.ts';
import { TowerTrainer, type AdamState, type TowerWeights } from './deep-tower.ts';
import { towerKernelSupports, type KernelTower, type TowerFactory } from './kernels/tower-kernel.ts';

/** Hybrid Deep's towers during training: in the WebAssembly kernel (CPU path) or in TF.js. */
export type DeepTowers = TowerTrainer | KernelTower;

/** TF.js backends on a GPU: there the towers stay tensors (the GPU path keeps them on the device). */
const GPU_BACKENDS = new Set(['webgl', 'webgpu']);

/**
 * Why this run's towers cannot run in the tower kernel, or null where they do: the factor kernel
 * must be there (it owns the memory), the search sampled (the exact search scores in TF.js
 * anyway), the TF.js backend a CPU one and the hidden width a multiple of 4.
 */
export function tensorTowersReason(ctx: BatchContext): string | null {
  const { config } = ctx;
  if (config.loss !== 'hybrid-deep') return 'not a hybrid-deep run';
  if (usesExactSearch(config)) return 'exact search';
  if (GPU_BACKENDS.has(tf.getBackend())) return `on the ${tf.getBackend()} backend`;
  if (!towerKernelSupports(config.hidden)) return 'hidden width not a multiple of 4';
  if (!ctx.kernel?.deep?.towers) return 'no factor kernel';
  return null;
}

/** The tower kernel's factory where this run's towers run there (tensorTowersReason), else null. */
export function kernelTowers(ctx: BatchContext): TowerFactory | null {
  return tensorTowersReason(ctx) === null ? ctx.kernel!.deep!.towers : null;
}

/**
 * The run's towers. The item tower trains when the config asks for it (HybridDeepOptions.itemTower)
 * or when the run starts from an item tower that already trained (a resumed run from before the
 * option, W2 ≠ 0): frozen, it must be the identity, whose Jacobian the kernel takes as I.
 */
export function createDeepTowers(
  ctx: BatchContext,
  init: TowerWeights,
  learningRate: number,
  adam: AdamState | undefined,
  itemTower: boolean
): DeepTowers {
  const trainItem = itemTower || init.item.w2.some((w) => w !== 0);
  const make = kernelTowers(ctx);
  return make
    ? make(init, learningRate, adam, trainItem)
    : new TowerTrainer(init, learningRate, adam, trainItem);
}
