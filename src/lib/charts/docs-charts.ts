import { baseLayout, colourAt, type Figure } from './figure.ts';

/**
 * WARP's rank weighting for the docs (lightfm-spec.md §2, §4): with r violating negatives among
 * N items, LightFM draws items until one violates; K ~ Geometric(r/N) trials, no update when
 * K > max_sampled, otherwise weight min(10, ln max(1, ⌊(N−1)/K⌋)).
 */
export interface WarpWeightingOptions {
  /** Catalogue size N. Default 20 (telco). */
  nItems?: number;
  /** Default 10 (LightFM). */
  maxSampled?: number;
}

export interface WarpWeightingCurve {
  violators: number[];
  /** E[weight] over K, counting "no update" as 0. */
  expectedWeight: number[];
  /** P(K ≤ max_sampled): how often a step happens at all. */
  updateProbability: number[];
  /** ln r, the weight an exact-rank variant would use. */
  exactRankWeight: number[];
}

/** The numbers behind the figure (exported for tests and for a table in the docs). */
export function warpWeightingCurve(opts: WarpWeightingOptions = {}): WarpWeightingCurve {
  const N = opts.nItems ?? 20;
  const maxSampled = opts.maxSampled ?? 10;
  if (!(Number.isInteger(N) && N >= 2)) throw new Error(`nItems must be an integer ≥ 2, got ${N}`);
  if (!(Number.isInteger(maxSampled) && maxSampled >= 1)) throw new Error(`maxSampled must be an integer ≥ 1, got ${maxSampled}`);
  const out: WarpWeightingCurve = { violators: [], expectedWeight: [], updateProbability: [], exactRankWeight: [] };
  for (let r = 1; r <= N - 1; r++) {
    const p = r / N;
    let e = 0, pu = 0;
    for (let K = 1; K <= maxSampled; K++) {
      const pk = (1 - p) ** (K - 1) * p;
      pu += pk;
      e += pk * Math.min(10, Math.log(Math.max(1, Math.floor((N - 1) / K))));
    }
    out.violators.push(r);
    out.expectedWeight.push(e);
    out.updateProbability.push(pu);
    out.exactRankWeight.push(Math.log(r));
  }
  return out;
}

export function warpRankWeighting(opts: WarpWeightingOptions = {}): Figure {
  const c = warpWeightingCurve(opts);
  const N = opts.nItems ?? 20;
  const layout = baseLayout({ title: `WARP rank weighting (N = ${N}, max_sampled = ${opts.maxSampled ?? 10})`, xTitle: 'violating negatives r (the positive’s true rank)', yTitle: 'weight of the update' });
  return {
    data: [
      { type: 'scatter', mode: 'lines', name: 'LightFM WARP: expected weight', x: c.violators, y: c.expectedWeight, line: { color: colourAt(0), width: 3 } },
      { type: 'scatter', mode: 'lines', name: 'exact-rank variant: ln r', x: c.violators, y: c.exactRankWeight, line: { color: colourAt(1), dash: 'dash' } },
      { type: 'scatter', mode: 'lines', name: 'chance of any update', x: c.violators, y: c.updateProbability, yaxis: 'y2', line: { color: colourAt(2), dash: 'dot' } }
    ],
    layout: { ...layout, yaxis2: { title: { text: 'probability' }, overlaying: 'y', side: 'right', range: [0, 1.05], showgrid: false } }
  };
}
