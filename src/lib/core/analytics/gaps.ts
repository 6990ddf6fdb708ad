import type { PlanType, Segment, TelcoDataset } from '../data/schema.ts';
import { SEGMENTS } from '../data/schema.ts';
import { monthlyBill } from '../data/utility.ts';
import { quantile, median, mode } from './sample.ts';

/**
 * Gap identification: demand groups whose best-fitting plan is far over their budget, or who
 * have no plan at all.
 *
 *   group     = segment × data use per line (dataset terciles: light, moderate, heavy)
 *               × price sensitivity (sensitive or not) × account size (1 line, 2+ lines)
 *   fitting   = open to the customer: a plan type offered to the segment (FIT_TYPES) and the
 *               customer's age inside the plan's age limits
 *   best fit  = the fitting plan with the lowest monthly bill at the customer's own usage,
 *               overage included (utility.ts monthlyBill: pooled allowances, enough copies
 *               of the plan for the account's lines)
 *   budget    = the hidden monthly budget of synthetic data; imported data has none, so a
 *               PROXY is used and said: the list price of the customer's latest adopted plan
 *               for their lines (what they chose to pay); customers without an adoption get
 *               their segment's median. Price-sensitive = hidden sensitivity ≥ 0.5, or with
 *               the proxy, a budget per line below the segment median.
 *   gap       = at least `minShare` (default 25%) of the group is over `overBudgetFactor` × budget even on
 *               its best fit, or has no fitting plan; groups smaller than `minCustomers`
 *               are not reported.
 */
export const FIT_TYPES: Record<Segment, readonly PlanType[]> = {
  residential: ['prepaid', 'postpaid', 'unlimited', 'family'],
  business: ['business', 'postpaid', 'unlimited'],
  premium: ['postpaid', 'unlimited', 'family']
};

export const DATA_BANDS = ['light', 'moderate', 'heavy'] as const;

export type BudgetSource = 'hidden' | 'proxy';

export interface GapGroup {
  /** Stable key, e.g. "residential|heavy|sensitive|1". */
  key: string;
  /** Readable name, e.g. "heavy-data · price-sensitive · residential · 1 line". */
  label: string;
  segment: Segment;
  dataBand: (typeof DATA_BANDS)[number];
  priceSensitive: boolean;
  multiLine: boolean;
  customers: number;
  /** Customers over budget on their best fit. */
  overBudget: number;
  /** Customers with no fitting plan. */
  noPlan: number;
  /** (overBudget + noPlan) / customers. */
  gapShare: number;
  /** Medians over the group: per-line monthly means, account lines, budget. */
  typical: { dataGb: number; voiceMinutes: number; sms: number; lines: number; budget: number };
  /**
   * The most frequent best fit in the group, over the members it is best for: their median
   * bill, their median budget, and ratio = bill ÷ budget of those two medians (so the three
   * numbers shown side by side agree). null when none fits.
   */
  bestFit: {
    planId: string;
    planName: string;
    customers: number;
    bill: number;
    budget: number;
    ratio: number;
    overageShare: number;
  } | null;
  /**
   * The median over-budget member (by bill ÷ budget): one real customer's cheapest fitting
   * plan, bill, budget and ratio (> overBudgetFactor), the example the reason cites. null when
   * nobody in the group is over budget.
   */
  overBudgetExample: {
    planId: string;
    planName: string;
    bill: number;
    budget: number;
    ratio: number;
    overageShare: number;
  } | null;
  /** Median bill ÷ budget over members with a fitting plan (NaN when none). */
  medianRatio: number;
  gap: boolean;
  /** Plain-text reason (render as text). Empty when not a gap. */
  reason: string;
}

export interface GapAnalysis {
  budgetSource: BudgetSource;
  /** How the budget was obtained, in words (shown on the page). */
  budgetNote: string;
  overBudgetFactor: number;
  minShare: number;
  minCustomers: number;
  /** Data-per-line tercile cuts (GB/month) behind light / moderate / heavy. */
  dataCuts: [number, number];
  customers: number;
  /** Every non-empty group, in key order. */
  groups: GapGroup[];
  /** Gap groups, most affected customers first. */
  gaps: GapGroup[];
  /** The (up to 5) reportable groups nearest to a gap, highest share first: shown when there is no gap. */
  watch: GapGroup[];
}

