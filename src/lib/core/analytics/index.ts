import type { TelcoDataset } from '../data/schema.ts';
import { computeUsageStats } from '../features/usage-stats.ts';
import { now } from '../model/clock.ts';
import { customerAnalytics, type CustomerAnalytics } from './customer-analytics.ts';
import { findGaps, type GapAnalysis } from './gaps.ts';
import { planAnalytics, type PlanAnalytics } from './plan-analytics.ts';

export * from './customer-analytics.ts';
export * from './plan-analytics.ts';
export * from './gaps.ts';
export * from './model-analytics.ts';
export * from './embedding-map.ts';
export * from './pca.ts';
export * from './box-stats.ts';
export { sampleIndices, median, quantile, mode } from './sample.ts';

/** Everything the customers and plans sections need, computed once per dataset. */
export interface DatasetAnalytics {
  customers: CustomerAnalytics;
  plans: PlanAnalytics;
  gaps: GapAnalysis;
  /** Milliseconds per step (usage statistics, customers, plans, gaps) and in total. */
  timings: Record<'stats' | 'customers' | 'plans' | 'gaps' | 'total', number>;
}

/** The dataset half of the Analytics page. Pure; 50k customers take well under a second. */
export function datasetAnalytics(opts: { dataset: TelcoDataset; seed?: number }): DatasetAnalytics {
  const ds = opts.dataset;
  const t0 = now();
  const stats = computeUsageStats({ usage: ds.usage });
  const t1 = now();
  const customers = customerAnalytics({ dataset: ds, stats, seed: opts.seed });
  const t2 = now();
  const plans = planAnalytics({ dataset: ds });
  const t3 = now();
  const gaps = findGaps({ dataset: ds, dataMean: stats.data.mean });
  const t4 = now();
  return {
    customers,
    plans,
    gaps,
    timings: { stats: t1 - t0, customers: t2 - t1, plans: t3 - t2, gaps: t4 - t3, total: t4 - t0 }
  };
}
