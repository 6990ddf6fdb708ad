import { baseLayout, colourAt, type Figure } from './figure.ts';
import { escapeLabel } from './escape.ts';
import { trialsCoefficient, warpCoefficient } from '../core/model/sampling.ts';

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
  /** ln r, the weight an exact-rank variant with one violator would use (lightfm-spec.md §4). */
  exactRankWeight: number[];
  /** min(10, H(r)), H the harmonic number: the app's 'exact-rank' WARP variant (model/sampling.ts). */
  harmonicWeight: number[];
}

function checkWarpArgs(N: number, maxSampled: number): void {
  if (!(Number.isInteger(N) && N >= 2)) throw new Error(`nItems must be an integer ≥ 2, got ${N}`);
  if (!(Number.isInteger(maxSampled) && maxSampled >= 1))
    throw new Error(`maxSampled must be an integer ≥ 1, got ${maxSampled}`);
}

/** One row of WARP's trial distribution: P(first violator on trial K) and the weight it gives. */
export interface WarpTrial {
  trials: number;
  probability: number;
  weight: number;
}

/**
 * The distribution of LightFM's sampling loop for one positive with r violators among N items:
 * K ~ Geometric(r/N) for K = 1..maxSampled, weight min(10, ln max(1, ⌊(N−1)/K⌋)) (weight w = 1).
 * The probabilities sum to P(update) = 1 − (1 − r/N)^maxSampled; the rest is "no update".
 */
export function warpTrialDistribution(r: number, nItems: number, maxSampled: number): WarpTrial[] {
  checkWarpArgs(nItems, maxSampled);
  if (!(Number.isInteger(r) && r >= 0 && r <= nItems))
    throw new Error(`r must be an integer in 0..${nItems}, got ${r}`);
  const out: WarpTrial[] = [];
  if (r === 0) return out;
  const p = r / nItems;
  for (let K = 1; K <= maxSampled; K++) {
    out.push({
      trials: K,
      probability: (1 - p) ** (K - 1) * p,
      // The trainer's own coefficient (weight 1, rank over the N − 1 other plans).
      weight: trialsCoefficient(1, nItems - 1, K)
    });
  }
  return out;
}

/** The numbers behind the figure (exported for tests and for a table in the docs). */
export function warpWeightingCurve(opts: WarpWeightingOptions = {}): WarpWeightingCurve {
  const N = opts.nItems ?? 20;
  const maxSampled = opts.maxSampled ?? 10;
  checkWarpArgs(N, maxSampled);
  const out: WarpWeightingCurve = {
    violators: [],
    expectedWeight: [],
    updateProbability: [],
    exactRankWeight: [],
    harmonicWeight: []
  };
  for (let r = 1; r <= N - 1; r++) {
    let e = 0,
      pu = 0;
    for (const t of warpTrialDistribution(r, N, maxSampled)) {
      pu += t.probability;
      e += t.probability * t.weight;
    }
    out.violators.push(r);
    out.expectedWeight.push(e);
    out.updateProbability.push(pu);
    out.exactRankWeight.push(Math.log(r));
    // The trainer's own exact-rank coefficient, min(10, H(r)), at weight 1 (u is not used).
    out.harmonicWeight.push(warpCoefficient('exact-rank', r, N, N - 1, maxSampled, 1, 0));
  }
  return out;
}

export function warpRankWeighting(opts: WarpWeightingOptions = {}): Figure {
  const c = warpWeightingCurve(opts);
  const N = opts.nItems ?? 20;
  const layout = baseLayout({
    title: `WARP rank weighting (N = ${N}, max_sampled = ${opts.maxSampled ?? 10})`,
    xTitle: 'violating negatives r (the positive’s true rank)',
    yTitle: 'weight of the update'
  });
  return {
    data: [
      {
        type: 'scatter',
        mode: 'lines',
        name: 'LightFM WARP: expected weight',
        x: c.violators,
        y: c.expectedWeight,
        line: { color: colourAt(0), width: 3 }
      },
      {
        type: 'scatter',
        mode: 'lines',
        name: 'exact-rank variant: min(10, H(r))',
        x: c.violators,
        y: c.harmonicWeight,
        line: { color: colourAt(1), dash: 'dash' }
      },
      {
        type: 'scatter',
        mode: 'lines',
        name: 'chance of any update',
        x: c.violators,
        y: c.updateProbability,
        yaxis: 'y2',
        line: { color: colourAt(2), dash: 'dot' }
      }
    ],
    layout: {
      ...layout,
      height: 400,
      margin: { ...(layout.margin as object), r: 64, b: 120 },
      yaxis: { ...(layout.yaxis as object), rangemode: 'tozero' },
      yaxis2: {
        title: { text: 'probability' },
        overlaying: 'y',
        side: 'right',
        range: [0, 1.05],
        tickmode: 'linear',
        tick0: 0,
        dtick: 0.25,
        showgrid: false,
        automargin: true
      },
      legend: { orientation: 'h', x: 0, y: -0.3, yanchor: 'top' }
    }
  };
}

