import type { Bundle, Plan, PlanType, Segment, TelcoDataset } from '../data/schema.ts';
import { BUNDLES, SEGMENTS } from '../data/schema.ts';
import { CoreError } from '../types.ts';

/**
 * Content rules for customers the model has not seen: a profile is matched to each plan by
 * simple, explainable rules, each giving a fit in [0, 1], mixed with fixed weights:
 *   data     expected data use per line → data tier of the plan's allowance per line (under-
 *            provision hurts twice as much as over), times a shortfall factor within a tier
 *   usage    call minutes and SMS per line against the plan's allowances (unlimited fits)
 *   planType segment → plan type affinity table
 *   lines    lines needed against lines included
 *   price    price sensitivity × position of the plan's cost among the catalogue's costs;
 *            budget → over-budget penalty. Cost = price × plans needed to cover all lines.
 *   bundles  bundle interests against the plan's bundles (unwanted bundles cost a little)
 * The weights follow what the profile states (profileWeights): each wanted bundle and a
 * multi-line account add weight to their rule, so a 3-line customer who asks for roaming is
 * not handed a cheap one-line music plan. A plan's reasons are statements that are true of it
 * (covers the data, within the budget, …), never a high fit alone.
 * Per-line amounts match features/profile.ts (CustomerProfile), so one form fills both.
 */

export interface ColdStartProfile {
  segment: Segment;
  /** Expected monthly data use per line, GB. */
  dataGb: number;
  /** Expected monthly call minutes per line. */
  voiceMinutes: number;
  /** Expected monthly SMS per line. */
  sms: number;
  /** 0 = indifferent to price … 1 = very price-sensitive. Default 0.5 when no budget is given either. */
  priceSensitivity?: number;
  /** Monthly budget for the whole account, in the dataset's currency. */
  budget?: number;
  bundles: readonly Bundle[];
  /** Lines the customer needs (≥ 1). */
  lines: number;
  /** Days since joining (drives the tenure blend, not the content rules). */
  daysSinceJoining: number;
}

export const DATA_TIERS = ['light', 'medium', 'heavy', 'unlimited'] as const;
export type DataTier = (typeof DATA_TIERS)[number];

export type RuleName = 'data' | 'usage' | 'planType' | 'lines' | 'price' | 'bundles';
export type RuleWeights = Record<RuleName, number>;

export const DEFAULT_RULE_WEIGHTS: Readonly<RuleWeights> = {
  data: 0.3,
  usage: 0.05,
  planType: 0.2,
  lines: 0.15,
  price: 0.25,
  bundles: 0.1
};

/** Weight added to the bundles rule per wanted bundle, and to the lines rule for accounts of 2+ lines. */
export const PROFILE_EMPHASIS = { perWantedBundle: 0.1, multiLine: 0.1 } as const;

/** The rule weights for a profile: the base weights plus PROFILE_EMPHASIS for what it states. */
export function profileWeights(
  profile: Pick<ColdStartProfile, 'bundles' | 'lines'>,
  base: Readonly<RuleWeights> = DEFAULT_RULE_WEIGHTS
): RuleWeights {
  return {
    ...base,
    bundles: base.bundles + PROFILE_EMPHASIS.perWantedBundle * new Set(profile.bundles).size,
    lines: base.lines + (profile.lines > 1 ? PROFILE_EMPHASIS.multiLine : 0)
  };
}

/** How well each plan type suits each segment, in [0, 1]. */
export const DEFAULT_SEGMENT_AFFINITY: Readonly<Record<Segment, Record<PlanType, number>>> = {
  residential: { prepaid: 0.7, postpaid: 0.9, unlimited: 0.8, family: 0.7, business: 0.1 },
  business: { prepaid: 0.2, postpaid: 0.6, unlimited: 0.6, family: 0.1, business: 1 },
  premium: { prepaid: 0.1, postpaid: 0.8, unlimited: 1, family: 0.6, business: 0.3 }
};

