import { SEGMENTS } from '../data/schema.ts';
import {
  quantiles,
  type SeriesStats,
  type UsageMetric,
  type UsageStats,
  USAGE_METRICS
} from './usage-stats.ts';

/**
 * Customer features: categorical attributes in named groups that the Train page switches on
 * and off. Every attribute gives at most one feature name per customer, "<attribute>:<value>"
 * (e.g. "data_intensity:high"). Statistical features are banded into categories (terciles of
 * the dataset) rather than fed as numeric weights: a numeric weight would be mixed into the
 * L1-normalised row and its scale would change what the identity feature means.
 *
 * Bands come from dataset quantiles, stored in FeatureThresholds so that a new customer's
 * profile (cold start) is banded exactly like the training data.
 */
export const CUSTOMER_GROUPS = ['basic', 'account', 'behavioural', 'derived', 'statistical'] as const;
export type CustomerGroup = (typeof CUSTOMER_GROUPS)[number];

export const CUSTOMER_GROUP_INFO: Record<CustomerGroup, { label: string; description: string }> = {
  basic: { label: 'Basic', description: 'The customer segment.' },
  account: {
    label: 'Account',
    description:
      'Lines on the account, age, tenure and region (not in the product brief; the parity data has them, and lines decide family and business plans).'
  },
  behavioural: {
    label: 'Behavioural',
    description: 'How much the customer uses data, voice and SMS, as quintile bands of the dataset.'
  },
  derived: {
    label: 'Derived',
    description: 'Usage stability, lifecycle stage (CLV tier) and a composite usage value score.'
  },
  statistical: {
    label: 'Statistical',
    description:
      'Mean, standard deviation, maximum and minimum of each usage metric (tercile bands) and its trend.'
  }
};

export const INTENSITY_BANDS = ['very_low', 'low', 'medium', 'high', 'very_high'] as const;
export const TERCILE_BANDS = ['low', 'mid', 'high'] as const;
export const LIFECYCLE_STAGES = ['bronze', 'silver', 'gold', 'platinum'] as const;
export const VALUE_BANDS = ['low', 'medium', 'high'] as const;
export const TREND_BANDS = ['falling', 'flat', 'rising'] as const;
export const AGE_BANDS = ['18-25', '26-40', '41-55', '56+'] as const;
export const TENURE_BANDS = ['<1y', '1-3y', '3-5y', '5y+'] as const;
export const LINE_BANDS = ['1', '2', '3-4', '5+'] as const;
export const STATISTICS = ['mean', 'std', 'max', 'min'] as const;
export type Statistic = (typeof STATISTICS)[number];

/** What one customer looks like to the feature encoder (a dataset row or a new customer's profile). */
export interface CustomerRow {
  /** Index into SEGMENTS. */
  segment: number;
  age?: number;
  tenureMonths?: number;
  lines?: number;
  region?: string;
  usage: Record<UsageMetric, SeriesStats>;
}

/** Dataset quantiles that turn numbers into bands; stored with the features and with models. */
export interface FeatureThresholds {
  version: 1;
  /** Quintile cuts (20/40/60/80 %) of each metric's monthly mean. */
  intensity: Record<UsageMetric, number[]>;
  /** Tercile cuts (33/67 %) of each metric's statistics. */
  statistic: Record<UsageMetric, Record<Statistic, number[]>>;
  /** Data usage with a coefficient of variation above this is "variable" (the dataset median). */
  stabilityCv: number;
  /** Quartile cuts of the CLV proxy (bronze < q25 ≤ silver < q50 ≤ gold < q75 ≤ platinum). */
  clv: number[];
  /** 90th percentile of each metric's monthly mean: the value score's scale. */
  valueScale: Record<UsageMetric, number>;
  /** Tercile cuts of the value score. */
  valueScore: number[];
  /** |relative trend per year| below this is "flat". Fixed at 0.1 (10 % a year). */
  trendFlat: number;
  /** Region vocabulary of the dataset. */
  regions: string[];
}

/** Index of the band `v` falls in: the number of cuts strictly below it. */
export function bandIndex(v: number, cuts: readonly number[]): number {
  let b = 0;
  while (b < cuts.length && v > cuts[b]) b++;
  return b;
}

/** CLV proxy: estimated monthly revenue × expected lifetime (tenure so far + 24 months). */
export function clvProxy(row: CustomerRow): number {
  const revenue =
    (row.lines ?? 1) *
    (10 + 0.5 * row.usage.data.mean + 0.01 * row.usage.voice.mean + 0.01 * row.usage.sms.mean);
  return revenue * ((row.tenureMonths ?? 0) + 24);
}