// ---------------------------------------------------------------------------------------------
// BPR against WARP on a toy example: one user, a handful of plans with scores, one positive.

export interface ToyItem {
  name: string;
  /** The model's current score s(u, i). */
  score: number;
  /** Stored interactions of the item (BPR draws negatives in proportion to it). */
  popularity: number;
  /** A training positive of this user (never used as a negative). */
  positive: boolean;
}

/** One user, eight plans, two positives; "Data 30" is the positive being trained. */
export const DEFAULT_PAIRWISE_TOY: readonly ToyItem[] = [
  { name: 'Unlimited Max', score: 1.6, popularity: 30, positive: false },
  { name: 'Data 30', score: 1.2, popularity: 50, positive: true },
  { name: 'Senior Talk', score: 1.0, popularity: 5, positive: true },
  { name: 'Family 4', score: 0.9, popularity: 20, positive: false },
  { name: 'Data 10', score: 0.5, popularity: 120, positive: false },
  { name: 'Prepaid 5', score: 0.1, popularity: 200, positive: false },
  { name: 'Business 2', score: -0.4, popularity: 15, positive: false },
  { name: 'Roaming Plus', score: -0.8, popularity: 10, positive: false }
];

export interface PairwiseToyOptions {
  /** Default DEFAULT_PAIRWISE_TOY. */
  items?: readonly ToyItem[];
  /** Index of the positive this step trains. Default 1 ("Data 30"). */
  positive?: number;
  /** WARP's trial budget. Default 10. */
  maxSampled?: number;
}

export interface PairwiseToyRow {
  name: string;
  score: number;
  /** A positive of the user (the trained one included): no loss uses it as a negative. */
  isPositive: boolean;
  isTrained: boolean;
  /** s⁺ − s_j. */
  margin: number;
  /** WARP violator: not a positive and s_j > s⁺ − 1. */
  violates: boolean;
  /** Chance that BPR's one negative is this item: popularity share among non-positives. */
  bprProbability: number;
  /** BPR multiplier if drawn: 1 − σ(s⁺ − s_j). */
  bprMultiplier: number;
  /** bprProbability · bprMultiplier. */
  bprExpected: number;
  /** Chance WARP updates against this item: P(update) / r for a violator, else 0. */
  warpProbability: number;
  /** E[weight | an update happens]; the same for every violator (0 for the others). */
  warpMultiplierIfChosen: number;
  /** warpProbability · warpMultiplierIfChosen. */
  warpExpected: number;
}

