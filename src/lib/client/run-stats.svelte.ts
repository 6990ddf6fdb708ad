/**
 * The Train page's significance tests, computed in the run-statistics worker (workers/run-stats.ts)
 * and kept here by what they test. The page ranks runs at once (compareRunGroups with
 * `test: false`); a group whose test is not back yet says so, and fills in when it arrives. At
 * 1M customers the bootstrap took 34 s on the main thread.
 */
import type { GroupComparison } from '$lib/core/pipeline/comparison';
import type { AblationDelta } from '$lib/core/pipeline/ablation';
import type { LabRun } from '$lib/core/pipeline/run-record';
import type { CompareModelsResult } from '$lib/core/eval/significance';
import type { RunStatsApi } from '../../../workers/run-stats';
import { WorkerBridge } from './worker-bridge';

/** A worker for one call: the runs it reads can be large, so it is closed afterwards. */
async function withRunStats<T>(call: (api: RunStatsApi) => Promise<T>): Promise<T> {
  const bridge = new WorkerBridge<RunStatsApi>({
    label: 'run statistics worker',
    create: () =>
      new Worker(new URL('../../../workers/run-stats.ts', import.meta.url), {
        type: 'module',
        name: 'run-stats'
      })
  });
  try {
    return await bridge.call(call);
  } finally {
    bridge.terminate();
  }
}

/** What one group's test compares: best, runner-up and metric. */
export function significanceKey(c: Pick<GroupComparison, 'bestId' | 'runnerUpId' | 'metric'>): string {
  return `${c.bestId}|${c.runnerUpId}|${c.metric}`;
}

export class RunStats {
  #tests = $state.raw<Map<string, CompareModelsResult | null>>(new Map());
  #ablations = $state.raw<Map<string, AblationDelta[]>>(new Map());
  /** Asked and not answered yet (plain: read while deriving, written outside it). */
  #asked = new Set<string>();

  /** Groups ranked on the page, with the tests the worker has answered; asks for the missing ones. */
  fill(
    groups: GroupComparison[],
    runIds: readonly string[],
    preferredKey: string | undefined
  ): GroupComparison[] {
    let missing = false;
    const out = groups.map((g) => {
      if (!g.pending) return g;
      const key = significanceKey(g);
      if (!this.#tests.has(key)) {
        missing ||= !this.#asked.has(key);
        return g;
      }
      const significance = this.#tests.get(key) ?? null;
      return {
        ...g,
        pending: false,
        significance,
        note: significance ? undefined : 'The significance test could not be computed for these runs.'
      };
    });
    if (missing) {
      for (const g of groups) if (g.pending) this.#asked.add(significanceKey(g));
      const ids = [...runIds];
      setTimeout(() => void this.askTests(ids, preferredKey), 0);
    }
    return out;
  }

  private async askTests(runIds: string[], preferredKey: string | undefined): Promise<void> {
    try {
      const answers = await withRunStats((api) => api.significance(runIds, preferredKey));
      const next = new Map(this.#tests);
      for (const a of answers) next.set(a.key, a.significance);
      this.#tests = next;
    } catch {
      // Asked again on the next change of the runs.
      this.#asked.clear();
    }
  }

  /** An ablation study's intervals, once the worker has them ([] until then). */
  ablation(runs: readonly LabRun[]): AblationDelta[] {
    const key = runs
      .map((r) => `${r.id}:${r.status}`)
      .sort()
      .join();
    const known = this.#ablations.get(key);
    if (known) return known;
    if (!this.#asked.has(key)) {
      this.#asked.add(key);
      const ids = runs.map((r) => r.id);
      setTimeout(() => void this.askAblation(key, ids), 0);
    }
    return [];
  }

  private async askAblation(key: string, ids: string[]): Promise<void> {
    try {
      const deltas = await withRunStats((api) => api.ablation(ids));
      this.#ablations = new Map(this.#ablations).set(key, deltas);
    } catch {
      this.#asked.delete(key);
    }
  }
}
