/**
 * Single-model mode: one stored run's list for the chosen customer (towers included) and the
 * exact explanation of a plan's score. The run's model lives in the recommend worker, which
 * answers with the chosen customer's row and one explanation (a few hundred bytes) instead of
 * the page holding the model; the run's full sweep for re-ranking is the worker's too.
 */
import type { Remote } from 'comlink';
import { topN } from '$lib/core/recommend/scoring';
import type { PlanExplanation } from '$lib/core/recommend/held-model';
import type { RecommendApi } from '../../../../workers/recommend';
import { message, type LoadedModel, type PlanCardView, type RecommendContext } from './types';

export class SingleMode {
  runId = $state<string | null>(null);
  model = $state.raw<LoadedModel | null>(null);
  modelError = $state<string | null>(null);
  explainItem = $state<number | null>(null);
  /** The chosen customer's scores from the chosen model (towers included), one per plan. */
  row = $state.raw<Float64Array | null>(null);
  /** The exact split of the chosen plan's score (explainItem, default the top plan). */
  explanation = $state.raw<PlanExplanation | null>(null);

  constructor(private readonly page: RecommendContext) {
    // Asks the worker again whenever the model or the customer changes; a late answer is dropped.
    $effect(() => {
      const key = this.rowKey();
      this.row = null;
      if (!key) return;
      let live = true;
      void this.ask((w) => w.customerScores(key.datasetId, key.runId, key.customer)).then((row) => {
        if (live && row) this.row = row;
      });
      return () => (live = false);
    });
    $effect(() => {
      const key = this.rowKey();
      const item = this.explainItem ?? this.list[0]?.item;
      this.explanation = null;
      if (!key || item === undefined) return;
      let live = true;
      void this.ask((w) => w.explain(key.datasetId, key.runId, key.customer, item)).then((e) => {
        if (live && e) this.explanation = e;
      });
      return () => (live = false);
    });
  }

  private rowKey(): { datasetId: string; runId: string; customer: number } | null {
    const m = this.model;
    const datasetId = this.page.datasetId;
    if (!m || !datasetId || !this.page.dataset || this.page.noCustomer) return null;
    return { datasetId, runId: m.run.id, customer: this.page.customer };
  }

  private async ask<T>(job: (w: Remote<RecommendApi>) => Promise<T>): Promise<T | null> {
    try {
      return await this.page.compute.call(job);
    } catch (err) {
      this.modelError = `Could not score this customer: ${message(err)}`;
      return null;
    }
  }

  /** Loads the chosen run's model; `afterLoad` (the re-ranking sweep) runs before the call returns. */
  async load(afterLoad?: (m: LoadedModel) => Promise<void>): Promise<void> {
    this.model = null;
    this.modelError = null;
    this.explainItem = null;
    if (!this.runId) return;
    try {
      const m = await this.page.loadModel(this.runId);
      this.model = m;
      await afterLoad?.(m);
    } catch (err) {
      this.modelError = `Could not load the model: ${message(err)}`;
    }
  }

  readonly list = $derived.by((): PlanCardView[] => {
    const row = this.row;
    if (!row) return [];
    return [...topN({ scores: row, nItems: row.length, n: this.page.topN })].map((i, rank) =>
      this.page.card(i, rank, row[i])
    );
  });
}
