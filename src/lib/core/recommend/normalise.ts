import { CoreError } from '../types.ts';

/**
 * Per-customer score normalisation across plans, so models on different scales can be mixed.
 * - 'zscore': (s − mean_u) / sd_u over the customer's row (sd 0 → all 0). Keeps score gaps.
 * - 'rank':   average rank within the row scaled to [0, 1] (best = 1, ties share a rank).
 *             Only the order counts, so one model's outliers cannot dominate.
 * - 'none':   raw scores.
 * All three are strictly increasing within a row, so one model alone ranks exactly as before.
 */
export type Normalisation = 'zscore' | 'rank' | 'none';

export interface NormaliseScoresOptions {
  /** nUsers × nItems row-major. */
  scores: ArrayLike<number>;
  nItems: number;
  /** Default 'zscore'. */
  method?: Normalisation;
}

/** Returns a new Float64Array (double precision, so no near-ties are rounded together). */
export function normaliseScores(opts: NormaliseScoresOptions): Float64Array {
  const { scores, nItems: N } = opts;
  const method = opts.method ?? 'zscore';
  if (!Number.isInteger(N) || N <= 0 || scores.length % N !== 0) {
    throw new CoreError('bad_input', `scores has ${scores.length} values, not a multiple of nItems = ${N}`);
  }
  const nUsers = scores.length / N;
  const out = new Float64Array(scores.length);
  if (method === 'none') {
    for (let k = 0; k < scores.length; k++) out[k] = scores[k];
    return out;
  }
  if (method === 'zscore') {
    for (let u = 0; u < nUsers; u++) {
      const off = u * N;
      let mean = 0;
      for (let i = 0; i < N; i++) mean += scores[off + i];
      mean /= N;
      let v = 0;
      for (let i = 0; i < N; i++) {
        const c = scores[off + i] - mean;
        v += c * c;
      }
      const sd = Math.sqrt(v / N);
      const inv = sd > 0 ? 1 / sd : 0;
      for (let i = 0; i < N; i++) out[off + i] = (scores[off + i] - mean) * inv;
    }
    return out;
  }
  if (method === 'rank') {
    const order = new Int32Array(N);
    const row = new Float64Array(N);
    const scale = N > 1 ? 1 / (N - 1) : 0;
    for (let u = 0; u < nUsers; u++) {
      const off = u * N;
      for (let i = 0; i < N; i++) {
        order[i] = i;
        row[i] = scores[off + i];
      }
      order.sort((a, b) => row[a] - row[b]);
      for (let s = 0; s < N;) {
        let e = s + 1;
        while (e < N && row[order[e]] === row[order[s]]) e++;
        const avg = (s + e - 1) / 2; // 0-based average position, ascending: best gets N−1
        for (let k = s; k < e; k++) out[off + order[k]] = avg * scale;
        s = e;
      }
    }
    return out;
  }
  throw new CoreError(
    'bad_input',
    `unknown normalisation "${method as string}" (use 'zscore', 'rank' or 'none')`
  );
}
