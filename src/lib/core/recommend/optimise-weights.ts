import type { Interactions } from '../types.ts';
import { CoreError } from '../types.ts';
import { createRng } from '../data/rng.ts';
import { ensembleEvaluator, type PreparedEnsemble } from './ensemble.ts';

/**
 * Ensemble weight search on a validation split. It takes train (to exclude) and validation
 * (to score) only: the test split never enters, so the reported test result stays honest.
 */
export interface OptimiseWeightsOptions {
  prepared: PreparedEnsemble;
  train: Interactions;
  validation: Interactions;
  /** Metric to maximise, e.g. 'precision@5', 'ndcg@10', 'auc'. Default 'precision@5'. */
  metric?: string;
  /** 'grid' walks the simplex; 'coordinate' does seeded coordinate ascent; 'auto' (default) grids when it has at most maxGridPoints points. */
  method?: 'auto' | 'grid' | 'coordinate';
  /** Weight resolution (the simplex is cut in 1/step parts). Default 0.1. */
  step?: number;
  /** Default 500. */
  maxGridPoints?: number;
  /** Coordinate ascent: random starts besides the uniform one. Default 4. */
  restarts?: number;
  /** Default 0. */
  seed?: number;
}

export interface OptimiseWeightsResult {
  /** Best weights found, summing to 1. */
  weights: number[];
  metric: string;
  /** Validation value of `metric` at those weights. */
  value: number;
  /** Each model alone on validation, for the "beats the best single model?" line. */
  singleModelValues: number[];
  method: 'grid' | 'coordinate';
  /** Weight vectors evaluated. */
  evaluated: number;
}

/** Number of points of the simplex grid: C(parts + M − 1, M − 1). */
export function simplexGridSize(nModels: number, parts: number): number {
  let c = 1;
  for (let k = 1; k < nModels; k++) c = (c * (parts + k)) / k;
  return Math.round(c);
}

function* simplexGrid(nModels: number, parts: number): Generator<number[]> {
  const w = new Array<number>(nModels).fill(0);
  function* rec(m: number, left: number): Generator<number[]> {
    if (m === nModels - 1) {
      w[m] = left;
      yield w.map((x) => x / parts);
      return;
    }
    for (let v = left; v >= 0; v--) {
      w[m] = v;
      yield* rec(m + 1, left - v);
    }
  }
  yield* rec(0, parts);
}

function ksFor(metric: string): number[] {
  const at = /@(\d+)$/.exec(metric);
  return at ? [Number(at[1])] : [5];
}

export function optimiseWeights(opts: OptimiseWeightsOptions): OptimiseWeightsResult {
  const { prepared } = opts;
  const metric = opts.metric ?? 'precision@5';
  const step = opts.step ?? 0.1;
  const parts = Math.round(1 / step);
  if (!(parts >= 1 && Math.abs(parts * step - 1) < 1e-9))
    throw new CoreError('bad_input', `step must divide 1 evenly (e.g. 0.1, 0.05, 0.25), got ${step}`);
  const M = prepared.normalised.length;
  const evaluator = ensembleEvaluator({
    prepared,
    train: opts.train,
    test: opts.validation,
    ks: ksFor(metric)
  });
  let evaluated = 0;
  const score = (w: ArrayLike<number>): number => {
    evaluated++;
    const v = evaluator.evaluate(w).metrics[metric];
    if (v === undefined)
      throw new CoreError(
        'bad_input',
        `unknown metric "${metric}" (e.g. 'precision@5', 'recall@5', 'ndcg@5', 'auc', 'reciprocal_rank')`
      );
    return v;
  };
  const singleModelValues = Array.from({ length: M }, (_, m) =>
    score(Array.from({ length: M }, (_, k) => (k === m ? 1 : 0)))
  );
  const method =
    opts.method === 'auto' || opts.method === undefined
      ? simplexGridSize(M, parts) <= (opts.maxGridPoints ?? 500)
        ? 'grid'
        : 'coordinate'
      : opts.method;

  // Start from the best single model: the ensemble is never reported worse than it on validation.
  let bestM = 0;
  for (let m = 1; m < M; m++) if (singleModelValues[m] > singleModelValues[bestM]) bestM = m;
  let best: number[] = Array.from({ length: M }, (_, k) => (k === bestM ? 1 : 0));
  let bestValue = singleModelValues[bestM];
  const consider = (w: number[]) => {
    const v = score(w);
    if (v > bestValue + 1e-12) {
      bestValue = v;
      best = w.slice();
    }
    return v;
  };

  if (method === 'grid') {
    for (const w of simplexGrid(M, parts)) {
      if (w.filter((x) => x > 0).length <= 1) continue; // single models already scored
      consider(w);
    }
  } else {
    const rng = createRng(opts.seed ?? 0);
    const starts: number[][] = [new Array(M).fill(1 / M)];
    for (let r = 0; r < (opts.restarts ?? 4); r++) {
      // Uniform on the simplex (Dirichlet(1)) via normalised exponentials.
      const e = Array.from({ length: M }, () => -Math.log(1 - rng.next()));
      const s = e.reduce((a, b) => a + b, 0);
      starts.push(e.map((x) => x / s));
    }
    for (const start of starts) {
      let cur = start.slice();
      let curValue = consider(cur);
      for (let pass = 0; pass < 20; pass++) {
        let improved = false;
        for (const m of rng.shuffle(Array.from({ length: M }, (_, k) => k))) {
          for (let v = 0; v <= parts; v++) {
            const cand = cur.slice();
            cand[m] = v / parts;
            const sum = cand.reduce((a, b) => a + b, 0);
            if (sum <= 0) continue;
            const w = cand.map((x) => x / sum);
            const val = consider(w);
            if (val > curValue + 1e-12) {
              cur = w;
              curValue = val;
              improved = true;
            }
          }
        }
        if (!improved) break;
      }
    }
  }
  const total = best.reduce((a, b) => a + b, 0);
  return {
    weights: best.map((x) => x / total),
    metric,
    value: bestValue,
    singleModelValues,
    method,
    evaluated
  };
}
