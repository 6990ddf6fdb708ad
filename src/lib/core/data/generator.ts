import { CoreError } from '../types.ts';
import { standardCeilings } from './ceilings.ts';
import { defaultPlanCatalogue } from './plan-catalogue.ts';
import { createRng, type Rng } from './rng.ts';
import type { Adoptions, Customers, Plan, TelcoDataset, Usage } from './schema.ts';
import { BUNDLES, DEFAULT_START_DATE, USAGE_MONTHS } from './schema.ts';
import { chooseByUtility, choiceNoise, gumbel } from './choice.ts';
import { planUtilities, type ChoiceModel } from './utility.ts';

/**
 * Seeded synthetic telco data: customers with hidden traits, 12 months of usage, the plan
 * catalogue and dated adoptions drawn from the hidden utility (utility.ts). Everything is a
 * typed-array column; one pass over customers keeps 1,000,000 of them within one browser tab
 * (≈ 200 MB, of which usage is 144 MB).
 */

export const PRESETS = [
  { id: '5k', customers: 5_000, label: '5,000 customers (default)' },
  { id: '50k', customers: 50_000, label: '50,000 customers' },
  { id: '1M', customers: 1_000_000, label: '1,000,000 customers' }
] as const;
export type PresetId = (typeof PRESETS)[number]['id'];
export const DEFAULT_CUSTOMERS = 5_000;
export const DEFAULT_SEED = 42;

/** The stated targets; the generator test checks them on the 50k preset. */
export const GENERATOR_TARGETS = {
  /** residential, business, premium (SEGMENTS order). */
  segmentShares: [0.75, 0.15, 0.1],
  /** Median monthly data per line in GB, by segment. */
  dataMedianGb: [9, 12, 25],
  /** log-sd of customers' typical data use: P99 ≈ 7× the median (the heavy right tail). */
  dataSpread: 0.85,
  /** Median monthly voice minutes per line, by segment. */
  voiceMedian: [250, 450, 250],
  /** Median monthly SMS over everybody, non-texters included. */
  smsMedian: 30,
  /** Share of customers who send no SMS at all (the zero inflation). */
  smsZeroShare: 0.15,
  /** Mean growth of data use per year (+18%). */
  dataTrendPerYear: 0.18,
  /** Seasonal swing of data use: ×(1 + a·cos(2π(m − 5.5)/12)), peak mid-year. */
  seasonalAmplitude: 0.05,
  /** Mean adoptions (signup + switches) per customer with a long tenure. */
  switchesPerCustomer: 1.6
} as const;

export interface GenerateProgress {
  phase: 'customers' | 'ceilings' | 'done';
  done: number;
  total: number;
  /** Overall progress in [0, 1]. */
  fraction: number;
}

export interface GenerateOptions {
  /** Number of customers. Default 5,000. */
  customers?: number;
  /** Seed of every random draw. Default 42. */
  seed?: number;
  /** Dataset name. Default "synthetic-<customers>-s<seed>". */
  name?: string;
  /** Plan catalogue. Default defaultPlanCatalogue(). */
  plans?: Plan[];
  /** Hidden utility that draws the choices (utility.ts ChoiceModel). Default 'standard'. */
  choiceModel?: ChoiceModel;
  /** Compute ceilings of the standard splits (ceilings.ts). Default true. */
  ceilings?: boolean;
  /** Called about 100 times during generation (for a worker to post progress). */
  onProgress?: (p: GenerateProgress) => void;
}

/** Sorted by name: region codes index the sorted names, as after a CSV import. */
const REGIONS = ['central', 'east', 'north', 'south', 'west'];
const REGION_SHARES = [0.25, 0.2, 0.2, 0.2, 0.15];
const DAYS_PER_MONTH = 30.44;
/** Per segment: age mean/sd/min/max, mean tenure (months), budget median (1 line), price-sensitivity logit. */
const SEGMENT_TRAITS = [
  { age: [44, 15, 18, 90], tenure: 36, budget: 30, sensitivity: 0.3 },
  { age: [46, 10, 21, 75], tenure: 48, budget: 42, sensitivity: -0.2 },
  { age: [40, 12, 18, 85], tenure: 30, budget: 70, sensitivity: -1.0 }
];
/** Lines on the account: cumulative shares of 1, 2, 3, 4, 5 lines (residential, premium); business below. */
const LINE_SHARES = [[0.55, 0.2, 0.12, 0.1, 0.03], null, [0.6, 0.25, 0.1, 0.05, 0]];
/** Mean logit of each bundle taste (BUNDLES order: video, music, roaming, protection), by segment. */
const TASTE_LOGIT = [
  [-0.5, -0.5, -1.2, -0.8],
  [-0.8, -1.0, 0.3, 0.5],
  [0.8, 0.2, 0.5, 0.3]
];

