import { quantiles } from '../features/usage-stats.ts';
import type { Ceilings, TelcoDataset } from './schema.ts';
import { SEGMENTS } from './schema.ts';

/** What the Overview page shows about a dataset (small, JSON-safe: stored with its metadata). */
export interface DatasetSummary {
  customers: number;
  plans: number;
  adoptions: number;
  adoptionsPerCustomer: number;
  usageMonths: number;
  startDate?: string;
  segmentMix: Array<{ segment: string; count: number; share: number }>;
  /** Quantiles of monthly per-line usage over customer-months (a stride sample of ≤ 1M of them). */
  usageQuantiles: Record<
    'dataGb' | 'voiceMinutes' | 'sms',
    Record<'p10' | 'p25' | 'p50' | 'p75' | 'p90' | 'p99', number>
  >;
  planAdoptions: Array<{ planId: string; name: string; count: number; share: number }>;
  /** Whether the dataset carries hidden traits (synthetic) and so ceilings. */
  synthetic: boolean;
  ceilings: Ceilings[];
}

const QS = [0.1, 0.25, 0.5, 0.75, 0.9, 0.99];
const MAX_SAMPLE = 1_000_000;

function usageQuantiles(values: Float32Array): Record<'p10' | 'p25' | 'p50' | 'p75' | 'p90' | 'p99', number> {
  const stride = Math.max(1, Math.ceil(values.length / MAX_SAMPLE));
  const sample =
    stride === 1
      ? values
      : Float32Array.from({ length: Math.ceil(values.length / stride) }, (_, k) => values[k * stride]);
  const [p10, p25, p50, p75, p90, p99] = quantiles(sample, QS).map((v) => Math.round(v * 100) / 100);
  return { p10, p25, p50, p75, p90, p99 };
}

export function summarizeDataset(ds: TelcoDataset): DatasetSummary {
  const n = ds.customers.ids.length;
  const seg = new Array<number>(SEGMENTS.length).fill(0);
  for (let c = 0; c < n; c++) seg[ds.customers.segment[c]]++;
  const nA = ds.adoptions.planIdx.length;
  const perPlan = new Array<number>(ds.plans.length).fill(0);
  for (let r = 0; r < nA; r++) perPlan[ds.adoptions.planIdx[r]]++;
  return {
    customers: n,
    plans: ds.plans.length,
    adoptions: nA,
    adoptionsPerCustomer: n ? nA / n : 0,
    usageMonths: ds.usage.months,
    ...(ds.startDate ? { startDate: ds.startDate } : {}),
    segmentMix: SEGMENTS.map((s, k) => ({ segment: s, count: seg[k], share: n ? seg[k] / n : 0 })),
    usageQuantiles: {
      dataGb: usageQuantiles(ds.usage.dataGb),
      voiceMinutes: usageQuantiles(ds.usage.voiceMinutes),
      sms: usageQuantiles(ds.usage.sms)
    },
    planAdoptions: ds.plans.map((p, j) => ({
      planId: p.id,
      name: p.name,
      count: perPlan[j],
      share: nA ? perPlan[j] / nA : 0
    })),
    synthetic: ds.customers.hidden !== undefined,
    ceilings: ds.ceilings ?? []
  };
}
