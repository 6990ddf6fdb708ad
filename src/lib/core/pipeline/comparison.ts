/**
 * The comparison table of finished runs: rows in a fixed metric order, the best run by a chosen
 * metric, and whether its lead over the runner-up is real (paired bootstrap interval of the
 * per-user difference and a Wilcoxon signed-rank p-value, over the same test users).
 * Only runs evaluated on the same test set (run-groups.ts) are compared with each other.
 */
import { compareModels, type CompareModelsResult } from '../eval/significance.ts';
import { groupRuns, type GroupRunsOptions, type RunGroup } from './run-groups.ts';
import type { LabRun } from './run-record.ts';

export const TABLE_METRICS = [
  'precision@3',
  'precision@5',
  'precision@10',
  'recall@3',
  'recall@5',
  'recall@10',
  'ndcg@3',
  'ndcg@5',
  'ndcg@10',
  'auc',
  'reciprocal_rank'
] as const;

export interface Comparison {
  /** Finished runs of one evaluation group, best first by `metric`. */
  runs: LabRun[];
  bestId: string | null;
  runnerUpId: string | null;
  /** Best against runner-up on `metric` (A = best, B = runner-up); null when not comparable. */
  significance: CompareModelsResult | null;
  /** Why there is no significance test, when there is none. */
  note?: string;
  metric: string;
  /** The test is still to run (asked for with `test: false`): best and runner-up can be paired. */
  pending?: boolean;
}

export interface CompareRunsOptions extends GroupRunsOptions {
  /** Runs of any splits and datasets: only the first evaluation group (groupRuns) is compared. */
  runs: readonly LabRun[];
  /** Metric that decides the best. Default 'precision@5'. */
  metric?: string;
  /** Bootstrap seed. Default 0. */
  seed?: number;
  iterations?: number;
  /**
   * Run the significance test here. Default true. false: leave it `pending` (a page does the
   * ranking at once and the bootstrap, iterations × test users, in a worker).
   */
  test?: boolean;
}

function sameUsers(a: LabRun, b: LabRun): boolean {
  const ua = a.perUser?.users;
  const ub = b.perUser?.users;
  if (!ua || !ub || ua.length !== ub.length) return false;
  for (let k = 0; k < ua.length; k++) if (ua[k] !== ub[k]) return false;
  return true;
}

function finished(runs: readonly LabRun[], metric: string): LabRun[] {
  return runs.filter((r) => r.status === 'done' && Number.isFinite(r.metrics[metric]));
}

/** The first evaluation group's comparison (see groupRuns for which group comes first). */
export function compareRuns(opts: CompareRunsOptions): Comparison {
  const metric = opts.metric ?? 'precision@5';
  return compareGroup(groupRuns(finished(opts.runs, metric), opts)[0]?.runs ?? [], { ...opts, metric });
}

export interface GroupComparison extends Comparison {
  group: RunGroup;
}

/** One comparison per evaluation group, the default group first: a best and a test per group, never across. */
export function compareRunGroups(opts: CompareRunsOptions): GroupComparison[] {
  const metric = opts.metric ?? 'precision@5';
  return groupRuns(finished(opts.runs, metric), opts).map((group) => ({
    ...compareGroup(group.runs, { ...opts, metric }),
    group
  }));
}

/** Runs best first by `metric`; ties keep the earlier run first, so the mark does not jump between equals. */
function rankRuns(done: readonly LabRun[], metric: string): LabRun[] {
  return [...done].sort((a, b) => b.metrics[metric] - a.metrics[metric] || a.createdAt - b.createdAt);
}

/**
 * compareRuns' bestId without its significance test (a bootstrap over every test customer,
 * about a second at 50k customers): for a page that only needs which run to show first.
 */
export function bestRunId(
  opts: Pick<CompareRunsOptions, 'runs' | 'metric'> & GroupRunsOptions
): string | null {
  const metric = opts.metric ?? 'precision@5';
  return rankRuns(groupRuns(finished(opts.runs, metric), opts)[0]?.runs ?? [], metric)[0]?.id ?? null;
}

function compareGroup(done: LabRun[], opts: CompareRunsOptions & { metric: string }): Comparison {
  const metric = opts.metric;
  const runs = rankRuns(done, metric);
  const [best, runnerUp] = runs;
  const base = { runs, bestId: best?.id ?? null, runnerUpId: runnerUp?.id ?? null, metric };
  if (!best || !runnerUp)
    return { ...base, significance: null, note: 'Train at least two models to test the difference.' };
  if (!sameUsers(best, runnerUp) || !best.perUser?.values[metric] || !runnerUp.perUser?.values[metric]) {
    return {
      ...base,
      significance: null,
      note: 'The two best runs were evaluated on different test users (another split or dataset), so they cannot be paired.'
    };
  }
  if (opts.test === false)
    return { ...base, significance: null, pending: true, note: 'Testing whether the lead is real…' };
  const significance = compareModels({
    a: best.perUser!,
    b: runnerUp.perUser!,
    metric,
    seed: opts.seed ?? 0,
    iterations: opts.iterations
  });
  return { ...base, significance };
}