export interface ContentRuleOptions {
  /** Upper bounds (GB/month per line) of the light, medium and heavy tiers; above is 'unlimited'. Default [10, 30, 60]. */
  dataTierBounds?: readonly [number, number, number];
  weights?: Partial<RuleWeights>;
  segmentAffinity?: Readonly<Record<Segment, Record<PlanType, number>>>;
}

export interface ContentScoresOptions extends ContentRuleOptions {
  profile: ColdStartProfile;
  plans: readonly Plan[];
}

/** A true statement about a plan for the profile, from one rule. */
export interface ContentReason {
  rule: RuleName;
  text: string;
}

export interface ContentScores {
  /** Weighted fit per plan in [0, 1] (higher is better). */
  scores: Float64Array;
  /** Per plan, each rule's fit in [0, 1]. */
  parts: Record<RuleName, number>[];
  /** Per plan, the reasons that hold, most weighty first (weight × fit). */
  reasons: ContentReason[][];
  /** The weights used (profileWeights of the base weights). */
  weights: RuleWeights;
  /** The profile's data tier. */
  dataTier: DataTier;
}

export const DEFAULT_DATA_TIER_BOUNDS: readonly [number, number, number] = [10, 30, 60];

/** Tier index 0..3 (light, medium, heavy, unlimited) of a per-line amount; null = unlimited. */
export function dataTierOf(
  gb: number | null,
  bounds: readonly [number, number, number] = DEFAULT_DATA_TIER_BOUNDS
): number {
  if (gb === null) return 3;
  if (gb <= bounds[0]) return 0;
  if (gb <= bounds[1]) return 1;
  if (gb <= bounds[2]) return 2;
  return 3;
}

const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);

function allowanceFit(need: number, allowance: number | null): number {
  if (allowance === null || need <= 0) return 1;
  return clamp01(allowance / need);
}

function checkProfile(p: ColdStartProfile): void {
  const bad = (what: string, v: unknown) => new CoreError('bad_profile', `${what} must be ${v}`);
  if (!SEGMENTS.includes(p.segment))
    throw bad('segment', `one of ${SEGMENTS.join(', ')} (got "${p.segment}")`);
  for (const [k, v] of [
    ['dataGb', p.dataGb],
    ['voiceMinutes', p.voiceMinutes],
    ['sms', p.sms],
    ['daysSinceJoining', p.daysSinceJoining]
  ] as const) {
    if (!(Number.isFinite(v) && v >= 0)) throw bad(k, `a number ≥ 0 (got ${v})`);
  }
  if (!(Number.isInteger(p.lines) && p.lines >= 1)) throw bad('lines', `a whole number ≥ 1 (got ${p.lines})`);
  if (p.priceSensitivity !== undefined && !(p.priceSensitivity >= 0 && p.priceSensitivity <= 1))
    throw bad('priceSensitivity', `between 0 and 1 (got ${p.priceSensitivity})`);
  if (p.budget !== undefined && !(p.budget > 0)) throw bad('budget', `a positive amount (got ${p.budget})`);
  for (const b of p.bundles)
    if (!BUNDLES.includes(b)) throw bad('each bundle', `one of ${BUNDLES.join(', ')} (got "${b}")`);
}