export interface GapOptions {
  dataset: TelcoDataset;
  /** Per-customer monthly data means (GB per line); computed from usage when absent. */
  dataMean?: Float32Array;
  /** Light / moderate / heavy cuts of monthly GB per line. Default: the dataset's terciles. */
  dataCuts?: [number, number];
  /** Bill above this multiple of the budget counts as far over budget. Default 1.25. */
  overBudgetFactor?: number;
  /** Share of a group that must be over budget or without a plan. Default 0.25. */
  minShare?: number;
  /** Smallest reported group. Default max(5, 0.2% of customers). */
  minCustomers?: number;
  /** Force the proxy budget even when hidden traits exist (tests, comparisons). */
  forceProxy?: boolean;
}

const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '–');
const pct = (v: number) => `${Math.round(100 * v)}%`;

function meansOf(ds: TelcoDataset): Float32Array {
  const months = ds.usage.months;
  const n = ds.customers.ids.length;
  const out = new Float32Array(n);
  for (let c = 0; c < n; c++) {
    let s = 0;
    for (let m = 0; m < months; m++) s += ds.usage.dataGb[c * months + m];
    out[c] = months > 0 ? s / months : 0;
  }
  return out;
}

/** Budget per customer and price sensitivity, from hidden traits or the stated proxy. */
function budgets(
  ds: TelcoDataset,
  forceProxy: boolean
): { budget: Float64Array; sensitive: Uint8Array; source: BudgetSource } {
  const n = ds.customers.ids.length;
  const budget = new Float64Array(n);
  const sensitive = new Uint8Array(n);
  const h = ds.customers.hidden;
  if (h && !forceProxy) {
    for (let c = 0; c < n; c++) {
      budget[c] = h.budget[c];
      sensitive[c] = h.priceSensitivity[c] >= 0.5 ? 1 : 0;
    }
    return { budget, sensitive, source: 'hidden' };
  }
  // Latest adoption per customer (by day; a later row wins a tie).
  const latest = new Int32Array(n).fill(-1);
  const latestDay = new Float64Array(n).fill(-Infinity);
  const a = ds.adoptions;
  for (let r = 0; r < a.planIdx.length; r++) {
    const c = a.customerIdx[r];
    if (a.day[r] >= latestDay[c]) {
      latestDay[c] = a.day[r];
      latest[c] = a.planIdx[r];
    }
  }
  const perLine: number[][] = SEGMENTS.map(() => []);
  const totals: number[][] = SEGMENTS.map(() => []);
  budget.fill(NaN);
  for (let c = 0; c < n; c++) {
    const j = latest[c];
    if (j < 0) continue;
    const p = ds.plans[j];
    const lines = Math.max(1, ds.customers.lines[c]);
    budget[c] = Math.ceil(lines / p.lines) * p.price;
    perLine[ds.customers.segment[c]].push(budget[c] / lines);
    totals[ds.customers.segment[c]].push(budget[c]);
  }
  const medPerLine = perLine.map((v) => median(v));
  const medTotal = totals.map((v) => median(v));
  for (let c = 0; c < n; c++) {
    const s = ds.customers.segment[c];
    const lines = Math.max(1, ds.customers.lines[c]);
    if (!(budget[c] > 0)) budget[c] = Number.isFinite(medTotal[s]) ? medTotal[s] : NaN;
    sensitive[c] = budget[c] / lines < medPerLine[s] ? 1 : 0;
  }
  return { budget, sensitive, source: 'proxy' };
}

interface Acc {
  members: number[];
  data: number[];
  voice: number[];
  sms: number[];
  lines: number[];
  budget: number[];
  ratio: number[];
  /** Budget per entry of best[] (NaN without one). */
  bestBudget: number[];
  best: number[];
  bill: number[];
  overage: number[];
  overBudget: number;
  noPlan: number;
}

/** The over-budget member at the median ratio (the lower middle one for an even count). */
function medianOverBudget(
  g: Acc,
  factor: number,
  plans: TelcoDataset['plans']
): GapGroup['overBudgetExample'] {
  const over: number[] = [];
  for (let k = 0; k < g.ratio.length; k++) if (g.ratio[k] > factor) over.push(k);
  if (over.length === 0) return null;
  over.sort((a, b) => g.ratio[a] - g.ratio[b] || a - b);
  const k = over[(over.length - 1) >> 1];
  const plan = plans[g.best[k]];
  return {
    planId: plan.id,
    planName: plan.name,
    bill: g.bill[k],
    budget: g.bestBudget[k],
    ratio: g.ratio[k],
    overageShare: g.overage[k]
  };
}