/** Composite usage value in [0, 1]: 0.6·data + 0.25·voice + 0.15·SMS, each mean capped at the dataset's 90th percentile. */
export function valueScore(row: CustomerRow, scale: Record<UsageMetric, number>): number {
  const part = (m: UsageMetric) => (scale[m] > 0 ? Math.min(1, row.usage[m].mean / scale[m]) : 0);
  return 0.6 * part('data') + 0.25 * part('voice') + 0.15 * part('sms');
}

export interface CustomerAttribute {
  group: CustomerGroup;
  /** Feature name prefix: features are "<name>:<value>". */
  name: string;
  description: string;
  formula: string;
  /** Possible values (regions depend on the dataset). */
  values(th: FeatureThresholds): readonly string[];
  /** Index into values(), or −1 when the row lacks the input (e.g. no age in a profile). */
  encode(row: CustomerRow, th: FeatureThresholds): number;
}

const metricLabel: Record<UsageMetric, string> = {
  data: 'mobile data (GB)',
  voice: 'voice minutes',
  sms: 'SMS'
};
const intensityName: Record<UsageMetric, string> = {
  data: 'data_intensity',
  voice: 'call_intensity',
  sms: 'sms_intensity'
};

export const CUSTOMER_ATTRIBUTES: readonly CustomerAttribute[] = [
  {
    group: 'basic',
    name: 'segment',
    description: 'Customer segment.',
    formula: 'segment as recorded',
    values: () => SEGMENTS,
    encode: (r) => r.segment
  },
  {
    group: 'account',
    name: 'lines_band',
    description: 'Lines on the account.',
    formula: '1, 2, 3-4 or 5+ lines',
    values: () => LINE_BANDS,
    encode: (r) => (r.lines === undefined ? -1 : r.lines <= 1 ? 0 : r.lines === 2 ? 1 : r.lines <= 4 ? 2 : 3)
  },
  {
    group: 'account',
    name: 'age_band',
    description: 'Age of the account holder.',
    formula: '18-25, 26-40, 41-55, 56+',
    values: () => AGE_BANDS,
    encode: (r) => (r.age === undefined ? -1 : bandIndex(r.age, [25, 40, 55]))
  },
  {
    group: 'account',
    name: 'tenure_band',
    description: 'Months as a customer.',
    formula: '<12, 12-36, 37-60, >60 months',
    values: () => TENURE_BANDS,
    encode: (r) => (r.tenureMonths === undefined ? -1 : bandIndex(r.tenureMonths, [11, 36, 60]))
  },
  {
    group: 'account',
    name: 'region',
    description: 'Region of the account.',
    formula: 'region as recorded',
    values: (th) => th.regions,
    encode: (r, th) => (r.region === undefined ? -1 : th.regions.indexOf(r.region))
  },
  ...USAGE_METRICS.map((m): CustomerAttribute => ({
    group: 'behavioural',
    name: intensityName[m],
    description: `How much ${metricLabel[m]} the customer uses, relative to the dataset.`,
    formula: `quintile band of the 12-month mean of ${metricLabel[m]}: very_low < q20 ≤ low < q40 ≤ medium < q60 ≤ high < q80 ≤ very_high`,
    values: () => INTENSITY_BANDS,
    encode: (r, th) => bandIndex(r.usage[m].mean, th.intensity[m])
  })),
  {
    group: 'derived',
    name: 'usage_stability',
    description: 'Whether monthly data use is steady or swings.',
    formula:
      'coefficient of variation of monthly data (std / mean) ≤ the dataset median → stable, else variable',
    values: () => ['stable', 'variable'],
    encode: (r, th) => (r.usage.data.cv > th.stabilityCv ? 1 : 0)
  },
  {
    group: 'derived',
    name: 'lifecycle_stage',
    description: 'Customer lifetime value tier.',
    formula:
      'CLV = lines × (10 + 0.5·data GB + 0.01·minutes + 0.01·SMS) × (tenure months + 24); quartiles → bronze, silver, gold, platinum',
    values: () => LIFECYCLE_STAGES,
    encode: (r, th) => bandIndex(clvProxy(r), th.clv)
  },
  {
    group: 'derived',
    name: 'value_score',
    description: 'Composite usage value, banded.',
    formula:
      '0.6·min(1, data/p90) + 0.25·min(1, minutes/p90) + 0.15·min(1, SMS/p90) of monthly means; terciles → low, medium, high',
    values: () => VALUE_BANDS,
    encode: (r, th) => bandIndex(valueScore(r, th.valueScale), th.valueScore)
  },
  ...USAGE_METRICS.flatMap((m) =>
    STATISTICS.map((s): CustomerAttribute => ({
      group: 'statistical',
      name: `${m}_${s}`,
      description: `${s === 'std' ? 'Standard deviation' : s[0].toUpperCase() + s.slice(1)} of monthly ${metricLabel[m]}.`,
      formula: `tercile band of the 12-month ${s} of ${metricLabel[m]}: low < q33 ≤ mid < q67 ≤ high`,
      values: () => TERCILE_BANDS,
      encode: (r, th) => bandIndex(r.usage[m][s], th.statistic[m][s])
    }))
  ),
  ...USAGE_METRICS.map((m): CustomerAttribute => ({
    group: 'statistical',
    name: `${m}_trend`,
    description: `Direction of monthly ${metricLabel[m]} over the year.`,
    formula: 'least-squares slope × 12 / mean: < −10 %/yr falling, > +10 %/yr rising, else flat',
    values: () => TREND_BANDS,
    encode: (r, th) => (r.usage[m].trend < -th.trendFlat ? 0 : r.usage[m].trend > th.trendFlat ? 2 : 1)
  }))
];

