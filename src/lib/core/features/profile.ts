import { CoreError } from '../types.ts';
import { SEGMENTS, type Segment } from '../data/schema.ts';
import {
  type CustomerGroup,
  customerFeatureNames,
  type CustomerRow,
  type FeatureThresholds
} from './customer-features.ts';
import { seriesStats, type SeriesStats } from './usage-stats.ts';

/**
 * A new customer described by what a sales form can ask (cold start). Monthly averages are
 * enough; with the monthly series the statistical and stability features are exact, without
 * them the customer counts as steady (std 0, min = max = mean, flat trend).
 */
export interface CustomerProfile {
  segment: Segment;
  /** Average monthly mobile data per line, GB. */
  dataGb: number;
  /** Average monthly voice minutes per line. */
  voiceMinutes: number;
  /** Average monthly SMS per line. */
  sms: number;
  /** Lines on the account. Default 1. */
  lines?: number;
  age?: number;
  /** Months as a customer. Default 0 (a new customer). */
  tenureMonths?: number;
  region?: string;
  /** Optional monthly series (any length ≥ 2); they replace the averages above. */
  monthly?: { dataGb?: number[]; voiceMinutes?: number[]; sms?: number[] };
}

function steady(mean: number): SeriesStats {
  return { mean, std: 0, min: mean, max: mean, cv: 0, trend: 0 };
}

function checkAmount(name: string, v: number): void {
  if (!Number.isFinite(v) || v < 0)
    throw new CoreError('bad_input', `profile ${name} must be a number ≥ 0, got ${v}`);
}

/** The profile as the feature encoder sees it. */
export function profileRow(p: CustomerProfile): CustomerRow {
  const segment = SEGMENTS.indexOf(p.segment);
  if (segment < 0)
    throw new CoreError(
      'bad_input',
      `profile segment must be one of ${SEGMENTS.join(', ')}, got "${p.segment}"`
    );
  checkAmount('dataGb', p.dataGb);
  checkAmount('voiceMinutes', p.voiceMinutes);
  checkAmount('sms', p.sms);
  const series = (xs: number[] | undefined, mean: number) => {
    if (!xs || xs.length < 2) return steady(mean);
    xs.forEach((x, i) => checkAmount(`monthly value ${i + 1}`, x));
    return seriesStats(xs);
  };
  return {
    segment,
    lines: p.lines ?? 1,
    age: p.age,
    tenureMonths: p.tenureMonths ?? 0,
    region: p.region,
    usage: {
      data: series(p.monthly?.dataGb, p.dataGb),
      voice: series(p.monthly?.voiceMinutes, p.voiceMinutes),
      sms: series(p.monthly?.sms, p.sms)
    }
  };
}

/**
 * Feature names of a new customer, banded with the thresholds of the dataset the model was
 * trained on (FeatureThresholdSet.customer), for the chosen groups. Identity is not included:
 * a new customer has none. Unknown region → no region feature.
 */
export function profileFeatureNames(opts: {
  profile: CustomerProfile;
  thresholds: FeatureThresholds;
  groups: readonly CustomerGroup[];
}): string[] {
  return customerFeatureNames({
    row: profileRow(opts.profile),
    thresholds: opts.thresholds,
    groups: opts.groups
  });
}