export interface PairwiseToyResult {
  rows: PairwiseToyRow[];
  positive: number;
  positiveScore: number;
  nItems: number;
  maxSampled: number;
  /** Exact violator count r. */
  violators: number;
  /** 1 − (1 − r/N)^maxSampled. */
  warpUpdateProbability: number;
  /** WARP's trial distribution for this r (what K the first violator lands on). */
  warpTrials: WarpTrial[];
  /** Σ over negatives of the expected multipliers. */
  bprExpectedTotal: number;
  warpExpectedTotal: number;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Which (positive, negative) pairs one BPR step and one WARP step update, and by how much in
 * expectation, for one user with sample weight 1 (lightfm-spec.md §2). Both move the parameters
 * along ∇(s⁺ − s⁻) times the multiplier; this returns the multipliers.
 */
export function pairwiseToyExample(opts: PairwiseToyOptions = {}): PairwiseToyResult {
  const items = opts.items ?? DEFAULT_PAIRWISE_TOY;
  const pos = opts.positive ?? 1;
  const maxSampled = opts.maxSampled ?? 10;
  const N = items.length;
  checkWarpArgs(N, maxSampled);
  if (!(Number.isInteger(pos) && pos >= 0 && pos < N && items[pos].positive)) {
    throw new Error(`positive must index an item marked positive, got ${pos}`);
  }
  for (const it of items) {
    if (!Number.isFinite(it.score)) throw new Error(`score of "${it.name}" must be a finite number`);
    if (!(Number.isFinite(it.popularity) && it.popularity >= 0))
      throw new Error(`popularity of "${it.name}" must be ≥ 0`);
  }
  const sPos = items[pos].score;
  let popNeg = 0;
  let r = 0;
  for (const it of items) {
    if (it.positive) continue;
    popNeg += it.popularity;
    if (it.score > sPos - 1) r++;
  }
  if (!(popNeg > 0))
    throw new Error(
      'at least one non-positive item needs a popularity above 0 (BPR has no negative to draw)'
    );
  const warpTrials = warpTrialDistribution(r, N, maxSampled);
  let pUpdate = 0,
    eWeight = 0;
  for (const t of warpTrials) {
    pUpdate += t.probability;
    eWeight += t.probability * t.weight;
  }
  const weightIfUpdate = pUpdate > 0 ? eWeight / pUpdate : 0;
  let bprTotal = 0,
    warpTotal = 0;
  const rows = items.map((it, j): PairwiseToyRow => {
    const margin = sPos - it.score;
    const neg = !it.positive;
    const violates = neg && it.score > sPos - 1;
    const bprProbability = neg ? it.popularity / popNeg : 0;
    const bprMultiplier = neg ? 1 - sigmoid(margin) : 0;
    const warpProbability = violates ? pUpdate / r : 0;
    const warpMultiplierIfChosen = violates ? weightIfUpdate : 0;
    const row = {
      name: it.name,
      score: it.score,
      isPositive: it.positive,
      isTrained: j === pos,
      margin,
      violates,
      bprProbability,
      bprMultiplier,
      bprExpected: bprProbability * bprMultiplier,
      warpProbability,
      warpMultiplierIfChosen,
      warpExpected: warpProbability * warpMultiplierIfChosen
    };
    bprTotal += row.bprExpected;
    warpTotal += row.warpExpected;
    return row;
  });
  return {
    rows,
    positive: pos,
    positiveScore: sPos,
    nItems: N,
    maxSampled,
    violators: r,
    warpUpdateProbability: pUpdate,
    warpTrials,
    bprExpectedTotal: bprTotal,
    warpExpectedTotal: warpTotal
  };
}

/** Horizontal grouped bars, one pair per negative: BPR's and WARP's expected multiplier for that pair. */
export function pairwiseToyFigure(res: PairwiseToyResult): Figure {
  const negs = res.rows.filter((r) => !r.isPositive);
  const labels = negs.map((r) => `${escapeLabel(r.name)} (${r.score.toFixed(1)})${r.violates ? ' ✱' : ''}`);
  const base = baseLayout({
    title: `Expected multiplier per negative, one step for “${escapeLabel(res.rows[res.positive].name)}” (s⁺ = ${res.positiveScore.toFixed(1)})`,
    xTitle: 'expected multiplier of the pair’s update (✱ = WARP violator)',
    height: 120 + 44 * negs.length
  });
  return {
    data: [
      {
        type: 'bar',
        orientation: 'h',
        name: 'BPR',
        y: labels,
        x: negs.map((r) => r.bprExpected),
        marker: { color: colourAt(1) },
        hovertemplate: '%{y}<br>BPR: %{x:.3f}<extra></extra>'
      },
      {
        type: 'bar',
        orientation: 'h',
        name: 'WARP (LightFM)',
        y: labels,
        x: negs.map((r) => r.warpExpected),
        marker: { color: colourAt(0) },
        hovertemplate: '%{y}<br>WARP: %{x:.3f}<extra></extra>'
      }
    ],
    layout: {
      ...base,
      barmode: 'group',
      yaxis: { title: { text: 'negative plan (score)' }, automargin: true, autorange: 'reversed' },
      xaxis: { ...(base.xaxis as object), rangemode: 'tozero' },
      legend: { orientation: 'h', x: 1, xanchor: 'right', y: 1.0, yanchor: 'bottom' }
    }
  };
}
