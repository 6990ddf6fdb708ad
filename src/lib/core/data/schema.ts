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

/** Monthly usage, row-major n × USAGE_MONTHS: value for customer c in month m is at c*12+m. */
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

export interface TelcoDataset {
  name: string;
  seed?: number;
  customers: Customers;
  usage: Usage;
  plans: Plan[];
  adoptions: Adoptions;
}
