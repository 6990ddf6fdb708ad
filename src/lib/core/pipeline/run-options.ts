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
 * Runs an ensemble can mix: each has a full score matrix of `matrixSize` entries, and all were
 * tested on one split of one dataset (the default group among them). Held-out-customer runs
 * are left out: their test customers' scores come from features alone, not comparable rows.
 */
export function ensembleCandidates(runs: readonly LabRun[], matrixSize: number): LabRun[] {
  const ok = runs.filter((r) => storedScoresLength(r) === matrixSize && r.split?.kind !== 'cold_start');
  return groupRuns(ok)[0]?.runs ?? [];
}
