import { createRng } from '../data/rng.ts';
import { quantileSorted } from '../eval/significance.ts';
import { compareRunGroups } from '../pipeline/comparison.ts';
import { runLabels } from '../pipeline/run-label.ts';
import type { LabRun } from '../pipeline/run-record.ts';

/**
 * Model aggregates for the Analytics page, from stored runs (LabRun, no weights needed; the
 * embedding map, which reads weights, is embedding-map.ts): precision at each K, metric means
 * with bootstrap intervals over the per-user values, learning curves, and the best run with the
 * reason. Only the runs of one evaluation group (same split and dataset, run-groups.ts) are
 * compared; the others are listed.
 */
export interface IntervalValue {
  mean: number;
  lower?: number;
  upper?: number;
}

export interface CurveSeriesData {
  name: string;
  x: number[];
  y: number[];
}

export interface BestModel {
  runId: string;
  /** The run's label (runLabel): model · split · seed · time · #id. */
  name: string;
  /** The split it was tested on, short ("random 80/20"). */
  split: string;
  metric: string;
  metricLabel: string;
  value: number;
  runnerUp: { runId: string; name: string; value: number } | null;
  /** best − runner-up on the metric. */
  lead: number | null;
  /** Paired bootstrap interval of the lead and Wilcoxon p, when both runs share test users. */
  interval: { lower: number; upper: number; confidence: number; users: number } | null;
  pValue: number | null;
  /** The interval excludes 0 and p < 0.05. */
  significant: boolean | null;
  /** The reason in words (plain text). */
  reason: string;
}

export interface RunGroupSummary {
  /** The group's evaluation key (run-groups.ts). */
  key: string;
  /** Short split label ("held-out customers (20%)") and the whole description. */
  label: string;
  description: string;
  runs: Array<{ id: string; name: string }>;
}

export interface ModelAnalytics {
  /** Finished runs of the compared group, best first, named by their labels (runLabels). */
  runs: Array<{ id: string; name: string; loss: string; components?: number }>;
  /** The split and dataset the runs above were all tested on; null without runs. */
  group: Omit<RunGroupSummary, 'runs'> | null;
  /** Runs tested on other splits: not compared with the above, listed so nothing is hidden. */
  otherGroups: RunGroupSummary[];
  pAtK: { models: string[]; ks: number[]; values: number[][] };
  bars: { metrics: string[]; keys: string[]; series: Array<{ name: string; values: IntervalValue[] }> };
  loss: { series: CurveSeriesData[]; logY: boolean };
  validation: { series: CurveSeriesData[]; metric: string };
  best: BestModel | null;
}

export interface ModelAnalyticsOptions {
  runs: readonly LabRun[];
  /** Metric that decides the best run. Default 'precision@5'. */
  metric?: string;
  /** Bar metrics (keys of LabRun.metrics). Default P@5, R@5, NDCG@5, AUC. */
  barMetrics?: readonly string[];
  /** Bootstrap resamples per interval and for the significance test. Default: bootstrapIterations(test users). */
  iterations?: number;
  seed?: number;
  /** Key of the evaluation group to compare when it has runs (see groupRuns). */
  preferredKey?: string;
  /** "Now" for the run labels' times. Default Date.now(). */
  now?: number;
}

const LABELS: Record<string, string> = {
  precision: 'P',
  recall: 'R',
  ndcg: 'NDCG',
  auc: 'AUC',
  reciprocal_rank: 'MRR'
};

/** 'precision@5' → 'P@5'. */
export function metricLabel(key: string): string {
  const [m, k] = key.split('@');
  return `${LABELS[m] ?? m}${k ? `@${k}` : ''}`;
}

/**
 * Mean of per-user values with a percentile bootstrap interval (NaN users dropped). The
 * resampling loop inlines a xorshift32 stream seeded from `seed` (about 10× fewer cycles per
 * draw than a generic Rng call): 10k users × 1000 resamples stay in the tens of ms.
 */
export function bootstrapMean(
  values: ArrayLike<number>,
  opts: { iterations?: number; seed?: number; confidence?: number } = {}
): IntervalValue {
  const clean = new Float64Array(values.length);
  let n = 0,
    sum = 0;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (v === v) {
      clean[n++] = v;
      sum += v;
    }
  }
  if (n === 0) return { mean: NaN };
  const iterations = Math.max(1, Math.round(opts.iterations ?? 1000));
  const alpha = (1 - (opts.confidence ?? 0.95)) / 2;
  let x = createRng(opts.seed ?? 0).uint32() | 1;
  const means = new Float64Array(iterations);
  for (let it = 0; it < iterations; it++) {
    let s = 0;
    for (let k = 0; k < n; k++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      s += clean[(((x >>> 0) / 4294967296) * n) | 0];
    }
    means[it] = s / n;
  }
  means.sort();
  return { mean: sum / n, lower: quantileSorted(means, alpha), upper: quantileSorted(means, 1 - alpha) };
}

/** Resamples for a bootstrap over n users: 1000 (2000 for the significance test) for small n, fewer for big test sets, never under 400. */
export function bootstrapIterations(n: number, budget = 4_000_000, max = 1000): number {
  return Math.max(400, Math.min(max, Math.round(budget / Math.max(1, n))));
}

