import type { TelcoDataset } from '../data/schema.ts';
import { SEGMENTS } from '../data/schema.ts';
import {
  bandIndex,
  clvProxy,
  emptyRow,
  fillRow,
  INTENSITY_BANDS,
  LIFECYCLE_STAGES,
  valueScore
} from '../features/customer-features.ts';
import {
  computeUsageStats,
  quantiles,
  USAGE_METRICS,
  type UsageMetric,
  type UsageStats
} from '../features/usage-stats.ts';
import { sampleIndices } from './sample.ts';
import { boxStats, type BoxStats } from './box-stats.ts';

/** Default number of customers in the stability scatter (see `stabilitySample`). */
export const STABILITY_SAMPLE = 600;

/**
 * Customer aggregates for the Analytics page: data → chart inputs, no chart code. Everything is
 * computed in one pass over the customers (after the usage statistics), so 50k customers take
 * a few tens of milliseconds. Bands and stages use the same thresholds as the features the
 * models train on (customer-features.ts), so "gold" here is "lifecycle_stage:gold" there.
 */
export interface UsageGroup {
  segment: string;
  /** Customers in the segment (all of them, not the sample). */
  customers: number;
  /** Per-customer 12-month means of a sample (≤ samplePerSegment customers). */
  dataGb: Float32Array;
  voiceMinutes: Float32Array;
  sms: Float32Array;
  /** Exact quantiles over every customer of the segment: [p25, median, p75]. */
  quartiles: Record<'dataGb' | 'voiceMinutes' | 'sms', [number, number, number]>;
  /** Share of the segment with a mean of 0 SMS (left out of a log axis). */
  zeroSmsShare: number;
  /** Box-plot statistics over every customer of the segment with a positive mean (a log axis). */
  boxes: Record<'dataGb' | 'voiceMinutes' | 'sms', BoxStats | null>;
}

export interface StabilityPoint {
  /** 1 − coefficient of variation of monthly data, clamped to [0, 1] (1 = the same every month). */
  stability: number;
  /** Composite usage value score in [0, 1] (0.6 data + 0.25 voice + 0.15 SMS, each capped at p90). */
  value: number;
  segment: string;
  stage: string;
  id: string;
}

export interface CustomerAnalytics {
  customers: number;
  segments: string[];
  /** Lifecycle stages (CLV quartiles) and customers per stage. */
  lifecycle: { labels: string[]; counts: number[] };
  /** Data-intensity quintile bands × segments: counts[band][segment]. */
  dataIntensity: { levels: string[]; categories: string[]; counts: number[][] };
  usage: UsageGroup[];
  stability: StabilityPoint[];
  thresholds: AnalyticsThresholds;
}

/**
 * The cuts of computeFeatureThresholds (customer-features.ts) that the charts need, computed
 * with the same formulas but without the ~20 other sorts (a test checks they agree).
 */
export interface AnalyticsThresholds {
  /** Quintile cuts of the monthly data mean (data_intensity bands). */
  intensityData: number[];
  /** p90 of each metric's monthly mean (value score scale). */
  valueScale: Record<UsageMetric, number>;
  /** Quartile cuts of the CLV proxy (lifecycle stages). */
  clv: number[];
}

export interface CustomerAnalyticsOptions {
  dataset: TelcoDataset;
  /** Reuse usage statistics computed elsewhere. */
  stats?: UsageStats;
  /** Sampled customers per segment for the usage distributions. Default 3000. */
  samplePerSegment?: number;
  /**
   * Sampled customers for the stability scatter. Default 600: an SVG scatter (no WebGL under
   * the CSP) of 2,500 points took ~190 ms of main thread to draw at 50k customers, and 1,000
   * still 80–90 ms of thread CPU time in the longtask bench, the page's longest task; 600 leave
   * room under the 100 ms budget. The chart's title says how many were sampled.
   */
  stabilitySample?: number;
  /** Sampling seed. Default 1. */
  seed?: number;
}

const pretty = (band: string) => band.replace(/_/g, ' ');

