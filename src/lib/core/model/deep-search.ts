import type { BatchContext } from './batch-context.ts';
import { drawViolator, trialsCoefficient, type ViolatorDraw } from './sampling.ts';

/**
 * Hybrid Deep's sampled violator search (sampling.ts drawViolator) on tower outputs, for the
 * TF.js towers (deep-sampled.ts); the tower kernel makes the same decisions from the same random
 * stream (wasm/tower-search.watinc). For each batch row b, in order, score its positive and draw
 * a violator; `take(b, negative, coef)` receives each sample that updates. `score(b, i)` is
 * b_i + p'_b·q'_i. Returns the batch's summed loss.
 */
export function searchDeepViolators(
  ctx: BatchContext,
  batch: { count: number; users: Int32Array; items: Int32Array; weights: Float32Array },
  score: (b: number, item: number) => number,
  take: (b: number, negative: number, coefficient: number) => void
): number {
  const { config, nItems: N, rng, positives } = ctx;
  let loss = 0;
  let row = 0;
  const scoreItem = (it: number): number => score(row, it);
  const found: ViolatorDraw = { negative: -1, trials: 0, score: 0 };
  for (let b = 0; b < batch.count; b++) {
    row = b;
    const sPos = scoreItem(batch.items[b]);
    drawViolator(positives, batch.users[b], N, config.maxSampled, sPos - 1, rng, scoreItem, found);
    const { negative: j, trials, score: sNeg } = found;
    if (j < 0) continue;
    const coef = trialsCoefficient(batch.weights[b], N - 1, trials);
    if (!(coef > 0)) continue;
    loss += coef * (1 - sPos + sNeg);
    take(b, j, coef);
  }
  return loss;
}
