/**
 * Re-rank mode (under the single model): the λ sweep of revenue-aware re-ranking on the run's
 * test split, computed in the recommend worker (every customer; from 200,000 customers a seeded
 * sample of test customers, named in `sample`: core/recommend/rerank-sample.ts), and the chosen
 * customer's re-ranked list, computed here from the single model's row.
 */
import { topN } from '$lib/core/recommend/scoring';
import { revenueRerank, type RerankReportRow } from '$lib/core/recommend/revenue-rerank';
import type { RerankSample } from '$lib/core/recommend/rerank-sample';
import type { SingleMode } from './single.svelte';
import { message, RERANK_LAMBDAS, type LoadedModel, type PlanCardView, type RecommendContext } from './types';

export class RerankMode {
  lambda = $state(0);
  rows = $state.raw<RerankReportRow[]>([]);
  current = $state.raw<RerankReportRow | null>(null);
  /** The seeded sample of test customers the sweep was measured on; null: every customer. */
  sample = $state.raw<RerankSample | null>(null);
  private runId: string | null = null;
  /** Bumped by every sweep and λ change: a late answer for an older one is dropped. */
  private seq = 0;

  constructor(
    private readonly page: RecommendContext,
    private readonly single: SingleMode
  ) {}

  reset(): void {
    this.seq++;
    this.runId = null;
    this.rows = [];
    this.current = null;
    this.sample = null;
  }

  /** The λ sweep for a model (P@5 and average top-5 price per λ on its test split). */
  async prepare(m: LoadedModel): Promise<void> {
    const datasetId = this.page.datasetId;
    if (!datasetId || this.runId === m.run.id) return;
    this.reset();
    const seq = this.seq;
    try {
      const sweep = await this.page.compute.call((w) => w.rerank(datasetId, m.run.id, RERANK_LAMBDAS));
      if (seq !== this.seq) return;
      this.runId = m.run.id;
      this.rows = sweep.rows;
      this.sample = sweep.sample;
      await this.updateCurrent();
    } catch (err) {
      if (seq === this.seq) this.single.modelError = `Re-ranking failed: ${message(err)}`;
    }
  }

  async setLambda(v: number): Promise<void> {
    this.lambda = v;
    await this.updateCurrent();
  }

  private async updateCurrent(): Promise<void> {
    const runId = this.runId;
    const datasetId = this.page.datasetId;
    if (!runId || !datasetId) return;
    const lambda = this.lambda;
    const known = this.rows.find((r) => r.lambda === lambda);
    if (known) {
      this.current = known;
      return;
    }
    const seq = ++this.seq;
    try {
      const { rows } = await this.page.compute.call((w) => w.rerank(datasetId, runId, [lambda]));
      if (seq === this.seq) this.current = rows[0];
    } catch (err) {
      if (seq === this.seq) this.single.modelError = `Re-ranking failed: ${message(err)}`;
    }
  }

  /** The chosen customer's list re-ranked with the current λ. */
  readonly list = $derived.by((): PlanCardView[] => {
    const row = this.single.row;
    const ds = this.page.dataset;
    if (!row || !ds || this.page.noCustomer) return [];
    const s = revenueRerank({
      scores: row,
      nItems: row.length,
      prices: ds.plans.map((p) => p.price),
      lambda: this.lambda
    });
    return [...topN({ scores: s, nItems: s.length, n: this.page.topN })].map((i, rank) =>
      this.page.card(i, rank, s[i])
    );
  });
}
