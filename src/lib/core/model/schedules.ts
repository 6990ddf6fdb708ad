import type { ScheduleName } from './config.ts';
import type { RowGradients } from './row-gradients.ts';

/**
 * Hand-written per-scalar schedules with LightFM's accumulators (lightfm-spec.md §3: adagrad's
 * starts at 1; adadelta's ρ, ε), applied with the batch step rule of §4: the batch's per-sample
 * squared gradients go into the accumulator first, then one step with the summed gradient (see
 * stepRows for how that differs from LightFM's order). TF.js's own optimisers differ (adagrad
 * starts its accumulator at 0.1 and has no per-sample squares), so they are not used.
 * Regularisation is in regularisation.ts.
 */
export interface ParamBlock {
  rows: number;
  width: number;
  values: Float32Array;
  /** Adagrad: Σ g² starting at 1. Adadelta: E[g²] starting at 0. */
  acc: Float32Array;
  /** Adadelta only: E[Δ²] starting at 0 (empty for adagrad). */
  accDelta: Float32Array;
}

export interface ScheduleSettings {
  schedule: ScheduleName;
  learningRate: number;
  rho: number;
  epsilon: number;
}

export function createParamBlock(
  rows: number,
  width: number,
  schedule: ScheduleName,
  values?: Float32Array
): ParamBlock {
  const n = rows * width;
  return {
    rows,
    width,
    values: values ?? new Float32Array(n),
    acc: new Float32Array(n).fill(schedule === 'adagrad' ? 1 : 0),
    accDelta: schedule === 'adadelta' ? new Float32Array(n) : new Float32Array(0)
  };
}

/**
 * Steps every touched row of `block` with its gradients and clears them. Untouched rows keep
 * their accumulators (adadelta's decay is masked to touched rows, as LightFM's per-sample updates).
 *   adagrad:  A += Σg²;  θ −= lr·Σg/√A
 *   adadelta: E_g ← ρE_g + (1−ρ)Σg²;  Δ = √(E_Δ+ε)/√(E_g+ε)·Σg;  E_Δ ← ρE_Δ + (1−ρ)Δ²;  θ −= Δ
 * The accumulator takes this batch's squares *before* the step, for batch size 1 too. LightFM
 * does the opposite for adagrad (step with lr/√A, then A += g²: update_features in
 * _lightfm_fast.pyx), so even at batch size 1 this is not LightFM's exact update: ours bounds
 * a sample's step below lr (|g|/√(A + g²) < 1), LightFM's first steps can reach lr·|g|. Adding
 * first is what lets one step carry a batch of per-sample squares (lightfm-spec.md §4); its
 * adadelta order is LightFM's.
 */
export function stepRows(block: ParamBlock, grads: RowGradients, s: ScheduleSettings): void {
  if (grads.nTouched === 0) return; // nothing to step, and no gradient buffers to allocate
  const w = block.width;
  const { values, acc, accDelta } = block;
  const { sum, sumSq, touched } = grads;
  if (s.schedule === 'adagrad') {
    const lr = s.learningRate;
    for (let t = 0; t < grads.nTouched; t++) {
      const base = touched[t] * w;
      for (let c = base; c < base + w; c++) {
        const a = acc[c] + sumSq[c];
        acc[c] = a;
        values[c] -= (lr / Math.sqrt(a)) * sum[c];
        sum[c] = 0;
        sumSq[c] = 0;
      }
    }
  } else {
    const { rho, epsilon: eps } = s;
    for (let t = 0; t < grads.nTouched; t++) {
      const base = touched[t] * w;
      for (let c = base; c < base + w; c++) {
        const eg = rho * acc[c] + (1 - rho) * sumSq[c];
        acc[c] = eg;
        const local = Math.sqrt(accDelta[c] + eps) / Math.sqrt(eg + eps);
        const delta = local * sum[c];
        accDelta[c] = rho * accDelta[c] + (1 - rho) * delta * delta;
        values[c] -= delta;
        sum[c] = 0;
        sumSq[c] = 0;
      }
    }
  }
  // The loops above zeroed the touched rows' sums as they read them.
  grads.clearTouchedMarks();
}

/**
 * Step size of scalar c of `block` after its last step (adagrad lr/√A; adadelta
 * √(E_Δ+ε)/√(E_g+ε)), read back from the stored float32 accumulators (the L2 decay's l_c and η̄,
 * regularisation.ts). stepRows computes the same factors inline from the unrounded sums, so
 * it does not call this: reading the rounded accumulator back would change the step's bits.
 */
export function stepSize(block: ParamBlock, c: number, s: ScheduleSettings): number {
  return s.schedule === 'adagrad'
    ? s.learningRate / Math.sqrt(block.acc[c])
    : Math.sqrt(block.accDelta[c] + s.epsilon) / Math.sqrt(block.acc[c] + s.epsilon);
}
