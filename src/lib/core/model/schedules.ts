import type { ScheduleName } from './config.ts';
import type { RowGradients } from './row-gradients.ts';

/**
 * Hand-written per-scalar schedules with LightFM's semantics (lightfm-spec.md §3), applied with
 * the batch step rule of §4: the batch's per-sample squared gradients go into the accumulator
 * first, then one step with the summed gradient. TF.js's own optimisers differ (adagrad starts
 * its accumulator at 0.1 and has no per-sample squares), so they are not used.
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

export function createParamBlock(rows: number, width: number, schedule: ScheduleName, values?: Float32Array): ParamBlock {
  const n = rows * width;
  return {
    rows,
    width,
    values: values ?? new Float32Array(n),
    acc: new Float32Array(n).fill(schedule === 'adagrad' ? 1 : 0),
    accDelta: schedule === 'adadelta' ? new Float32Array(n) : new Float32Array(0)
  };
}

/** Sum and count of the per-scalar step sizes used, for the decoupled decay's mean step η̄. */
export interface StepStats {
  lrSum: number;
  count: number;
}

/**
 * Steps every touched row of `block` with its gradients and clears them. `needStats` false
 * skips summing the step sizes into `stats` (only the decoupled decay reads them). Untouched rows keep
 * their accumulators (adadelta's decay is masked to touched rows, as LightFM's per-sample updates).
 *   adagrad:  A += Σg²;  θ −= lr·Σg/√A
 *   adadelta: E_g ← ρE_g + (1−ρ)Σg²;  Δ = √(E_Δ+ε)/√(E_g+ε)·Σg;  E_Δ ← ρE_Δ + (1−ρ)Δ²;  θ −= Δ
 */
export function stepRows(block: ParamBlock, grads: RowGradients, s: ScheduleSettings, stats: StepStats, needStats = true): void {
  const w = block.width;
  const { values, acc, accDelta } = block;
  const { sum, sumSq, touched } = grads;
  let lrSum = 0;
  if (s.schedule === 'adagrad' && !needStats) {
    // Same step without the Σ step-size chain (a serial add per scalar), for callers with no decay.
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
  } else if (s.schedule === 'adagrad') {
    const lr = s.learningRate;
    for (let t = 0; t < grads.nTouched; t++) {
      const base = touched[t] * w;
      for (let c = base; c < base + w; c++) {
        const a = acc[c] + sumSq[c];
        acc[c] = a;
        const local = lr / Math.sqrt(a);
        values[c] -= local * sum[c];
        lrSum += local;
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
        lrSum += local;
        sum[c] = 0;
        sumSq[c] = 0;
      }
    }
  }
  stats.lrSum += lrSum;
  stats.count += grads.nTouched * w;
  // The loops above zeroed the touched rows' sums as they read them.
  grads.clearTouchedMarks();
}

/**
 * Decoupled L2 decay (lightfm-spec.md §3): θ ← θ / (1 + α·η̄) once per sample, so a batch of
 * n samples divides by (1 + α·η̄)ⁿ. Applied to every row of the side, as LightFM's lazy scale.
 */
export function decay(values: Float32Array, alpha: number, meanLr: number, nSamples: number): void {
  if (alpha <= 0 || nSamples <= 0 || !(meanLr > 0)) return;
  const f = Math.pow(1 + alpha * meanLr, -nSamples);
  for (let c = 0; c < values.length; c++) values[c] *= f;
}
