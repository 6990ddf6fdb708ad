/**
 * Stored runs as a page offers them: option lists grouped by the split they were tested on
 * (run-groups.ts), labelled so runs of one model are told apart (run-label.ts), the default
 * choice (the best run of the default group, never a run from another split because it is
 * newer or scored higher on other customers), and the runs an ensemble may mix.
 */
import { bestRunId } from './comparison.ts';
import { groupRuns } from './run-groups.ts';
import { runLabels } from './run-label.ts';
import { storedScoresLength, type LabRun } from './run-record.ts';

export interface RunOption {
  id: string;
  /** runLabel plus the run's test P@5. */
  label: string;
}

export interface RunOptionGroup {
  key: string;
  /** The split, short ("held-out customers (20%)"). */
  label: string;
  options: RunOption[];
}

/** Options grouped by evaluation group (default group first), each run once, newest first within a group. */
export function runOptionGroups(runs: readonly LabRun[], opts: { now?: number } = {}): RunOptionGroup[] {
  const labels = runLabels(runs, opts);
  return groupRuns(runs).map((g) => ({
    key: g.key,
    label: g.label,
    options: [...g.runs]
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((r) => ({
        id: r.id,
        label: `${labels.get(r.id)} · P@5 ${r.metrics['precision@5']?.toFixed(4) ?? '–'}`
      }))
  }));
}

/** The run a page starts with: the best by test P@5 among the runs of the default evaluation group (no significance test). */
export function defaultRunId(runs: readonly LabRun[]): string | null {
  return bestRunId({ runs });
}

/**
 * The cold-start mode's first run: a held-out-customer run, else the single-mode run when it has
 * customer features (one model in memory, not two: each is hundreds of MB at 1M customers),
 * else the first run with customer features.
 */
export function defaultColdRunId(
  coldSplitRuns: readonly LabRun[],
  featureRuns: readonly LabRun[],
  singleRunId: string | null
): string | null {
  const same = featureRuns.find((r) => r.id === singleRunId);
  return (coldSplitRuns[0] ?? same ?? featureRuns[0])?.id ?? null;
}

/**
 * What rows a run's stored score matrix covers: 'full' (every customer, `matrixSize` entries),
 * the seeded evaluation sample it was measured on ("sample:seed:size"), or null (none kept).
 */
function scoreRows(r: LabRun, matrixSize: number): string | null {
  const n = storedScoresLength(r);
  if (n === 0) return null;
  if (n === matrixSize) return 'full';
  const s = r.evalSample;
  return s && matrixSize > 0 && n % s.size === 0 ? `sample:${s.seed}:${s.size}` : null;
}

/**
 * Runs an ensemble can mix: all tested on one split of one dataset (the default group among
 * them), each with a score matrix over the same rows: every customer (`matrixSize` entries) or
 * the same seeded evaluation sample (at 1M customers; the ensemble's metrics are then the
 * sample's). Held-out-customer runs are left out: their test customers' scores come from
 * features alone, not comparable rows. Within the group, the rows most runs share win (full
 * matrices on a tie).
 */
export function ensembleCandidates(runs: readonly LabRun[], matrixSize: number): LabRun[] {
  const ok = runs.filter((r) => scoreRows(r, matrixSize) !== null && r.split?.kind !== 'cold_start');
  const group = groupRuns(ok)[0]?.runs ?? [];
  const byRows = new Map<string, LabRun[]>();
  for (const r of group) {
    const key = scoreRows(r, matrixSize)!;
    byRows.set(key, [...(byRows.get(key) ?? []), r]);
  }
  let best: LabRun[] = [];
  for (const [key, list] of byRows)
    if (list.length > best.length || (list.length === best.length && key === 'full')) best = list;
  return group.filter((r) => best.includes(r));
}
