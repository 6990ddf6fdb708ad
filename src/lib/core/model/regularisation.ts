import type { CsrMatrix } from '../types.ts';
import { stepSize, type ParamBlock, type ScheduleSettings } from './schedules.ts';

/**
 * L2 regularisation (item_alpha, user_alpha) with the effect of LightFM's lazy scheme
 * (_lightfm_fast.pyx: update_features/update_biases, warp_update, regularize), read from its
 * source. LightFM, per *update* (a WARP sample with a violator, every BPR/logistic sample):
 *   1. each feature scalar the update touches takes its step and is then multiplied by
 *      (1 + α·l), l its own step size (lr/√A with A before this update's g² for adagrad);
 *   2. a global scale is multiplied by (1 + α·η̄), η̄ the mean step size over the scalars
 *      the update touched (both sides' features and biases together);
 *   3. at the end of the epoch every parameter is divided by the scale.
 * So every parameter is divided by (1 + α·η̄) once per update, and the rows an update touches
 * are multiplied back by (1 + α·l): a row is decayed by the updates that do *not* touch it.
 * Identity rows (touched a few times an epoch) are regularised hard, shared feature rows
 * (touched by most updates) hardly at all. Samples that do not update (WARP without a violator)
 * do not decay anything.
 *
 * A batch of U updates in which row r is touched h_r times therefore scales scalar c of r by
 * (1 + α·l_c)^h_r / (1 + α·η̄)^U, with l_c the step size after this batch's step and η̄ the mean
 * of l over the (update, touched scalar) pairs of the batch. LightFM's quirk of computing
 * representations with the stored values times the scale (not divided) during the epoch — which
 * is what makes large alphas explode there — is not copied.
 */
export class UpdateHits {
  /** Updates touching each feature row this batch, per side. */
  readonly user: Float32Array;
  readonly item: Float32Array;
  /** Updates this batch. */
  updates = 0;

  constructor(
    nUserRows: number,
    nItemRows: number,
    /** False when both alphas are 0: record() is then a no-op (no counting cost). */
    readonly active: boolean
  ) {
    this.user = new Float32Array(active ? nUserRows : 0);
    this.item = new Float32Array(active ? nItemRows : 0);
  }

  /** One update touching user row u and item rows i and j (j < 0: none, e.g. logistic). */
  record(userX: CsrMatrix, u: number, itemX: CsrMatrix, i: number, j: number): void {
    if (!this.active) return;
    this.updates++;
    countRow(userX, u, this.user);
    countRow(itemX, i, this.item);
    if (j >= 0) countRow(itemX, j, this.item);
  }

  reset(): void {
    this.updates = 0;
    this.user.fill(0);
    this.item.fill(0);
  }
}

function countRow(x: CsrMatrix, row: number, hits: Float32Array): void {
  for (let p = x.indptr[row]; p < x.indptr[row + 1]; p++) hits[x.indices[p]]++;
}

/** Σ over (update, touched scalar) pairs of the step size, and the number of pairs, for η̄. */
export function sumStepSizes(
  block: ParamBlock,
  hits: Float32Array,
  s: ScheduleSettings
): { sum: number; count: number } {
  const w = block.width;
  let sum = 0;
  let count = 0;
  for (let r = 0; r < block.rows; r++) {
    const h = hits[r];
    if (h === 0) continue;
    let rowSum = 0;
    for (let c = r * w; c < r * w + w; c++) rowSum += stepSize(block, c, s);
    sum += h * rowSum;
    count += h * w;
  }
  return { sum, count };
}

/** Scales every scalar of `block` by (1 + α·l_c)^h_r / (1 + α·η̄)^updates (see UpdateHits). */
export function decayBlock(
  block: ParamBlock,
  hits: Float32Array,
  alpha: number,
  meanStep: number,
  updates: number,
  s: ScheduleSettings
): void {
  if (alpha <= 0 || updates <= 0 || !(meanStep > 0)) return;
  const base = Math.pow(1 + alpha * meanStep, -updates);
  const { values, width: w } = block;
  for (let r = 0; r < block.rows; r++) {
    const h = hits[r];
    const o = r * w;
    if (h === 0) {
      for (let c = o; c < o + w; c++) values[c] *= base;
    } else {
      for (let c = o; c < o + w; c++) values[c] *= base * Math.pow(1 + alpha * stepSize(block, c, s), h);
    }
  }
}