export function findGaps(opts: GapOptions): GapAnalysis {
  const ds = opts.dataset;
  const n = ds.customers.ids.length;
  const months = ds.usage.months;
  const factor = opts.overBudgetFactor ?? 1.25;
  const minShare = opts.minShare ?? 0.25;
  const minCustomers = opts.minCustomers ?? Math.max(5, Math.ceil(0.002 * n));
  const dataMean = opts.dataMean ?? meansOf(ds);
  const cuts = opts.dataCuts ?? ([quantile(dataMean, 1 / 3), quantile(dataMean, 2 / 3)] as [number, number]);
  const { budget, sensitive, source } = budgets(ds, opts.forceProxy ?? false);
  const plans = ds.plans;
  const fitting = SEGMENTS.map((seg) =>
    plans.map((p, j) => (FIT_TYPES[seg].includes(p.type) ? j : -1)).filter((j) => j >= 0)
  );
  const groups = new Map<number, Acc>();
  const { dataGb, voiceMinutes, sms } = ds.usage;
  for (let c = 0; c < n; c++) {
    const s = ds.customers.segment[c];
    const age = ds.customers.age[c];
    const lines = Math.max(1, ds.customers.lines[c]);
    const band = dataMean[c] > cuts[1] ? 2 : dataMean[c] > cuts[0] ? 1 : 0;
    const key = ((s * 3 + band) * 2 + sensitive[c]) * 2 + (lines > 1 ? 1 : 0);
    let g = groups.get(key);
    if (!g) {
      g = {
        members: [],
        data: [],
        voice: [],
        sms: [],
        lines: [],
        budget: [],
        ratio: [],
        bestBudget: [],
        best: [],
        bill: [],
        overage: [],
        overBudget: 0,
        noPlan: 0
      };
      groups.set(key, g);
    }
    g.members.push(c);
    g.data.push(dataMean[c]);
    let v = 0,
      t = 0;
    for (let m = 0; m < months; m++) {
      v += voiceMinutes[c * months + m];
      t += sms[c * months + m];
    }
    g.voice.push(months ? v / months : 0);
    g.sms.push(months ? t / months : 0);
    g.lines.push(lines);
    if (Number.isFinite(budget[c])) g.budget.push(budget[c]);
    // Peak monthly use: a plan whose pooled allowances cover it bills its list price exactly
    // (monthlyBill would add 0 overage), so the month loop runs only for plans that may overflow.
    let maxD = 0,
      maxV = 0,
      maxS = 0;
    for (let m = 0; m < months; m++) {
      const o = c * months + m;
      if (dataGb[o] > maxD) maxD = dataGb[o];
      if (voiceMinutes[o] > maxV) maxV = voiceMinutes[o];
      if (sms[o] > maxS) maxS = sms[o];
    }
    let best = -1,
      bestBill = Infinity;
    for (const j of fitting[s]) {
      const p = plans[j];
      if ((p.minAge !== undefined && age < p.minAge) || (p.maxAge !== undefined && age > p.maxAge)) continue;
      const copies = Math.ceil(lines / p.lines);
      const covered =
        (p.dataGb === null || lines * maxD <= p.dataGb * copies) &&
        (p.minutes === null || lines * maxV <= p.minutes * p.lines * copies) &&
        (p.sms === null || lines * maxS <= p.sms * p.lines * copies);
      const bill = covered
        ? copies * p.price
        : monthlyBill({ plan: p, lines, data: dataGb, voice: voiceMinutes, sms, offset: c * months, months });
      if (bill < bestBill) {
        bestBill = bill;
        best = j;
      }
    }
    if (best < 0) {
      g.noPlan++;
      continue;
    }
    const listPrice = Math.ceil(lines / plans[best].lines) * plans[best].price;
    g.best.push(best);
    g.bill.push(bestBill);
    g.overage.push(bestBill > 0 ? (bestBill - listPrice) / bestBill : 0);
    // ratio[] stays aligned with best[]: NaN where the customer has no budget.
    const r = budget[c] > 0 ? bestBill / budget[c] : NaN;
    g.ratio.push(r);
    g.bestBudget.push(budget[c] > 0 ? budget[c] : NaN);
    if (r > factor) g.overBudget++;
  }
  const out: GapGroup[] = [];
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const g = groups.get(key)!;
    const multi = key % 2;
    const sens = (key >> 1) % 2;
    const band = Math.floor(key / 4) % 3;
    const s = Math.floor(key / 12);
    const segment = SEGMENTS[s];
    const customers = g.members.length;
    const bestIdx = mode(g.best);
    let bestFit: GapGroup['bestFit'] = null;
    if (bestIdx >= 0) {
      const bills: number[] = [],
        budgetsOf: number[] = [],
        overs: number[] = [];
      for (let k = 0; k < g.best.length; k++) {
        if (g.best[k] !== bestIdx) continue;
        bills.push(g.bill[k]);
        overs.push(g.overage[k]);
        if (Number.isFinite(g.bestBudget[k])) budgetsOf.push(g.bestBudget[k]);
      }
      const bill = median(bills);
      const planBudget = median(budgetsOf);
      bestFit = {
        planId: plans[bestIdx].id,
        planName: plans[bestIdx].name,
        customers: bills.length,
        bill,
        budget: planBudget,
        ratio: planBudget > 0 ? bill / planBudget : NaN,
        overageShare: median(overs)
      };
    }
    const overBudgetExample = medianOverBudget(g, factor, plans);
    const gapShare = customers ? (g.overBudget + g.noPlan) / customers : 0;
    const typical = {
      dataGb: median(g.data),
      voiceMinutes: median(g.voice),
      sms: median(g.sms),
      lines: median(g.lines),
      budget: median(g.budget)
    };
    const label = `${DATA_BANDS[band]}-data · ${sens ? 'price-sensitive' : 'not price-sensitive'} · ${segment} · ${multi ? '2+ lines' : '1 line'}`;
    const gap = customers >= minCustomers && gapShare >= minShare;
    let reason = '';
    if (gap) {
      const parts: string[] = [];
      if (g.noPlan > 0) {
        parts.push(
          `${pct(g.noPlan / customers)} have no plan open to them (no ${FIT_TYPES[segment].join('/')} plan within their age limits).`
        );
      }
      if (overBudgetExample) {
        const ex = overBudgetExample;
        parts.push(
          `${pct(g.overBudget / customers)} would pay more than ${factor}× their budget even on their cheapest fitting plan; the median such customer: ${ex.planName} at ${fmt(ex.bill)} a month against a budget of ${fmt(ex.budget)} (${fmt(ex.ratio)}×).`
        );
        if (ex.overageShare >= 0.25)
          parts.push(
            `About ${pct(ex.overageShare)} of that bill is overage: no plan's allowance covers their use at this price.`
          );
      }
      reason = parts.join(' ');
    } else if (customers >= minCustomers) {
      reason = `Not a gap: ${pct(gapShare)} of the group is priced out (over ${factor}× budget or without a plan), below the ${pct(minShare)} that makes a gap.`;
    }
    out.push({
      key: `${segment}|${DATA_BANDS[band]}|${sens ? 'sensitive' : 'insensitive'}|${multi ? '2+' : '1'}`,
      label,
      segment,
      dataBand: DATA_BANDS[band],
      priceSensitive: sens === 1,
      multiLine: multi === 1,
      customers,
      overBudget: g.overBudget,
      noPlan: g.noPlan,
      gapShare,
      typical,
      bestFit,
      overBudgetExample,
      medianRatio: median(g.ratio.filter(Number.isFinite)),
      gap,
      reason
    });
  }
  const gaps = out
    .filter((g) => g.gap)
    .sort((a, b) => b.overBudget + b.noPlan - (a.overBudget + a.noPlan) || a.key.localeCompare(b.key));
  const watch = out
    .filter((g) => !g.gap && g.customers >= minCustomers && g.gapShare > 0)
    .sort((a, b) => b.gapShare - a.gapShare || a.key.localeCompare(b.key))
    .slice(0, 5);
  const budgetNote =
    source === 'hidden'
      ? 'Budgets and price sensitivity are the synthetic customers\u2019 own (hidden traits of the generator).'
      : 'This dataset has no budgets (imported data), so a proxy is used: the list price of each customer\u2019s latest adopted plan for their lines (segment median without an adoption). Price-sensitive = that budget per line below the segment median.';
  return {
    budgetSource: source,
    budgetNote,
    overBudgetFactor: factor,
    minShare,
    minCustomers,
    dataCuts: cuts,
    customers: n,
    groups: out,
    gaps,
    watch
  };
}