/** Scores every plan for a profile with the content rules. */
export function contentScores(opts: ContentScoresOptions): ContentScores {
  const { profile: p, plans } = opts;
  checkProfile(p);
  if (plans.length === 0) throw new CoreError('bad_input', 'the plan catalogue is empty');
  const bounds = opts.dataTierBounds ?? DEFAULT_DATA_TIER_BOUNDS;
  const w: RuleWeights = profileWeights(p, { ...DEFAULT_RULE_WEIGHTS, ...opts.weights });
  const wSum = Object.values(w).reduce((a, b) => a + b, 0);
  if (!(wSum > 0) || Object.values(w).some((x) => !(x >= 0)))
    throw new CoreError('bad_input', 'rule weights must be ≥ 0 and not all 0');
  const affinity = opts.segmentAffinity ?? DEFAULT_SEGMENT_AFFINITY;

  // What the customer would pay to cover all lines, and its position among all plans' costs:
  // share strictly cheaper plus half the ties, over (n − 1): 0 = cheapest.
  const prices = plans.map((pl) => pl.price * Math.ceil(p.lines / Math.max(1, pl.lines)));
  const pricePos = prices.map((x) => {
    if (plans.length === 1) return 0.5;
    let below = 0,
      same = 0;
    for (const y of prices) {
      if (y < x) below++;
      else if (y === x) same++;
    }
    return (below + (same - 1) / 2) / (plans.length - 1);
  });
  const needTier = dataTierOf(p.dataGb, bounds);
  const sensitivity = p.priceSensitivity ?? (p.budget === undefined ? 0.5 : undefined);
  const wanted = new Set(p.bundles);

  const scores = new Float64Array(plans.length);
  const reasons: ContentReason[][] = [];
  const parts = plans.map((plan, i) => {
    const allowance = plan.dataGb === null ? null : plan.dataGb / Math.max(1, plan.lines);
    const tier = dataTierOf(allowance, bounds);
    const tierFit = tier >= needTier ? 1 - 0.25 * (tier - needTier) : clamp01(1 - 0.5 * (needTier - tier));
    // Within a tier the allowance may still fall short (e.g. a 0 GB pay-as-you-go plan for 2 GB).
    const short = allowance !== null && allowance < p.dataGb ? 0.5 + 0.5 * (allowance / p.dataGb) : 1;
    const data = tierFit * short;
    const usage = (allowanceFit(p.voiceMinutes, plan.minutes) + allowanceFit(p.sms, plan.sms)) / 2;
    const planType = affinity[p.segment][plan.type] ?? 0;
    const lines = plan.lines >= p.lines ? clamp01(1 - 0.1 * (plan.lines - p.lines)) : plan.lines / p.lines;
    const priceFits: number[] = [];
    // Sensitive customers lose fit linearly with the plan's cost position; indifferent ones (0) not at all.
    if (sensitivity !== undefined) priceFits.push(1 - sensitivity * pricePos[i]);
    const cost = prices[i];
    if (p.budget !== undefined)
      priceFits.push(cost <= p.budget ? 1 : clamp01(1 - (cost - p.budget) / p.budget));
    const price = priceFits.reduce((a, b) => a + b, 0) / priceFits.length;
    const planBundles = BUNDLES.filter((b) => plan.bundles[b]);
    const unwanted = planBundles.filter((b) => !wanted.has(b)).length;
    const bundles =
      wanted.size === 0
        ? clamp01(1 - 0.15 * unwanted)
        : clamp01(planBundles.filter((b) => wanted.has(b)).length / wanted.size - 0.1 * unwanted);
    const fit: Record<RuleName, number> = { data, usage, planType, lines, price, bundles };
    let s = 0;
    for (const k of Object.keys(fit) as RuleName[]) s += w[k] * fit[k];
    scores[i] = s / wSum;
    reasons.push(
      planReasons({
        profile: p,
        plan,
        allowance,
        cost,
        cheap: pricePos[i] <= 1 / 3,
        affinity: planType,
        wanted
      })
        .filter((r) => w[r.rule] > 0)
        .sort((a, b) => w[b.rule] * fit[b.rule] - w[a.rule] * fit[a.rule])
    );
    return fit;
  });
  return { scores, parts, reasons, weights: w, dataTier: DATA_TIERS[needTier] };
}

export interface ContentScoreMatrixOptions extends ContentRuleOptions {
  profiles: readonly ColdStartProfile[];
  plans: readonly Plan[];
}

