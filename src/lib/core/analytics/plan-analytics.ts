import type { Plan, TelcoDataset } from '../data/schema.ts';
import { BUNDLES, DEFAULT_START_DATE } from '../data/schema.ts';
import { computePlanThresholds, planBenefit } from '../features/plan-features.ts';

/**
 * Plan aggregates for the Analytics page: price against value with adoption counts, bundle
 * composition, and each plan's share of adoptions per period. The value score is the plan
 * feature's (plan-features.ts): benefit per line ÷ price per line, scaled by the catalogue best.
 */
export interface PlanPoint {
  id: string;
  name: string;
  type: string;
  price: number;
  value: number;
  adoptions: number;
  bundles: Record<string, boolean>;
}

export interface AdoptionShare {
  /** 'month', 'quarter' or 'year': chosen so there are at most maxPeriods periods. */
  granularity: 'month' | 'quarter' | 'year';
  periods: string[];
  /** Series names: the top plans by adoptions, then "other plans" when some were grouped. */
  plans: string[];
  /** counts[series][period]. */
  counts: number[][];
  /** Adoptions per period (all plans). */
  totals: number[];
}

export interface PlanAnalytics {
  plans: PlanPoint[];
  bundles: string[];
  adoptionShare: AdoptionShare;
}

export interface PlanAnalyticsOptions {
  dataset: TelcoDataset;
  /** Plans drawn as their own series in the share chart; the rest are summed. Default 7. */
  topPlans?: number;
  /** Most periods in the share chart. Default 40. */
  maxPeriods?: number;
  /** Leading periods with fewer adoptions than this are merged into the first kept one. Default 20. */
  minPerPeriod?: number;
}

/** Calendar month index (year·12 + month0) of `day` days after an ISO start date. */
function monthIndexer(startDate: string): (day: number) => number {
  const [y, m, d] = startDate.split('-').map(Number);
  const t0 = Date.UTC(y, (m || 1) - 1, d || 1);
  return (day: number) => {
    const t = new Date(t0 + day * 86_400_000);
    return t.getUTCFullYear() * 12 + t.getUTCMonth();
  };
}

function periodLabel(monthIdx: number, g: AdoptionShare['granularity']): string {
  const y = Math.floor(monthIdx / 12),
    m = monthIdx % 12;
  if (g === 'year') return String(y);
  if (g === 'quarter') return `${y}-Q${Math.floor(m / 3) + 1}`;
  return `${y}-${String(m + 1).padStart(2, '0')}`;
}

export function adoptionShares(opts: PlanAnalyticsOptions & { adoptionCounts?: number[] }): AdoptionShare {
  const ds = opts.dataset;
  const a = ds.adoptions;
  const nA = a.planIdx.length;
  const nP = ds.plans.length;
  const maxPeriods = opts.maxPeriods ?? 40;
  const toMonth = monthIndexer(ds.startDate ?? DEFAULT_START_DATE);
  if (nA === 0) return { granularity: 'month', periods: [], plans: [], counts: [], totals: [] };
  // Day → month is monotone: convert min and max days once, then each adoption.
  const months = new Int32Array(nA);
  let lo = Infinity,
    hi = -Infinity;
  for (let r = 0; r < nA; r++) {
    const mi = toMonth(a.day[r]);
    months[r] = mi;
    if (mi < lo) lo = mi;
    if (mi > hi) hi = mi;
  }
  const span = hi - lo + 1;
  const granularity: AdoptionShare['granularity'] =
    span <= maxPeriods ? 'month' : span / 3 <= maxPeriods ? 'quarter' : 'year';
  const width = granularity === 'month' ? 1 : granularity === 'quarter' ? 3 : 12;
  const bucketOf = (mi: number) => Math.floor(mi / width);
  const b0 = bucketOf(lo);
  const nB = bucketOf(hi) - b0 + 1;
  const byPlan = Array.from({ length: nP }, () => new Float64Array(nB));
  const totals = new Float64Array(nB);
  for (let r = 0; r < nA; r++) {
    const b = bucketOf(months[r]) - b0;
    byPlan[a.planIdx[r]][b]++;
    totals[b]++;
  }
  // Thin leading periods (the few earliest signups) make noisy 100% shares: fold them forward.
  const minPer = opts.minPerPeriod ?? 20;
  let first = 0,
    carried = 0;
  while (first < nB - 1 && carried + totals[first] < minPer) carried += totals[first++];
  if (first > 0) {
    for (const row of byPlan) {
      for (let b = 0; b < first; b++) row[first] += row[b];
    }
    totals[first] += carried;
  }
  const keep = (row: Float64Array) => Array.from(row.subarray(first));
  const periods = Array.from({ length: nB - first }, (_, k) =>
    periodLabel((b0 + first + k) * width, granularity)
  );
  if (first > 0) periods[0] = `≤ ${periods[0]}`;
  const adoptionsPerPlan = opts.adoptionCounts ?? byPlan.map((row) => row.reduce((s, v) => s + v, 0));
  const order = ds.plans.map((_, j) => j).sort((x, y) => adoptionsPerPlan[y] - adoptionsPerPlan[x] || x - y);
  const top = opts.topPlans ?? 7;
  const shown = order.slice(0, nP > top + 1 ? top : nP);
  const rest = order.slice(shown.length);
  const plans = shown.map((j) => ds.plans[j].name);
  const counts = shown.map((j) => keep(byPlan[j]));
  if (rest.length > 0) {
    const other = new Float64Array(nB);
    for (const j of rest) for (let b = 0; b < nB; b++) other[b] += byPlan[j][b];
    plans.push(`other plans (${rest.length})`);
    counts.push(keep(other));
  }
  return { granularity, periods, plans, counts, totals: keep(totals) };
}

export function planAnalytics(opts: PlanAnalyticsOptions): PlanAnalytics {
  const ds = opts.dataset;
  const counts = new Array<number>(ds.plans.length).fill(0);
  const planIdx = ds.adoptions.planIdx;
  for (let r = 0; r < planIdx.length; r++) counts[planIdx[r]]++;
  const th = computePlanThresholds(ds.plans);
  const value = (p: Plan) => planBenefit(p) / Math.max(1e-9, p.price / p.lines) / th.maxRawValue;
  return {
    plans: ds.plans.map((p, j) => ({
      id: p.id,
      name: p.name,
      type: p.type,
      price: p.price,
      value: value(p),
      adoptions: counts[j],
      bundles: { ...p.bundles }
    })),
    bundles: [...BUNDLES],
    adoptionShare: adoptionShares({ ...opts, adoptionCounts: counts })
  };
}
