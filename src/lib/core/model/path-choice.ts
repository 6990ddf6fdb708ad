/**
 * The choice between the CPU path (the WebAssembly kernel, or the TypeScript reference where
 * it cannot run) and the TF.js full-tensor path (tensor-pairwise.ts), made by timing a few batches
 * of each at the start of a run (training-path.ts), never by the renderer's name: a WebGL
 * context on a software renderer and one on a real GPU look alike until they compute.
 * Pure functions: the timings are an input, so the rule is tested with injected numbers.
 */
export type TrainingPath = 'cpu' | 'tensor';

/**
 * 'auto' (default): 'measure' where TF.js computes on an accelerator (webgl, webgpu); on its CPU
 * backends (wasm, cpu) the tensor path runs on the same cores as the kernel, measured 20–40×
 * slower there, and the trial's ~0.1 s would be a third of a small run, so it is not tried.
 * 'measure': time both and keep the faster. 'cpu' / 'tensor': force one (tests, and a resumed run
 * keeps its first choice so it continues to the bit).
 */
export type TrainingPathMode = 'auto' | 'measure' | TrainingPath;

/** TF.js backends that compute on the CPU: the full-tensor path there is not worth a trial. */
export const CPU_TENSOR_BACKENDS: readonly string[] = ['wasm', 'cpu', 'tensorflow'];

/** Milliseconds of each timed trial batch (the same batches for both paths, after one untimed warm-up each). */
export interface PathTrials {
  cpuMs: number[];
  tensorMs: number[];
}

/** What the choice rests on: each path's best batch (PathTrials summarised by `bestOf`). */
export interface PathTimings {
  cpuMsPerBatch: number;
  tensorMsPerBatch: number;
  /** Timed batches per path. */
  batches: number;
}

export interface PathChoice {
  path: TrainingPath;
  /**
   * 'measured' (timings present), 'forced' by the caller, 'resumed' from the run's checkpoint,
   * 'only': the one path this configuration runs unless forced (training-path.ts says which are
   * measured), 'failed': the tensor path threw during its trial (`failure` says why), or
   * 'skipped': not tried, it would not fit (`failure` says why).
   */
  how: 'measured' | 'forced' | 'resumed' | 'only' | 'failed' | 'skipped';
  timings?: PathTimings;
  failure?: string;
}

/**
 * The tensor path must beat the CPU path by this fraction to be chosen: a near tie is noise
 * on a shared machine, and the CPU path is the one whose numbers every other test pins.
 */
export const TENSOR_MARGIN = 0.2;

/**
 * Each path's fastest trial batch. The noise on a shared machine only ever adds time (another
 * process, a garbage collection), so the best batch estimates a path's own cost: one batch
 * slowed down cannot flip the choice, all of them would have to be. Unusable readings (NaN,
 * ≤ 0, infinite) are ignored; a path with none reads NaN.
 */
export function bestOf(t: PathTrials): PathTimings {
  const best = (ms: number[]) => {
    const ok = ms.filter((x) => Number.isFinite(x) && x > 0);
    return ok.length > 0 ? Math.min(...ok) : NaN;
  };
  return {
    cpuMsPerBatch: best(t.cpuMs),
    tensorMsPerBatch: best(t.tensorMs),
    batches: Math.min(t.cpuMs.length, t.tensorMs.length)
  };
}

/**
 * Keeps the faster path: the tensor path only when its best batch takes less than
 * (1 − margin) of the CPU path's; ties, noise within the margin and unusable timings (NaN, ≤ 0,
 * infinite) keep the CPU path.
 */
export function choosePath(trials: PathTrials, margin = TENSOR_MARGIN): PathChoice {
  const t = bestOf(trials);
  const ok = (x: number) => Number.isFinite(x) && x > 0;
  const tensorWins =
    ok(t.tensorMsPerBatch) && ok(t.cpuMsPerBatch) && t.tensorMsPerBatch < (1 - margin) * t.cpuMsPerBatch;
  return { path: tensorWins ? 'tensor' : 'cpu', how: 'measured', timings: t };
}

/** "0.84", "8.4", "84": two significant figures, enough to compare paths that differ by ×1.25 or more. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms >= 10) return String(Math.round(ms));
  return ms >= 1 ? ms.toFixed(1) : ms.toFixed(2);
}

/**
 * The run card's line, e.g. "chose WebAssembly SIMD kernel (f32): 0.84 ms/batch vs TF.js
 * webgl full-tensor 14 ms/batch (best of 3 batches each, after a warm-up)". `cpu`, `tensor`:
 * what each path is called.
 */
export function describeChoice(choice: PathChoice, names: { cpu: string; tensor: string }): string {
  const chosen = names[choice.path];
  const t = choice.timings;
  switch (choice.how) {
    case 'measured': {
      if (!t) return `chose ${chosen}`;
      const other: TrainingPath = choice.path === 'cpu' ? 'tensor' : 'cpu';
      const ms = (p: TrainingPath) => formatMs(p === 'cpu' ? t.cpuMsPerBatch : t.tensorMsPerBatch);
      return `chose ${chosen}: ${ms(choice.path)} ms/batch vs ${names[other]} ${ms(other)} ms/batch (best of ${t.batches} batches each, after a warm-up)`;
    }
    // The lines below follow the chosen path's own name on the run card, so they do not repeat it.
    case 'forced':
      return 'path forced (not measured)';
    case 'resumed':
      return 'path as measured when the run started';
    case 'only':
      return chosen;
    case 'failed':
      return `the ${names.tensor} path failed in its trial (${choice.failure ?? 'unknown error'})`;
    case 'skipped':
      return `the ${names.tensor} path was not tried (${choice.failure ?? 'too large'})`;
  }
}
