import { createRng } from '../data/rng.ts';
import { dot } from '../model/dot.ts';

/**
 * A small 2-D PCA for embedding maps: centre, form the d×d covariance, take the top two
 * eigenvectors by power iteration with deflation. d is at most a few hundred (embedding
 * components), so this is instant; no dependency needed.
 */
export interface Pca2d {
  /** n × 2 coordinates of the fitted rows. */
  coords: Float64Array;
  /** Column means (d). */
  mean: Float64Array;
  /** Two unit vectors (d each); sign fixed so the largest |entry| is positive (deterministic). */
  axes: [Float64Array, Float64Array];
  /** Share of total variance on each axis, in [0, 1]. */
  explained: [number, number];
}

export interface Pca2dOptions {
  /** n × d row-major. */
  rows: ArrayLike<number>;
  d: number;
  /** Power-iteration steps per axis. Default 500 (stops early on convergence). */
  iterations?: number;
  /** Seed of the start vectors. Default 1. */
  seed?: number;
}

export function pca2d(opts: Pca2dOptions): Pca2d {
  const { rows, d } = opts;
  const n = rows.length / d;
  if (!Number.isInteger(n) || n < 1 || d < 1)
    throw new Error(`pca2d: ${rows.length} values do not form rows of ${d}`);
  const mean = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let c = 0; c < d; c++) mean[c] += rows[r * d + c] / n;
  const cov = new Float64Array(d * d);
  const x = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < d; c++) x[c] = rows[r * d + c] - mean[c];
    for (let a = 0; a < d; a++) {
      const xa = x[a];
      if (xa === 0) continue;
      for (let b = 0; b < d; b++) cov[a * d + b] += (xa * x[b]) / n;
    }
  }
  let total = 0;
  for (let a = 0; a < d; a++) total += cov[a * d + a];
  const rng = createRng(opts.seed ?? 1);
  const iters = opts.iterations ?? 500;
  const axes: Float64Array[] = [];
  const values: number[] = [];
  for (let k = 0; k < 2; k++) {
    let v = Float64Array.from({ length: d }, () => rng.next() - 0.5);
    let lambda = 0;
    for (let it = 0; it < iters; it++) {
      const w = new Float64Array(d);
      for (let a = 0; a < d; a++) w[a] = dot(cov, a * d, v, 0, d);
      // Keep orthogonal to earlier axes (deflation by projection).
      for (const u of axes) {
        const along = dot(w, 0, u, 0, d);
        for (let a = 0; a < d; a++) w[a] -= along * u[a];
      }
      const norm = Math.sqrt(dot(w, 0, w, 0, d));
      if (norm === 0) break; // no variance left in this direction
      let change = 0;
      for (let a = 0; a < d; a++) {
        const nv = w[a] / norm;
        change += Math.abs(nv - v[a]);
        v[a] = nv;
      }
      lambda = norm;
      if (change < 1e-12 * d) break;
    }
    let big = 0;
    for (let a = 1; a < d; a++) if (Math.abs(v[a]) > Math.abs(v[big])) big = a;
    if (v[big] < 0) v = v.map((t) => -t);
    axes.push(v);
    values.push(lambda);
  }
  const fitted = { mean, axes: [axes[0], axes[1]] as [Float64Array, Float64Array] };
  return {
    ...fitted,
    coords: projectPca(fitted, rows, d),
    explained: [total > 0 ? values[0] / total : 0, total > 0 ? values[1] / total : 0]
  };
}

/** Projects other rows (e.g. a sample of customers) onto fitted axes: m × 2. */
export function projectPca(
  pca: Pick<Pca2d, 'mean' | 'axes'>,
  rows: ArrayLike<number>,
  d: number
): Float64Array {
  const m = rows.length / d;
  const out = new Float64Array(m * 2);
  const x = new Float64Array(d);
  for (let r = 0; r < m; r++) {
    for (let c = 0; c < d; c++) x[c] = rows[r * d + c] - pca.mean[c];
    out[2 * r] = dot(x, 0, pca.axes[0], 0, d);
    out[2 * r + 1] = dot(x, 0, pca.axes[1], 0, d);
  }
  return out;
}