/**
 * Thresholds from a dataset's usage statistics and account columns. Bands are then fixed: a
 * model keeps them so that new customers are banded like its training data.
 */
export function computeFeatureThresholds(opts: {
  stats: UsageStats;
  lines: ArrayLike<number>;
  tenureMonths: ArrayLike<number>;
  regions: readonly string[];
}): FeatureThresholds {
  const { stats } = opts;
  const n = stats.data.mean.length;
  const intensity = {} as FeatureThresholds['intensity'];
  const statistic = {} as FeatureThresholds['statistic'];
  const valueScale = {} as FeatureThresholds['valueScale'];
  for (const m of USAGE_METRICS) {
    intensity[m] = quantiles(stats[m].mean, [0.2, 0.4, 0.6, 0.8]);
    statistic[m] = {} as Record<Statistic, number[]>;
    for (const s of STATISTICS) statistic[m][s] = quantiles(stats[m][s], [1 / 3, 2 / 3]);
    valueScale[m] = quantiles(stats[m].mean, [0.9])[0];
  }
  const clv = new Float64Array(n);
  const value = new Float64Array(n);
  const row = emptyRow();
  for (let c = 0; c < n; c++) {
    fillRow(row, { stats, c, segment: 0, lines: opts.lines[c], tenureMonths: opts.tenureMonths[c] });
    clv[c] = clvProxy(row);
    value[c] = valueScore(row, valueScale);
  }
  return {
    version: 1,
    intensity,
    statistic,
    stabilityCv: quantiles(stats.data.cv, [0.5])[0],
    clv: quantiles(clv, [0.25, 0.5, 0.75]),
    valueScale,
    valueScore: quantiles(value, [1 / 3, 2 / 3]),
    trendFlat: 0.1,
    regions: [...opts.regions]
  };
}

const emptySeries = (): SeriesStats => ({ mean: 0, std: 0, min: 0, max: 0, cv: 0, trend: 0 });
export function emptyRow(): CustomerRow {
  return { segment: 0, usage: { data: emptySeries(), voice: emptySeries(), sms: emptySeries() } };
}

/** Overwrites `row` with customer c's statistics (reused across 1M customers: no allocation per row). */
export function fillRow(
  row: CustomerRow,
  src: {
    stats: UsageStats;
    c: number;
    segment: number;
    lines?: number;
    tenureMonths?: number;
    age?: number;
    region?: string;
  }
): CustomerRow {
  const { stats, c } = src;
  row.segment = src.segment;
  row.lines = src.lines;
  row.tenureMonths = src.tenureMonths;
  row.age = src.age;
  row.region = src.region;
  for (const m of USAGE_METRICS) {
    const o = row.usage[m],
      s = stats[m];
    o.mean = s.mean[c];
    o.std = s.std[c];
    o.min = s.min[c];
    o.max = s.max[c];
    o.cv = s.cv[c];
    o.trend = s.trend[c];
  }
  return row;
}

/** The attributes of the chosen groups, in catalogue order. */
export function customerAttributes(groups: readonly CustomerGroup[]): CustomerAttribute[] {
  return CUSTOMER_ATTRIBUTES.filter((a) => groups.includes(a.group));
}

/** Feature names of one customer row (the slow, readable path: profiles and tests). */
export function customerFeatureNames(opts: {
  row: CustomerRow;
  thresholds: FeatureThresholds;
  groups: readonly CustomerGroup[];
}): string[] {
  const out: string[] = [];
  for (const a of customerAttributes(opts.groups)) {
    const code = a.encode(opts.row, opts.thresholds);
    if (code >= 0) out.push(`${a.name}:${a.values(opts.thresholds)[code]}`);
  }
  return out;
}
