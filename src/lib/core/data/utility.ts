import type { Bundle, Plan, PlanType, Segment, TelcoDataset } from './schema.ts';
import { BUNDLES, SEGMENTS } from './schema.ts';

/**
 * The hidden utility behind synthetic adoptions. Because it is known, a dataset can say what
 * a perfect ranker would score (ceilings.ts). Exported as data so the Docs page can show it.
 *
 *   r        = bill / budget                      (monthly bill at actual usage, incl. overage)
 *   utility  = −(priceWeight + sensitivityWeight·priceSensitivity)·r
 *              − overBudgetPenalty·max(0, r − 1)
 *              + segmentAffinity[segment][planType]
 *              + bundleWeight·Σ_b (taste_b − tasteBaseline)·hasBundle_b
 *   eligibility: plans with an age limit the customer misses get −∞.
 * Choices add Gumbel noise of scale `signupNoise` (then ×`noiseDecay` per later switch).
 */
export const UTILITY_MODEL = {
  overage: { perGb: 2.5, perMinute: 0.05, perSms: 0.05 },
  priceWeight: 0.6,
  sensitivityWeight: 2.4,
  overBudgetPenalty: 3,
  bundleWeight: 1.4,
  tasteBaseline: 0.3,
  segmentAffinity: {
    residential: { prepaid: 0.3, postpaid: 0, unlimited: 0, family: 0.3, business: -2 },
    business: { prepaid: -1, postpaid: -0.2, unlimited: -0.2, family: -0.8, business: 1.2 },
    premium: { prepaid: -1, postpaid: 0, unlimited: 0.8, family: 0, business: -1.5 }
  } satisfies Record<Segment, Record<PlanType, number>>,
  signupNoise: 0.6,
  noiseDecay: 0.75
} as const;

/**
 * Which hidden utility drew the choices. 'standard' is the model above (the default; its bytes
 * are guarded by generator-golden.test.ts). 'overage-family' adds two effects that are not
 * linear in the customer's features (the tower of Hybrid Deep exists for this kind):
 *   − peakPenalty   when the plan's pooled data allowance is below the account's peak month
 *                   (lines × the highest per-line month): the bill shock people remember, far
 *                   more than the average overage already in r;
 *   + familyFit     for a family plan on an account with ≥ familyMinLines lines, and
 *   − familyMisfit  for a family plan on a smaller account (it only pays off from 3 lines).
 */
export type ChoiceModel = 'standard' | 'overage-family';
export const CHOICE_MODELS: readonly { id: ChoiceModel; label: string }[] = [
  { id: 'standard', label: 'standard (linear price, bundles, segment)' },
  { id: 'overage-family', label: 'overage & family (non-linear effects)' }
];
export const NONLINEAR_EFFECTS = {
  peakPenalty: 2,
  familyMinLines: 3,
  familyFit: 1,
  familyMisfit: 1.5
} as const;

/** The added utility of 'overage-family' for one plan (0 for 'standard'); see ChoiceModel. */
function nonlinearTerm(plan: Plan, lines: number, peakData: number): number {
  const E = NONLINEAR_EFFECTS;
  let u = 0;
  if (plan.dataGb !== null && peakData > plan.dataGb * Math.ceil(lines / plan.lines)) u -= E.peakPenalty;
  if (plan.type === 'family') u += lines >= E.familyMinLines ? E.familyFit : -E.familyMisfit;
  return u;
}

/**
 * Average monthly bill of `plan` for an account with `lines` lines whose per-line usage in
 * month m is data[off+m], voice[off+m], sms[off+m]. An account needs ceil(lines / plan.lines)
 * copies of the plan; allowances are pooled over those copies (null = unlimited).
 */
export function monthlyBill(opts: {
  plan: Plan;
  lines: number;
  data: Float32Array;
  voice: Float32Array;
  sms: Float32Array;
  offset: number;
  months: number;
}): number {
  const { plan, lines, data, voice, sms, offset, months } = opts;
  return billAt(plan, lines, data, voice, sms, offset, months);
}

/** monthlyBill with positional arguments: called 20 times per customer on 1M customers. */
function billAt(
  plan: Plan,
  lines: number,
  data: Float32Array,
  voice: Float32Array,
  sms: Float32Array,
  offset: number,
  months: number
): number {
  const copies = Math.ceil(lines / plan.lines);
  const dataAllow = plan.dataGb === null ? Infinity : plan.dataGb * copies;
  const minAllow = plan.minutes === null ? Infinity : plan.minutes * plan.lines * copies;
  const smsAllow = plan.sms === null ? Infinity : plan.sms * plan.lines * copies;
  const { perGb, perMinute, perSms } = UTILITY_MODEL.overage;
  let overage = 0;
  for (let m = 0; m < months; m++) {
    const d = lines * data[offset + m] - dataAllow;
    const v = lines * voice[offset + m] - minAllow;
    const t = lines * sms[offset + m] - smsAllow;
    if (d > 0) overage += perGb * d;
    if (v > 0) overage += perMinute * v;
    if (t > 0) overage += perSms * t;
  }
  return copies * plan.price + overage / months;
}

