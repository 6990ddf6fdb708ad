import type { CsrMatrix } from '../types.ts';
import type { ModelConfig } from './config.ts';
import { dotAt } from './dot.ts';
import { ItemGradients, ItemReps } from './item-side.ts';
import { createSimdDot, type SimdDot } from './simd-dot.ts';

/**
 * The buffers the reference batch steps reuse, made once per run (createBatchContext): the
 * batch's samples and representations (B rows), the k-OS draws, and the sampled pairwise
 * paths' lazy item representations, per-item gradient groups and one user vector.
 */
export interface BatchScratch {
  users: Int32Array;
  items: Int32Array;
  negatives: Int32Array;
  weights: Float32Array;
  coefficient: Float32Array;
  userVec: Float32Array;
  userBias: Float32Array;
  posVec: Float32Array;
  posBias: Float32Array;
  negVec: Float32Array;
  /** B × N positives mask: only the full-catalogue (exact) violator search reads it. */
  mask: Float32Array;
  pick: Float32Array;
  kosItems: Int32Array;
  kosScores: Float64Array;
  /** Item representations computed at most once per batch (sampled WARP, BPR). */
  itemReps: ItemReps;
  itemGrads: ItemGradients;
  /** One user representation (d, float32-rounded values in doubles), its gradient g and g⊙g. */
  p: Float64Array;
  g: Float32Array;
  g2: Float32Array;
  /** WebAssembly SIMD dot over `itemReps.vec` and `p` (which then live in its memory), or null. */
  simd: SimdDot | null;
}

export function createBatchScratch(
  config: ModelConfig,
  itemX: CsrMatrix,
  nItems: number,
  exactSearch: boolean
): BatchScratch {
  const B = config.batchSize;
  const d = config.components;
  const kosN = config.loss === 'warp-kos' ? config.n : 1;
  const simd = createSimdDot(itemX.nRows, d);
  return {
    users: new Int32Array(B),
    items: new Int32Array(B),
    negatives: new Int32Array(B),
    weights: new Float32Array(B),
    coefficient: new Float32Array(B),
    userVec: new Float32Array(B * d),
    userBias: new Float32Array(B),
    posVec: new Float32Array(B * d),
    posBias: new Float32Array(B),
    negVec: new Float32Array(B * d),
    mask: new Float32Array(exactSearch ? B * nItems : 0),
    pick: new Float32Array(B),
    kosItems: new Int32Array(kosN),
    kosScores: new Float64Array(kosN),
    itemReps: new ItemReps(itemX, d, simd?.rows),
    itemGrads: new ItemGradients(nItems, d),
    p: simd?.vec ?? new Float64Array(d),
    g: new Float32Array(d),
    g2: new Float32Array(d),
    simd
  };
}

/** p · q_row (the score without bias) for the scratch's p and item representations: SIMD when available, else dotAt, same value. */
export function dotRow(s: BatchScratch, row: number, d: number): number {
  const simd = s.simd;
  return simd !== null
    ? simd.dot(simd.vecByte, simd.rowsByte + row * d * 8, d)
    : dotAt(s.p, s.itemReps.vec, row * d, d);
}