export function modelAnalytics(opts: ModelAnalyticsOptions): ModelAnalytics {
  const metric = opts.metric ?? 'precision@5';
  const testUsers = Math.max(0, ...opts.runs.map((r) => r.perUser?.users.length ?? 0));
  const groups = compareRunGroups({
    runs: opts.runs,
    metric,
    seed: opts.seed ?? 0,
    iterations: opts.iterations ?? bootstrapIterations(testUsers, 4_000_000, 2000),
    preferredKey: opts.preferredKey
  });
  const labels = runLabels(opts.runs, { now: opts.now });
  const [cmp, ...others] = groups;
  const runs = cmp?.runs ?? [];
  const names = runs.map((r) => labels.get(r.id)!);
  const ks = [1, 3, 5, 10, 20].filter((k) => runs.some((r) => Number.isFinite(r.metrics[`precision@${k}`])));
  const barKeys = (opts.barMetrics ?? ['precision@5', 'recall@5', 'ndcg@5', 'auc']).filter((k) =>
    runs.some((r) => Number.isFinite(r.metrics[k]))
  );
  const iterations = opts.iterations ?? bootstrapIterations(testUsers, 4_000_000, 1000);
  const series = runs.map((r, i) => ({
    name: names[i],
    values: barKeys.map((k, j): IntervalValue => {
      const per = r.perUser?.values[k];
      const mean = r.metrics[k];
      if (per && per.length > 1) {
        const b = bootstrapMean(per, { iterations, seed: (opts.seed ?? 0) + 31 * j });
        return { mean: Number.isFinite(mean) ? mean : b.mean, lower: b.lower, upper: b.upper };
      }
      return { mean: Number.isFinite(mean) ? mean : 0 };
    })
  }));
  const lossSeries = runs
    .map((r, i) => ({ name: names[i], x: r.curves.map((c) => c.epoch), y: r.curves.map((c) => c.loss) }))
    .filter((s) => s.x.length > 0);
  const logY = lossSeries.length > 0 && lossSeries.every((s) => s.y.every((v) => v > 0));
  const validationSeries = runs
    .map((r, i) => {
      const pts = r.curves.filter((c) => c.validation && Number.isFinite(c.validation[metric]));
      return { name: names[i], x: pts.map((c) => c.epoch), y: pts.map((c) => c.validation![metric]) };
    })
    .filter((s) => s.x.length > 0);

  let best: BestModel | null = null;
  const b = runs[0];
  if (b && cmp) {
    const ru = runs[1];
    const label = metricLabel(metric);
    const value = b.metrics[metric];
    const s = cmp.significance;
    const lead = ru ? value - ru.metrics[metric] : null;
    const interval = s
      ? {
          lower: s.bootstrap.lower,
          upper: s.bootstrap.upper,
          confidence: s.bootstrap.confidence,
          users: s.bootstrap.n
        }
      : null;
    const pValue = s ? s.wilcoxon.pValue : null;
    const significant = s
      ? (s.bootstrap.lower > 0 || s.bootstrap.upper < 0) && s.wilcoxon.pValue < 0.05
      : null;
    let reason: string;
    if (!ru)
      reason =
        `${names[0]} is the only finished run tested on the ${cmp.group.label} split of this dataset (test ${label} ${value.toFixed(4)}). ${cmp.note ?? ''}`.trim();
    else {
      reason = `${names[0]} has the highest test ${label}: ${value.toFixed(4)} against ${ru.metrics[metric].toFixed(4)} for the runner-up ${names[1]} (${lead! >= 0 ? '+' : ''}${lead!.toFixed(4)}).`;
      if (s && interval) {
        const conf = Math.round(100 * interval.confidence);
        reason += ` Paired over ${interval.users.toLocaleString('en-US')} test customers, the ${conf}% bootstrap interval of the lead is [${interval.lower.toFixed(4)}, ${interval.upper.toFixed(4)}] and the Wilcoxon signed-rank p = ${pValue!.toPrecision(2)}: `;
        reason += significant
          ? 'the lead is significant.'
          : 'the lead is not significant (it could be noise; train longer or on more data before choosing).';
      } else if (cmp.note) reason += ` ${cmp.note}`;
    }
    best = {
      runId: b.id,
      name: names[0],
      split: cmp.group.label,
      metric,
      metricLabel: label,
      value,
      runnerUp: ru ? { runId: ru.id, name: names[1], value: ru.metrics[metric] } : null,
      lead,
      interval,
      pValue,
      significant,
      reason
    };
  }
  return {
    runs: runs.map((r, i) => ({
      id: r.id,
      name: names[i],
      loss: String((r.config as { loss?: string }).loss ?? ''),
      components: (r.config as { components?: number }).components
    })),
    group: cmp ? { key: cmp.group.key, label: cmp.group.label, description: cmp.group.description } : null,
    otherGroups: others.map((g) => ({
      key: g.group.key,
      label: g.group.label,
      description: g.group.description,
      runs: g.runs.map((r) => ({ id: r.id, name: labels.get(r.id)! }))
    })),
    pAtK: { models: names, ks, values: runs.map((r) => ks.map((k) => r.metrics[`precision@${k}`] ?? 0)) },
    bars: { metrics: barKeys.map(metricLabel), keys: barKeys, series },
    loss: { series: lossSeries, logY },
    validation: { series: validationSeries, metric },
    best
  };
}
