import type { Plan } from '../data/schema.ts';
import { BUNDLES, PLAN_TYPES } from '../data/schema.ts';
import { bandIndex } from './customer-features.ts';
import { quantiles } from './usage-stats.ts';

/**
 * Plan features in named groups. Categorical ones are "<name>:<value>" with weight 1; two are
 * numeric (a single feature whose weight carries the number, before row normalisation):
 * value_score (in (0, 1]) and bundle_richness (share of the four bundles, omitted when 0).
 * Tiers are per line, so a 4-line family plan is compared with single-line plans fairly.
 */
export const PLAN_GROUPS = ['basic', 'value', 'bundle'] as const;
export type PlanGroup = (typeof PLAN_GROUPS)[number];

export const PLAN_GROUP_INFO: Record<PlanGroup, { label: string; description: string }> = {
  basic: { label: 'Basic', description: 'Plan type, price tier, data tier and number of lines.' },
  value: { label: 'Value', description: 'Benefit per unit of price, as a score and a category.' },
  bundle: { label: 'Bundle', description: 'Bundled extras: which ones, how many, and the bundle type.' }
};

export const PRICE_TIERS = ['budget', 'standard', 'premium', 'luxury'] as const;
export const DATA_TIERS = ['light', 'medium', 'heavy', 'unlimited'] as const;
export const PLAN_LINE_BANDS = ['1', '2-4', '5+'] as const;
export const VALUE_CATEGORIES = ['low', 'medium', 'high'] as const;
export const BUNDLE_TYPES = ['basic', 'standard', 'complete'] as const;

/** Catalogue quantiles behind the plan tiers; kept with a model like the customer thresholds. */
export interface PlanThresholds {
  /** Quartile cuts of price per line. */
  pricePerLine: number[];
  /** Largest raw value (benefit per price) in the catalogue: value_score = raw / this. */
  maxRawValue: number;
  /** Tercile cuts of value_score. */
  valueCategory: number[];
}

/** Benefit points per line: data GB (unlimited = 100, capped at 100) + minutes/100 (unlimited = 10) + SMS/200 (unlimited = 5) + 8 per bundle. */
export function planBenefit(p: Plan): number {
  const dataPerLine = p.dataGb === null ? 100 : Math.min(100, p.dataGb / p.lines);
  const minutes = p.minutes === null ? 10 : Math.min(10, p.minutes / 100);
  const sms = p.sms === null ? 5 : Math.min(5, p.sms / 200);
  return dataPerLine + minutes + sms + 8 * bundleCount(p);
}

export const bundleCount = (p: Plan) => BUNDLES.filter((b) => p.bundles[b]).length;
const rawValue = (p: Plan) => planBenefit(p) / Math.max(1e-9, p.price / p.lines);

export function computePlanThresholds(plans: readonly Plan[]): PlanThresholds {
  const perLine = Float64Array.from(plans, (p) => p.price / p.lines);
  const raw = plans.map(rawValue);
  const maxRawValue = Math.max(1e-9, ...raw);
  return {
    pricePerLine: quantiles(perLine, [0.25, 0.5, 0.75]),
    maxRawValue,
    valueCategory: quantiles(
      Float64Array.from(raw, (r) => r / maxRawValue),
      [1 / 3, 2 / 3]
    )
  };
}

export interface PlanAttribute {
  group: PlanGroup;
  name: string;
  description: string;
  formula: string;
  /** Categorical values; numeric attributes have none (one feature named `name`). */
  values: readonly string[] | null;
  /** Categorical: value indices (several for bundle:*). Numeric: the weight (feature omitted when 0). */
  encode(p: Plan, th: PlanThresholds): number[];
}