/** Customer traits the utility needs (one customer). */
export interface UtilityInputs {
  segment: number;
  age: number;
  lines: number;
  priceSensitivity: number;
  budget: number;
  /** BUNDLES.length tastes in [0,1], in BUNDLES order. */
  taste: ArrayLike<number>;
}

/** Per-plan constants of the utility, compiled once per catalogue (the hot loop runs 20M times on 1M customers). */
interface CompiledPlans {
  /** affinity[segment * nPlans + j] */
  affinity: Float64Array;
  /** hasBundle[j * BUNDLES.length + b] */
  hasBundle: Uint8Array;
  minAge: Float64Array;
  maxAge: Float64Array;
}
const compiledCache = new WeakMap<readonly Plan[], CompiledPlans>();

function compilePlans(plans: readonly Plan[]): CompiledPlans {
  let c = compiledCache.get(plans);
  if (c) return c;
  const n = plans.length,
    nb = BUNDLES.length;
  c = {
    affinity: new Float64Array(SEGMENTS.length * n),
    hasBundle: new Uint8Array(n * nb),
    minAge: new Float64Array(n),
    maxAge: new Float64Array(n)
  };
  plans.forEach((p, j) => {
    SEGMENTS.forEach((seg, s) => (c!.affinity[s * n + j] = UTILITY_MODEL.segmentAffinity[seg][p.type]));
    BUNDLES.forEach((b, k) => (c!.hasBundle[j * nb + k] = p.bundles[b as Bundle] ? 1 : 0));
    c!.minAge[j] = p.minAge ?? -Infinity;
    c!.maxAge[j] = p.maxAge ?? Infinity;
  });
  compiledCache.set(plans, c);
  return c;
}

/** True utility of every plan for one customer, written into `out` (length plans.length). */
export function planUtilities(opts: {
  plans: readonly Plan[];
  customer: UtilityInputs;
  usage: { data: Float32Array; voice: Float32Array; sms: Float32Array; offset: number; months: number };
  out: Float64Array;
  /** Default 'standard'. */
  choiceModel?: ChoiceModel;
}): Float64Array {
  const { plans, customer, usage, out } = opts;
  const nonlinear = opts.choiceModel === 'overage-family';
  let peakData = 0;
  if (nonlinear)
    for (let m = 0; m < usage.months; m++)
      peakData = Math.max(peakData, customer.lines * usage.data[usage.offset + m]);
  const compiled = compilePlans(plans);
  const n = plans.length,
    nb = compiled.hasBundle.length / Math.max(1, n);
  const M = UTILITY_MODEL;
  const priceCoef = M.priceWeight + M.sensitivityWeight * customer.priceSensitivity;
  for (let j = 0; j < n; j++) {
    if (customer.age < compiled.minAge[j] || customer.age > compiled.maxAge[j]) {
      out[j] = -Infinity;
      continue;
    }
    const r =
      billAt(plans[j], customer.lines, usage.data, usage.voice, usage.sms, usage.offset, usage.months) /
      customer.budget;
    let u =
      -priceCoef * r - M.overBudgetPenalty * Math.max(0, r - 1) + compiled.affinity[customer.segment * n + j];
    for (let b = 0; b < nb; b++) {
      if (compiled.hasBundle[j * nb + b]) u += M.bundleWeight * (customer.taste[b] - M.tasteBaseline);
    }
    out[j] = nonlinear ? u + nonlinearTerm(plans[j], customer.lines, peakData) : u;
  }
  return out;
}

/**
 * True utilities for customer `c` of a dataset with hidden traits; null when the dataset has
 * none (imported data). `out` is reused to avoid allocating per customer on 1M rows.
 */
export function customerUtilities(ds: TelcoDataset, c: number, out: Float64Array): Float64Array | null {
  const h = ds.customers.hidden;
  if (!h) return null;
  const nb = BUNDLES.length;
  return planUtilities({
    plans: ds.plans,
    customer: {
      segment: ds.customers.segment[c],
      age: ds.customers.age[c],
      lines: ds.customers.lines[c],
      priceSensitivity: h.priceSensitivity[c],
      budget: h.budget[c],
      taste: h.bundleTaste.subarray(c * nb, c * nb + nb)
    },
    usage: {
      data: ds.usage.dataGb,
      voice: ds.usage.voiceMinutes,
      sms: ds.usage.sms,
      offset: c * ds.usage.months,
      months: ds.usage.months
    },
    out,
    choiceModel: ds.choiceModel
  });
}