/** Content scores for many profiles: profiles.length × plans.length, row-major. */
export function contentScoreMatrix(opts: ContentScoreMatrixOptions): Float32Array {
  const n = opts.plans.length;
  const out = new Float32Array(opts.profiles.length * n);
  opts.profiles.forEach((profile, r) => out.set(contentScores({ ...opts, profile }).scores, r * n));
  return out;
}

/**
 * The profile a known customer would enter, from observed columns only (segment, mean monthly
 * usage per line, lines, tenure). Hidden synthetic traits are not used, so the evaluation stays fair;
 * price sensitivity and bundle interests are unknown and left neutral.
 */
export function profileFromCustomer(dataset: TelcoDataset, customer: number): ColdStartProfile {
  const { customers, usage } = dataset;
  if (!(customer >= 0 && customer < customers.ids.length))
    throw new CoreError('bad_input', `customer index ${customer} is outside 0..${customers.ids.length - 1}`);
  const months = usage.months;
  const mean = (col: Float32Array) => {
    let s = 0;
    for (let m = 0; m < months; m++) s += col[customer * months + m];
    return months > 0 ? s / months : 0;
  };
  return {
    segment: SEGMENTS[customers.segment[customer]],
    dataGb: mean(usage.dataGb),
    voiceMinutes: mean(usage.voiceMinutes),
    sms: mean(usage.sms),
    bundles: [],
    lines: Math.max(1, customers.lines[customer]),
    daysSinceJoining: Math.round(customers.tenureMonths[customer] * 30.4)
  };
}

const money = (v: number) => v.toFixed(2);
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * The statements each rule can make about a plan, each only when it is true: the plan covers
 * the data (per line), covers calls and texts, is a type the segment favours (affinity ≥ 0.8),
 * has exactly the lines needed, costs no more than the budget (or, without a budget, for a
 * price-sensitive customer, is in the cheapest third), includes wanted bundles (named).
 */
function planReasons(o: {
  profile: ColdStartProfile;
  plan: Plan;
  allowance: number | null;
  cost: number;
  cheap: boolean;
  affinity: number;
  wanted: ReadonlySet<Bundle>;
}): ContentReason[] {
  const { profile: p, plan } = o;
  const out: ContentReason[] = [];
  if (o.allowance === null) out.push({ rule: 'data', text: 'unlimited data' });
  else if (o.allowance >= p.dataGb)
    out.push({
      rule: 'data',
      text: `${+o.allowance.toFixed(1)} GB per line covers your ${+p.dataGb.toFixed(1)} GB`
    });
  const minutesOk = plan.minutes === null || plan.minutes >= p.voiceMinutes;
  const smsOk = plan.sms === null || plan.sms >= p.sms;
  if (minutesOk && smsOk && (p.voiceMinutes > 0 || p.sms > 0))
    out.push({ rule: 'usage', text: 'calls and texts are covered' });
  if (o.affinity >= 0.8)
    out.push({ rule: 'planType', text: `${plan.type} plans suit ${p.segment} customers` });
  if (plan.lines === p.lines) out.push({ rule: 'lines', text: `made for ${plural(p.lines, 'line')}` });
  if (p.budget !== undefined) {
    if (o.cost <= p.budget)
      out.push({
        rule: 'price',
        text: `${money(o.cost)} a month for your lines, within your budget of ${money(p.budget)}`
      });
  } else if ((p.priceSensitivity ?? 0.5) >= 0.5 && o.cheap) {
    out.push({ rule: 'price', text: 'among the cheapest third of plans for your lines' });
  }
  const has = BUNDLES.filter((b) => plan.bundles[b] && o.wanted.has(b));
  if (has.length > 0)
    out.push({
      rule: 'bundles',
      text:
        has.length === o.wanted.size
          ? `includes the extras you want (${has.join(', ')})`
          : `includes ${has.join(', ')}`
    });
  return out;
}