export const PLAN_ATTRIBUTES: readonly PlanAttribute[] = [
  {
    group: 'basic',
    name: 'plan_type',
    description: 'Service category.',
    formula: 'type as recorded',
    values: PLAN_TYPES,
    encode: (p) => [PLAN_TYPES.indexOf(p.type)]
  },
  {
    group: 'basic',
    name: 'price_tier',
    description: 'Market positioning by price per line.',
    formula:
      'price / lines against the catalogue quartiles: budget < q25 ≤ standard < q50 ≤ premium < q75 ≤ luxury',
    values: PRICE_TIERS,
    encode: (p, th) => [bandIndex(p.price / p.lines, th.pricePerLine)]
  },
  {
    group: 'basic',
    name: 'data_tier',
    description: 'Data allowance per line.',
    formula: 'GB per line: ≤ 10 light, ≤ 30 medium, more heavy; no cap unlimited',
    values: DATA_TIERS,
    encode: (p) => [p.dataGb === null ? 3 : bandIndex(p.dataGb / p.lines, [10, 30])]
  },
  {
    group: 'basic',
    name: 'plan_lines',
    description: 'Lines included (not in the product brief: it separates family and team plans).',
    formula: '1, 2-4 or 5+ lines',
    values: PLAN_LINE_BANDS,
    encode: (p) => [p.lines <= 1 ? 0 : p.lines <= 4 ? 1 : 2]
  },
  {
    group: 'value',
    name: 'value_score',
    description: 'Price-to-benefit ratio (numeric feature).',
    formula:
      'benefit per line / price per line, divided by the catalogue maximum; benefit = GB (unlimited 100) + minutes/100 + SMS/200 + 8 per bundle',
    values: null,
    encode: (p, th) => [rawValue(p) / th.maxRawValue]
  },
  {
    group: 'value',
    name: 'value_category',
    description: 'Deal quality.',
    formula: 'value_score against the catalogue terciles: low, medium, high',
    values: VALUE_CATEGORIES,
    encode: (p, th) => [bandIndex(rawValue(p) / th.maxRawValue, th.valueCategory)]
  },
  {
    group: 'bundle',
    name: 'bundle_type',
    description: 'Service richness.',
    formula: '0 bundles basic, 1-2 standard, 3-4 complete',
    values: BUNDLE_TYPES,
    encode: (p) => [bundleCount(p) === 0 ? 0 : bundleCount(p) <= 2 ? 1 : 2]
  },
  {
    group: 'bundle',
    name: 'bundle_richness',
    description: 'Share of the four bundles included (numeric feature).',
    formula: 'bundles included / 4; omitted when 0',
    values: null,
    encode: (p) => [bundleCount(p) / BUNDLES.length]
  },
  {
    group: 'bundle',
    name: 'bundle',
    description: 'Each bundled extra.',
    formula: 'one feature per included bundle: video, music, roaming, protection',
    values: BUNDLES,
    encode: (p) => BUNDLES.flatMap((b, i) => (p.bundles[b] ? [i] : []))
  }
];

export function planAttributes(groups: readonly PlanGroup[]): PlanAttribute[] {
  return PLAN_ATTRIBUTES.filter((a) => groups.includes(a.group));
}

/** The column names the chosen plan groups can produce, in catalogue order. */
export function planVocabulary(groups: readonly PlanGroup[]): string[] {
  return planAttributes(groups).flatMap((a) => (a.values ? a.values.map((v) => `${a.name}:${v}`) : [a.name]));
}

/** Features of one plan: names (weight 1) or [name, weight] for numeric ones. */
export function planFeatures(opts: {
  plan: Plan;
  thresholds: PlanThresholds;
  groups: readonly PlanGroup[];
}): Array<string | [string, number]> {
  const out: Array<string | [string, number]> = [];
  for (const a of planAttributes(opts.groups)) {
    const codes = a.encode(opts.plan, opts.thresholds);
    if (a.values) for (const c of codes) out.push(`${a.name}:${a.values[c]}`);
    else if (codes[0] !== 0) out.push([a.name, codes[0]]);
  }
  return out;
}
