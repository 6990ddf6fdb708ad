/**
 * Single-model mode: one stored run's list for the chosen customer (towers included) and the
 * exact explanation of a plan's score. A row of scores is cheap (one customer × the catalogue),
 * so it is computed here; the run's full matrix for re-ranking is the worker's (rerank.svelte.ts).
 */
import { topN } from '$lib/core/recommend/scoring';
import { identityFeatureName } from '$lib/core/recommend/explain';
import { explainModelScore, scoringUser, scoreUserRow } from '$lib/core/recommend/tower-scoring';
import { explanationLines, type ExplanationLinesResult } from '$lib/core/recommend/explanation-lines';
import { message, type LoadedModel, type PlanCardView, type RecommendContext } from './types';

export class SingleMode {
  runId = $state<string | null>(null);
  model = $state.raw<LoadedModel | null>(null);
  modelError = $state<string | null>(null);
  explainItem = $state<number | null>(null);

  constructor(private readonly page: RecommendContext) {}

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

  /** The chosen customer's scores from the chosen model (towers included), one per plan. */
  readonly row = $derived.by((): Float64Array | null => {
    const m = this.model;
    if (!m || !this.page.dataset || this.page.noCustomer) return null;
    const parts = { weights: m.model.weights, space: m.model, tower: m.model.tower };
    return scoreUserRow(scoringUser(parts, this.page.customer), m.items);
  });

  readonly list = $derived.by((): PlanCardView[] => {
    const row = this.row;
    if (!row) return [];
    return [...topN({ scores: row, nItems: row.length, n: this.page.topN })].map((i, rank) =>
      this.page.card(i, rank, row[i])
    );
  });

  /** The exact split of the chosen plan's score (explainItem, default the top plan). */
  readonly explanation = $derived.by(
    (): (ExplanationLinesResult & { item: number; deep: boolean }) | null => {
      const m = this.model;
      const item = this.explainItem ?? this.list[0]?.item;
      const customer = this.page.customer;
      if (!m || !this.page.dataset || item === undefined) return null;
      const space = m.model;
      const e = explainModelScore({
        weights: m.model.weights,
        space,
        tower: m.model.tower,
        user: customer,
        item
      });
      const u = space.userFeatures;
      const it = space.itemFeatures;
      const context = {
        userIdentity: identityFeatureName(
          space.userFeatureNames,
          u.indices.subarray(u.indptr[customer], u.indptr[customer + 1]),
          space.userIds[customer]
        ),
        itemIdentity: identityFeatureName(
          space.itemFeatureNames,
          it.indices.subarray(it.indptr[item], it.indptr[item + 1]),
          space.itemIds[item]
        )
      };
      return { ...explanationLines({ explanation: e, top: 4, context }), item, deep: Boolean(m.model.tower) };
    }
  );
}
