/**
 * What ran what in a training run, in words a run card can show as they are. The training
 * loops are JavaScript (the per-sample steps of lightfm-spec.md §4); some use a small
 * WebAssembly SIMD kernel for dot products (simd-dot.ts). The TF.js backend ("wasm", "webgl",
 * "cpu") runs only the tensor work: scoring (validation curves and the test evaluation), the
 * exact violator search, and Hybrid Deep's towers. So "on wasm" alone would be untrue.
 */
import { usesExactSearch } from './batch-context.ts';
import type { ModelConfig } from './config.ts';

export interface TrainingEngine {
  /** What runs the training loop, e.g. "JavaScript + WASM SIMD dot kernel". */
  loop: string;
  /** The TF.js backend that ran the tensor work. */
  tensorBackend: string;
  /** The tensor work it ran, e.g. ["deep towers", "scoring"]. */
  tensorWork: string[];
}

/** Whether the loop's hot path calls the SIMD dot kernel (BPR and the sampled WARP search). */
function usesDotKernel(config: ModelConfig): boolean {
  switch (config.loss) {
    case 'bpr':
      return true;
    case 'warp':
    case 'warp-kos':
      return !usesExactSearch(config);
    case 'hybrid-deep':
      // Only its warm-up epochs run the plain sampled WARP loop.
      return config.towerWarmupEpochs > 0;
    case 'logistic':
      return false;
  }
}

/**
 * @param simd whether the SIMD kernel was available for this run (WebAssembly SIMD present
 *   and components a multiple of 4); without it the loop uses the bit-identical JS dot.
 */
export function trainingEngine(config: ModelConfig, opts: { simd: boolean; tensorBackend: string }): TrainingEngine {
  const loop = usesDotKernel(config) && opts.simd ? 'JavaScript + WASM SIMD dot kernel' : 'JavaScript';
  const tensorWork: string[] = [];
  if (config.loss === 'hybrid-deep') tensorWork.push('deep towers');
  if (usesExactSearch(config)) tensorWork.push('exact violator search');
  tensorWork.push('scoring');
  return { loop, tensorBackend: opts.tensorBackend, tensorWork };
}

/** One line for a run card: "training loop: JavaScript + WASM SIMD dot kernel · TF.js wasm: scoring". */
export function describeEngine(e: TrainingEngine): string {
  return `training loop: ${e.loop} · TF.js ${e.tensorBackend}: ${e.tensorWork.join(', ')}`;
}

/** For a table cell: "JavaScript + WASM SIMD dot kernel · TF.js wasm" (the tensor work is on the run card). */
export function describeEngineShort(e: TrainingEngine): string {
  return `${e.loop} · TF.js ${e.tensorBackend}`;
}