export function customerAnalytics(opts: CustomerAnalyticsOptions): CustomerAnalytics {
  const ds = opts.dataset;
  const n = ds.customers.ids.length;
  const stats = opts.stats ?? computeUsageStats({ usage: ds.usage });
  const nSeg = SEGMENTS.length;
  const cust = ds.customers;
  const row = emptyRow();
  const dataCuts = quantiles(stats.data.mean, [0.2, 0.4, 0.6, 0.8, 0.9]);
  const valueScale = {} as Record<UsageMetric, number>;
  for (const m of USAGE_METRICS)
    valueScale[m] = m === 'data' ? dataCuts[4] : quantiles(stats[m].mean, [0.9])[0];
  const clvs = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    fillRow(row, {
      stats,
      c,
      segment: cust.segment[c],
      lines: cust.lines[c],
      tenureMonths: cust.tenureMonths[c]
    });
    clvs[c] = clvProxy(row);
  }
  const th: AnalyticsThresholds = {
    intensityData: dataCuts.slice(0, 4),
    valueScale,
    clv: quantiles(clvs, [0.25, 0.5, 0.75])
  };
  const stageOf = new Uint8Array(n);
  const valueOf = new Float32Array(n);
  const lifecycle = new Array<number>(LIFECYCLE_STAGES.length).fill(0);
  const intensity = INTENSITY_BANDS.map(() => new Array<number>(nSeg).fill(0));
  const bySegment: number[][] = SEGMENTS.map(() => []);
  for (let c = 0; c < n; c++) {
    const s = cust.segment[c];
    fillRow(row, { stats, c, segment: s, lines: cust.lines[c], tenureMonths: cust.tenureMonths[c] });
    const stage = bandIndex(clvs[c], th.clv);
    stageOf[c] = stage;
    lifecycle[stage]++;
    valueOf[c] = valueScore(row, th.valueScale);
    intensity[bandIndex(stats.data.mean[c], th.intensityData)][s]++;
    bySegment[s].push(c);
  }
  const perSeg = opts.samplePerSegment ?? 3000;
  const seed = opts.seed ?? 1;
  const usage: UsageGroup[] = [];
  SEGMENTS.forEach((segment, s) => {
    const members = bySegment[s];
    if (members.length === 0) return;
    const pick = sampleIndices(members, perSeg, seed + s);
    const take = (col: Float32Array) => Float32Array.from(pick, (c) => col[c]);
    const all = (col: Float32Array) => Float32Array.from(members, (c) => col[c]);
    const q3 = (v: Float32Array) => quantiles(v, [0.25, 0.5, 0.75]) as [number, number, number];
    const smsAll = all(stats.sms.mean);
    const dataAll = all(stats.data.mean);
    const voiceAll = all(stats.voice.mean);
    const positive = (v: number) => v > 0;
    let zeros = 0;
    for (const v of smsAll) if (v <= 0) zeros++;
    usage.push({
      segment,
      customers: members.length,
      dataGb: take(stats.data.mean),
      voiceMinutes: take(stats.voice.mean),
      sms: take(stats.sms.mean),
      quartiles: {
        dataGb: q3(dataAll),
        voiceMinutes: q3(voiceAll),
        sms: q3(smsAll)
      },
      zeroSmsShare: zeros / members.length,
      boxes: {
        dataGb: boxStats(dataAll, positive),
        voiceMinutes: boxStats(voiceAll, positive),
        sms: boxStats(smsAll, positive)
      }
    });
  });
  const everyone = Int32Array.from({ length: n }, (_, c) => c);
  const stability: StabilityPoint[] = Array.from(
    sampleIndices(everyone, opts.stabilitySample ?? STABILITY_SAMPLE, seed + 100),
    (c) => ({
      stability: Math.max(0, Math.min(1, 1 - stats.data.cv[c])),
      value: valueOf[c],
      segment: SEGMENTS[cust.segment[c]],
      stage: LIFECYCLE_STAGES[stageOf[c]],
      id: cust.ids[c]
    })
  );
  return {
    customers: n,
    segments: [...SEGMENTS],
    lifecycle: { labels: [...LIFECYCLE_STAGES], counts: lifecycle },
    dataIntensity: { levels: INTENSITY_BANDS.map(pretty), categories: [...SEGMENTS], counts: intensity },
    usage,
    stability,
    thresholds: th
  };
}
