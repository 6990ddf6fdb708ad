/**
 * The raw telco tables, columnar. Customers and usage are typed-array columns with an explicit
 * id ↔ index mapping (index = position in `ids`); plans are few (≈20) and kept as records.
 * 1,000,000 customers must fit this shape.
 */

export const SEGMENTS = ['residential', 'business', 'premium'] as const;
export type Segment = (typeof SEGMENTS)[number];

export const PLAN_TYPES = ['prepaid', 'postpaid', 'unlimited', 'family', 'business'] as const;
export type PlanType = (typeof PLAN_TYPES)[number];

export const BUNDLES = ['video', 'music', 'roaming', 'protection'] as const;
export type Bundle = (typeof BUNDLES)[number];

export const USAGE_MONTHS = 12;

export interface Customers {
  ids: string[];
  /** Index into SEGMENTS. */
  segment: Uint8Array;
  age: Uint8Array;
  tenureMonths: Uint16Array;
  lines: Uint8Array;
  /** Index into regionNames. */
  region: Uint8Array;
  regionNames: string[];
  /**
   * Hidden traits that drive the synthetic adoption utility. Absent for imported data.
   * priceSensitivity in [0,1]; budget in currency per month; bundleTaste is n × BUNDLES.length in [0,1].
   */
  hidden?: {
    priceSensitivity: Float32Array;
    budget: Float32Array;
    bundleTaste: Float32Array;
  };
}

/**
 * Monthly usage per line (the account's average), row-major n × months: the value for customer c
 * in month m is at c*months+m. Month 0 is the dataset's startDate.
 */
export interface Usage {
  months: number;
  dataGb: Float32Array;
  voiceMinutes: Float32Array;
  sms: Float32Array;
}

export interface Plan {
  id: string;
  name: string;
  type: PlanType;
  /** Monthly price in the dataset's currency. */
  price: number;
  /** Included data in GB per month; null = unlimited. */
  dataGb: number | null;
  /** Included voice minutes; null = unlimited. */
  minutes: number | null;
  /** Included SMS; null = unlimited. */
  sms: number | null;
  /** Lines included on the plan. */
  lines: number;
  bundles: Record<Bundle, boolean>;
  /** Age-restricted offers (youth, 55+): customers outside [minAge, maxAge] cannot take the plan. */
  minAge?: number;
  maxAge?: number;
}

/** Dated plan adoptions: the plan taken at signup and later switches. */
export interface Adoptions {
  customerIdx: Int32Array;
  planIdx: Int32Array;
  /** Day number since the dataset's start date. */
  day: Int32Array;
  /** 0 = signup, 1 = switch. */
  kind: Uint8Array;
}

/** Default first day of usage month 0 (ISO date), when a dataset does not say. */
export const DEFAULT_START_DATE = '2024-01-01';

export interface TelcoDataset {
  name: string;
  seed?: number;
  /** Hidden utility of a synthetic dataset (utility.ts ChoiceModel); absent = 'standard'. */
  choiceModel?: 'standard' | 'overage-family';
  /**
   * ISO date (YYYY-MM-DD, first of a month) of usage month 0. Adoption `day` counts from it and
   * is negative for customers who signed up before the usage window. Default DEFAULT_START_DATE.
   */
  startDate?: string;
  customers: Customers;
  usage: Usage;
  plans: Plan[];
  adoptions: Adoptions;
  /**
   * What a perfect ranker (by the hidden true utility) and a popularity ranker score on the
   * test split of each standard split. Only synthetic datasets (with hidden traits) have them.
   */
  ceilings?: Ceilings[];
}

/** Metric values at each cutoff k, keyed by k (e.g. { 3: 0.41, 5: 0.33, 10: 0.2 }). */
export type AtK = Record<number, number>;

export interface RankingScores {
  precision: AtK;
  recall: AtK;
  ndcg: AtK;
}

/** Ceilings of one split (see core/data/ceilings.ts for the definitions). */
export interface Ceilings {
  /** Which split they were measured on: kind, test fraction and the split seed. */
  split: { kind: 'random' | 'temporal' | 'cold_start'; testFraction: number; seed: number };
  ks: number[];
  /** Customers with at least one test item (the denominator of every mean). */
  usersEvaluated: number;
  /** Ranking by the hidden true utility (train positives excluded). */
  ideal: RankingScores;
  /** Ranking by train adoption counts (train positives excluded). */
  popularity: RankingScores;
}
