/**
 * An optional observer of the per-sample decisions inside the WARP and BPR batch steps, for the
 * step-by-step teaching view (core/teach/stepper.ts). The step functions call it only when a
 * BatchContext carries one, so training without a tracer does no extra work beyond one branch.
 * Arguments are plain numbers: a tracer copies what it keeps.
 */
export interface StepTracer {
  /** WARP: one uniform candidate draw of the violator search, with its score. */
  onDraw?(item: number, score: number): void;
  /**
   * WARP: the outcome of one sample's search. `negative` is −1 (and `coefficient` 0) when no
   * violator was found within maxSampled draws; `trials` is the number of draws K that found it.
   */
  onWarp?(sample: WarpSampleTrace): void;
  /** BPR: one sample's pair (samples without a usable negative are skipped and not reported). */
  onBpr?(sample: BprSampleTrace): void;
}

export interface WarpSampleTrace {
  user: number;
  positive: number;
  weight: number;
  positiveScore: number;
  negative: number;
  negativeScore: number;
  trials: number;
  /** min(10, w·ln max(1, ⌊(N − 1)/K⌋)): the multiplier of this sample's gradient. */
  coefficient: number;
}

export interface BprSampleTrace {
  user: number;
  positive: number;
  negative: number;
  weight: number;
  /** x = s⁺ − s⁻ (item biases included). */
  difference: number;
  /** w·(1 − σ(x)): the multiplier of this sample's gradient. */
  coefficient: number;
  /** w·(−ln σ(x)). */
  loss: number;
}
