/**
 * What ran what in a training run, in words a run card can show as they are. The training
 * batches run in the fused WebAssembly SIMD kernel or in the TypeScript reference steps
 * (batch-driver.ts says which and why). The TF.js backend ("wasm", "webgl", "cpu") runs only
 * the tensor work: scoring (validation curves and the test evaluation), the exact violator
 * search, and Hybrid Deep's towers where they are not in the tower kernel (a GPU backend, the
 * exact search: deep-towers.ts). So "on wasm" alone would be untrue.
 */
import { usesExactSearch } from './batch-context.ts';
import type { ModelConfig } from './config.ts';

export interface TrainingEngine {
  /** What runs the training batches, e.g. "WebAssembly SIMD kernel (f32)". */
  loop: string;
  /** The TF.js backend that ran the tensor work. */
  tensorBackend: string;
  /** The tensor work it ran, e.g. ["deep towers", "scoring"]. */
  tensorWork: string[];
  /**
   * How the loop was chosen where the TF.js full-tensor path could run too (training-path.ts),
   * with both measured figures, e.g. "chose WebAssembly SIMD kernel (f32): 0.84 ms/batch vs
   * TF.js webgl full-tensor 14 ms/batch (3 batches each after a warm-up)".
   */
  choice?: string;
}

/**
 * @param loop what ran the training batches, from the batch driver (describeTrainingPath): the
 *   WebAssembly kernel, or the TypeScript reference and why.
 * @param towersInKernel Hybrid Deep's towers ran in the WebAssembly kernel, not on the tensors.
 */
export function trainingEngine(
  config: ModelConfig,
  opts: {
    loop: string;
    tensorBackend: string;
    towersInKernel?: boolean;
    choice?: string;
    fullTensor?: boolean;
  }
): TrainingEngine {
  const tensorWork: string[] = [];
  if (opts.fullTensor) tensorWork.push('training');
  else if (usesExactSearch(config)) tensorWork.push('exact violator search');
  if (config.loss === 'hybrid-deep' && !opts.towersInKernel) tensorWork.push('deep towers');
  tensorWork.push('scoring');
  const e: TrainingEngine = { loop: opts.loop, tensorBackend: opts.tensorBackend, tensorWork };
  return opts.choice ? { ...e, choice: opts.choice } : e;
}

/** Whether the training batches themselves ran on TF.js's full-tensor path (not the kernel). */
export function ranFullTensor(e: TrainingEngine | undefined): boolean {
  return e?.tensorWork.includes('training') ?? false;
}

/** One line for a run card: "training loop: WebAssembly SIMD kernel (f32) · TF.js wasm: scoring". */
export function describeEngine(e: TrainingEngine): string {
  const line = `training loop: ${e.loop} · TF.js ${e.tensorBackend}: ${e.tensorWork.join(', ')}`;
  return e.choice ? `${line} · ${e.choice}` : line;
}

/** For a table cell: "WebAssembly SIMD kernel (f32) · TF.js wasm" (the tensor work is on the run card). */
export function describeEngineShort(e: TrainingEngine): string {
  return `${e.loop} · TF.js ${e.tensorBackend}`;
}
