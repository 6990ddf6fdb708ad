/**
 * Runs are comparable only when they were evaluated on the same test set: the same dataset and
 * the same split (kind, test share, split seed). A run trained on held-out customers scores on
 * other customers than a random-split run, so its P@5 says nothing about which is better.
 * Every "best", significance test, heatmap, analytics summary and page default goes through
 * this grouping; runs of other groups are shown in their own group, labelled with their split.
 */
import { DEFAULT_TEST_FRACTION, type SplitOptions } from '../data/split.ts';
import { describeSplit, splitShortLabel } from '../data/split-label.ts';
import type { LabRun } from './run-record.ts';

type GroupedRun = Pick<LabRun, 'datasetId' | 'datasetName' | 'createdAt'> & { split?: SplitOptions };

export interface RunGroup<R extends GroupedRun = LabRun> {
  /** Same key ⇔ same test set (see evaluationKey). */
  key: string;
  datasetId: string;
  datasetName: string;
  /** The split of the group's runs; undefined = the dataset's own train/test files. */
  split: SplitOptions | undefined;
  /** Short, for headings and option groups: "random 80/20". */
  label: string;
  /** The whole truth, for captions: "random split: 20% of adoptions held out for testing (split seed 42)". */
  description: string;
  /** In the order given. */
  runs: R[];
}

/**
 * The identity of a run's test set. What decides it: the dataset, the split kind, and (not for
 * temporal splits, whose test set is each customer's latest adoption) the test share and seed.
 * The validation share does not change the test set (split.ts takes test first).
 */
export function evaluationKey(run: Pick<GroupedRun, 'datasetId' | 'split'>): string {
  const s = run.split;
  if (!s) return `${run.datasetId}|given`;
  if (s.kind === 'temporal') return `${run.datasetId}|temporal`;
  return `${run.datasetId}|${s.kind}|${s.testFraction ?? DEFAULT_TEST_FRACTION}|${s.seed ?? 'default'}`;
}

const KIND_ORDER: Record<string, number> = { given: 0, random: 0, temporal: 1, cold_start: 2 };

export interface GroupRunsOptions {
  /** Key of the group to put first when it has runs (e.g. the dataset's default split, where its reference rows belong). */
  preferredKey?: string;
}

/**
 * Groups runs by evaluationKey. The first group is the one pages compare by default: the
 * preferred key if given and present, else random (or given) splits before temporal before
 * held-out customers, then the group with more runs, then the one with the newest run. A
 * handful of held-out-customer runs never becomes the default over the ordinary comparison.
 */
export function groupRuns<R extends GroupedRun>(
  runs: readonly R[],
  opts: GroupRunsOptions = {}
): RunGroup<R>[] {
  const groups = new Map<string, RunGroup<R>>();
  for (const r of runs) {
    const key = evaluationKey(r);
    let g = groups.get(key);
    if (!g) {
      g = {
        key,
        datasetId: r.datasetId,
        datasetName: r.datasetName,
        split: r.split,
        label: splitShortLabel(r.split),
        description: describeSplit(r.split),
        runs: []
      };
      groups.set(key, g);
    }
    g.runs.push(r);
  }
  // Two groups with one short label (same kind and share, another split seed or dataset) say what differs.
  for (const g of groups.values()) {
    const twins = [...groups.values()].filter((o) => o.label === g.label);
    if (twins.length < 2) continue;
    const sameDataset = twins.every((o) => o.datasetId === g.datasetId);
    for (const o of twins)
      o.label = sameDataset
        ? `${o.label} (split seed ${o.split?.seed ?? 'default'})`
        : `${o.label} on ${o.datasetName}`;
  }
  const newest = (g: RunGroup<R>) => Math.max(...g.runs.map((r) => r.createdAt));
  const kind = (g: RunGroup<R>) => KIND_ORDER[g.split?.kind ?? 'given'] ?? 3;
  return [...groups.values()].sort(
    (a, b) =>
      Number(b.key === opts.preferredKey) - Number(a.key === opts.preferredKey) ||
      kind(a) - kind(b) ||
      b.runs.length - a.runs.length ||
      newest(b) - newest(a)
  );
}

/** The runs a page compares by default (the first group), or none. */
export function primaryGroup<R extends GroupedRun>(
  runs: readonly R[],
  opts: GroupRunsOptions = {}
): RunGroup<R> | null {
  return groupRuns(runs, opts)[0] ?? null;
}