const logistic = (x: number) => 1 / (1 + Math.exp(-x));
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

function pick(rng: Rng, shares: readonly number[]): number {
  let u = rng.next();
  for (let i = 0; i < shares.length - 1; i++) {
    if (u < shares[i]) return i;
    u -= shares[i];
  }
  return shares.length - 1;
}

function poisson(rng: Rng, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0,
    p = rng.next();
  while (p > limit) {
    k++;
    p *= rng.next();
  }
  return k;
}

/** Standard normal quantile (Acklam's rational approximation), to calibrate the SMS median. */
function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const q = p < 0.5 ? p : 1 - p;
  let x: number;
  if (q < 0.02425) {
    const r = Math.sqrt(-2 * Math.log(q));
    x =
      (((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5]) /
      ((((d[0] * r + d[1]) * r + d[2]) * r + d[3]) * r + 1);
  } else {
    const r = q - 0.5,
      s = r * r;
    x =
      ((((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r) /
      (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
    return p < 0.5 ? x : -x;
  }
  return p < 0.5 ? -x : x;
}

/** Growable Int32 column (adoptions are drawn one customer at a time, count unknown up front). */
class IntColumn {
  data: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(Math.ceil(this.data.length * 1.5));
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/** Id of customer i, zero-padded so ids sort like indices: c00000 … c04999, c000000 … c999999. */
export function customerId(i: number, n: number): string {
  return 'c' + String(i).padStart(Math.max(5, String(Math.max(0, n - 1)).length), '0');
}

/**
 * The generation as a sequence of steps: yields progress between chunks of customers and
 * returns the dataset. generateDataset and generateDatasetAsync drive it.
 */
export function* generationSteps(
  opts: GenerateOptions = {}
): Generator<GenerateProgress, TelcoDataset, void> {
  const n = opts.customers ?? DEFAULT_CUSTOMERS;
  const seed = opts.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(n) || n < 1 || n > 5_000_000)
    throw new CoreError('bad_input', `customers must be an integer from 1 to 5,000,000, got ${n}`);
  if (!Number.isInteger(seed)) throw new CoreError('bad_input', `seed must be an integer, got ${seed}`);
  const plans = opts.plans ?? defaultPlanCatalogue();
  const nPlans = plans.length;
  const T = GENERATOR_TARGETS;
  const months = USAGE_MONTHS;
  const nb = BUNDLES.length;
  const youthBundles = BUNDLES.map((b) => (b === 'music' || b === 'video' ? 1 : 0));
  const root = createRng(seed);
  const traitRng = root.fork('traits');
  const usageRng = root.fork('usage');
  const choiceRng = root.fork('choices');

  const customers: Customers = {
    ids: new Array<string>(n),
    segment: new Uint8Array(n),
    age: new Uint8Array(n),
    tenureMonths: new Uint16Array(n),
    lines: new Uint8Array(n),
    region: new Uint8Array(n),
    regionNames: [...REGIONS],
    hidden: {
      priceSensitivity: new Float32Array(n),
      budget: new Float32Array(n),
      bundleTaste: new Float32Array(n * nb)
    }
  };
  const hidden = customers.hidden!;
  const usage: Usage = {
    months,
    dataGb: new Float32Array(n * months),
    voiceMinutes: new Float32Array(n * months),
    sms: new Float32Array(n * months)
  };
  const aCustomer = new IntColumn(n * 3),
    aPlan = new IntColumn(n * 3),
    aDay = new IntColumn(n * 3),
    aKind = new IntColumn(n * 3);

  // SMS: log-normal for texters, calibrated so the median over everybody (zeros included) is the target.
  const smsBetween = 0.9,
    smsWithin = 0.3;
  const smsMu =
    Math.log(T.smsMedian) -
    normalQuantile((0.5 - T.smsZeroShare) / (1 - T.smsZeroShare)) * Math.hypot(smsBetween, smsWithin);
  const endDay = Math.round(months * DAYS_PER_MONTH);
  const utilities = new Float64Array(nPlans);
  const held = new Uint8Array(nPlans);
  const candidates = new Int32Array(nPlans);
  const drawGumbel = () => gumbel(choiceRng.next());
  const switchDays: number[] = [];
  const chunk = Math.max(1000, Math.ceil(n / 100));

  for (let c = 0; c < n; c++) {
    customers.ids[c] = customerId(c, n);
    // --- profile
    const s = pick(traitRng, T.segmentShares);
    const tr = SEGMENT_TRAITS[s];
    customers.segment[c] = s;
    customers.age[c] = Math.round(clamp(tr.age[0] + tr.age[1] * traitRng.normal(), tr.age[2], tr.age[3]));
    customers.tenureMonths[c] = Math.round(clamp(1 - tr.tenure * Math.log(1 - traitRng.next()), 1, 180));
    const lineShares = LINE_SHARES[s];
    let lines: number;
    if (lineShares) lines = 1 + pick(traitRng, lineShares);
    else {
      const b = traitRng.next();
      lines = b < 0.35 ? 1 : b < 0.5 ? 2 : b < 0.75 ? 3 + traitRng.int(3) : 6 + traitRng.int(7);
    }
    customers.lines[c] = lines;
    customers.region[c] = pick(traitRng, REGION_SHARES);

    // --- usage: customer's typical level × trend × season × month-to-month noise
    const off = c * months;
    const dataBase = T.dataMedianGb[s] * Math.exp(T.dataSpread * usageRng.normal());
    const growth = Math.log(1 + T.dataTrendPerYear) + 0.12 * usageRng.normal();
    const volatility = 0.06 + 0.34 * usageRng.next() ** 2;
    const voiceBase = T.voiceMedian[s] * Math.exp(0.55 * usageRng.normal());
    const texter = !usageRng.chance(T.smsZeroShare);
    const smsBase = Math.exp(smsMu + smsBetween * usageRng.normal());
    for (let m = 0; m < months; m++) {
      const season = 1 + T.seasonalAmplitude * Math.cos((2 * Math.PI * (m - 5.5)) / 12);
      const trend = Math.exp((growth * (m - 5.5)) / 12);
      usage.dataGb[off + m] =
        Math.round(dataBase * trend * season * Math.exp(volatility * usageRng.normal()) * 100) / 100;
      usage.voiceMinutes[off + m] = Math.round(voiceBase * Math.exp(0.15 * usageRng.normal()));
      usage.sms[off + m] = texter ? Math.round(smsBase * Math.exp(smsWithin * usageRng.normal())) : 0;
    }

    // --- hidden traits: heavier users and bigger accounts have bigger budgets (learnable from usage features)
    const young = customers.age[c] <= 27 ? 1 : 0;
    const sensitivity = logistic(tr.sensitivity + 0.5 * young + 0.8 * traitRng.normal());
    hidden.priceSensitivity[c] = Math.round(sensitivity * 1000) / 1000;
    const budget =
      tr.budget * lines ** 0.85 * (dataBase / T.dataMedianGb[s]) ** 0.2 * Math.exp(0.35 * traitRng.normal());
    hidden.budget[c] = Math.round(budget * 10) / 10;
    for (let b = 0; b < nb; b++) {
      const youthBoost = young * youthBundles[b];
      hidden.bundleTaste[c * nb + b] =
        Math.round(logistic(TASTE_LOGIT[s][b] + youthBoost + 1.2 * traitRng.normal()) * 1000) / 1000;
    }

    // --- adoptions: signup, then switches to plans not held before, each the argmax of utility + Gumbel noise
    planUtilities({
      plans,
      customer: {
        segment: s,
        age: customers.age[c],
        lines,
        priceSensitivity: hidden.priceSensitivity[c],
        budget: hidden.budget[c],
        taste: hidden.bundleTaste.subarray(c * nb, c * nb + nb)
      },
      usage: { data: usage.dataGb, voice: usage.voiceMinutes, sms: usage.sms, offset: off, months },
      out: utilities,
      choiceModel: opts.choiceModel
    });
    let eligible = 0;
    for (let j = 0; j < nPlans; j++) if (utilities[j] > -Infinity) eligible++;
    const tenureDays = Math.round(customers.tenureMonths[c] * DAYS_PER_MONTH);
    const signupDay = endDay - tenureDays;
    const nSwitches = Math.min(
      poisson(choiceRng, T.switchesPerCustomer * Math.min(1, customers.tenureMonths[c] / 24)),
      5,
      eligible - 1,
      tenureDays
    );
    switchDays.length = 0;
    for (let k = 0; k < nSwitches; k++) switchDays.push(signupDay + 1 + choiceRng.int(tenureDays));
    switchDays.sort((a, b) => a - b);
    held.fill(0);
    for (let k = 0; k <= nSwitches; k++) {
      let count = 0;
      for (let j = 0; j < nPlans; j++) if (!held[j]) candidates[count++] = j;
      const best = chooseByUtility({ utilities, candidates, count, noise: choiceNoise(k), draw: drawGumbel });
      if (best < 0) break;
      held[best] = 1;
      aCustomer.push(c);
      aPlan.push(best);
      aDay.push(k === 0 ? signupDay : switchDays[k - 1]);
      aKind.push(k === 0 ? 0 : 1);
    }
    if ((c + 1) % chunk === 0 || c + 1 === n)
      yield { phase: 'customers', done: c + 1, total: n, fraction: (0.85 * (c + 1)) / n };
  }

  dropUnusedRegions(customers);
  const adoptions: Adoptions = {
    customerIdx: aCustomer.toArray(),
    planIdx: aPlan.toArray(),
    day: aDay.toArray(),
    kind: Uint8Array.from(aKind.toArray())
  };
  const dataset: TelcoDataset = {
    name:
      opts.name ?? `synthetic-${n}-s${seed}${opts.choiceModel === 'overage-family' ? '-overage-family' : ''}`,
    seed,
    ...(opts.choiceModel && opts.choiceModel !== 'standard' ? { choiceModel: opts.choiceModel } : {}),
    startDate: DEFAULT_START_DATE,
    customers,
    usage,
    plans,
    adoptions
  };
  if (opts.ceilings ?? true) {
    yield { phase: 'ceilings', done: 0, total: 1, fraction: 0.85 };
    dataset.ceilings = standardCeilings(dataset);
  }
  yield { phase: 'done', done: n, total: n, fraction: 1 };
  return dataset;
}

/** Keeps only regions that occur (a tiny dataset may miss one), so regionNames match a CSV round trip. */
function dropUnusedRegions(cu: Customers): void {
  const used = new Uint8Array(cu.regionNames.length);
  for (let c = 0; c < cu.region.length; c++) used[cu.region[c]] = 1;
  if (used.every(Boolean)) return;
  const remap = new Uint8Array(used.length);
  const names: string[] = [];
  used.forEach((u, k) => {
    if (u) {
      remap[k] = names.length;
      names.push(cu.regionNames[k]);
    }
  });
  for (let c = 0; c < cu.region.length; c++) cu.region[c] = remap[cu.region[c]];
  cu.regionNames = names;
}

/** Generates a dataset synchronously (Node, tests, or a worker that needs no cancellation). */
export function generateDataset(opts: GenerateOptions = {}): TelcoDataset {
  const steps = generationSteps(opts);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    opts.onProgress?.(r.value);
  }
}

/**
 * Generates a dataset, handing control back between chunks so a worker can see a cancel
 * message. `yieldControl` should wait a macrotask, e.g. () => new Promise(r => setTimeout(r, 0)).
 * Throws CoreError('aborted') when `signal.aborted` becomes true.
 */
export async function generateDatasetAsync(
  opts: GenerateOptions & { yieldControl?: () => Promise<void>; signal?: { readonly aborted: boolean } } = {}
): Promise<TelcoDataset> {
  const steps = generationSteps(opts);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    opts.onProgress?.(r.value);
    if (opts.yieldControl) await opts.yieldControl();
    if (opts.signal?.aborted) throw new CoreError('aborted', 'generation was cancelled');
  }
}
