/**
 * The run-statistics worker: a thin Comlink adapter for the Train page's significance tests
 * (paired bootstrap and Wilcoxon over every test customer, and the ablation study's intervals).
 * It reads the runs from IndexedDB itself, so their per-user values never cross from the page,
 * and at 1M customers the bootstrap (iterations × test customers) never blocks the page.
 */
import * as Comlink from 'comlink';
import { READY_MESSAGE } from '$lib/core/worker-protocol';
import { compareRunGroups } from '$lib/core/pipeline/comparison';
import { ablationDeltas, type AblationDelta } from '$lib/core/pipeline/ablation';
import type { LabRun } from '$lib/core/pipeline/run-record';
import type { CompareModelsResult } from '$lib/core/eval/significance';
import { listRuns } from '$lib/store';

async function runsById(ids: readonly string[]): Promise<LabRun[]> {
  const wanted = new Set(ids);
  return ((await listRuns()) as unknown as LabRun[]).filter((r) => wanted.has(r.id));
}

/** One group's test, keyed as the page keys it (significanceKey). */
export interface SignificanceAnswer {
  key: string;
  significance: CompareModelsResult | null;
}

const api = {
  /** The significance test of every evaluation group of these runs (the page ranks them itself). */
  async significance(
    runIds: readonly string[],
    preferredKey: string | undefined
  ): Promise<SignificanceAnswer[]> {
    const groups = compareRunGroups({ runs: await runsById(runIds), preferredKey });
    return groups.flatMap((g) =>
      g.bestId && g.runnerUpId
        ? [{ key: `${g.bestId}|${g.runnerUpId}|${g.metric}`, significance: g.significance }]
        : []
    );
  },

  /** An ablation study's intervals (variant − full, per metric). */
  async ablation(runIds: readonly string[]): Promise<AblationDelta[]> {
    return ablationDeltas({ runs: await runsById(runIds) });
  }
};

export type RunStatsApi = typeof api;

Comlink.expose(api);
self.postMessage({ [READY_MESSAGE]: true });
