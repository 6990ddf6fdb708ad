/**
 * The Analytics page's state and orchestration, outside the component: which dataset, its
 * aggregates (computed once per dataset id and kept for the tab's lifetime, so coming back to
 * the page is instant), the model aggregates from stored runs on that dataset, and the
 * embedding map of the best run (weights read once per run id).
 *
 * Timing: `analyticsMs` is the time from "the dataset is in memory" to "every aggregate the
 * page draws is computed" (dataset + models); the page writes it to data-analytics-ms.
 */
import type { TelcoDataset } from '$lib/core/data/schema';
import type { LabRun, LabRunWithWeights } from '$lib/core/pipeline/run-record';
import { deserializeModel } from '$lib/core/model/format';
import {
  datasetAnalytics, embeddingInputs, findGaps, modelAnalytics,
  type DatasetAnalytics, type EmbeddingInputs, type GapAnalysis, type ModelAnalytics
} from '$lib/core/analytics';
import { layoutAnalytics, type LayoutAnalytics } from '$lib/core/analytics/layout-analytics';
import { getRun, openDataset, openTrainTest } from '$lib/store';
import { datasetsState } from './datasets.svelte';
import { RunsState } from './runs.svelte';

export type AnalyticsStatus = 'idle' | 'loading' | 'computing' | 'ready' | 'no-dataset' | 'no-tables' | 'error';

interface Cached {
  id: string;
  dataset: TelcoDataset;
  analytics: DatasetAnalytics;
  /** Milliseconds to read the dataset from IndexedDB (the first time). */
  loadMs: number;
}

/** One dataset's aggregates per tab (the current one): a 1M-customer dataset is too big to keep several. */
let datasetCache: Cached | null = null;
const embeddingCache = new Map<string, EmbeddingInputs>();

export const GAP_FACTORS = [1, 1.25, 1.5, 2] as const;
export const GAP_SHARES = [0.1, 0.25, 0.5] as const;

const now = () => performance.now();
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
/** Lets the browser paint the "computing…" state before a long synchronous step. */
const nextFrame = () => new Promise<void>((r) => setTimeout(r, 0));

export class AnalyticsPage {
  readonly datasets = datasetsState();
  readonly runs = new RunsState();

  status = $state<AnalyticsStatus>('idle');
  error = $state<string | null>(null);
  dataset = $state.raw<TelcoDataset | null>(null);
  data = $state.raw<DatasetAnalytics | null>(null);
  models = $state.raw<ModelAnalytics | null>(null);
  /** Item and customer-feature aggregates of a dataset without raw tables (parity layout, wide table). */
  layout = $state.raw<LayoutAnalytics | null>(null);
  loadMs = $state<number | null>(null);
  analyticsMs = $state<number | null>(null);
  /** True when the aggregates came from the per-dataset cache (a second visit). */
  fromCache = $state(false);

  gapFactor = $state(1.25);
  gapShare = $state(0.25);
  gapsOverride = $state.raw<GapAnalysis | null>(null);

  embedding = $state.raw<EmbeddingInputs | null>(null);
  embeddingStatus = $state<'idle' | 'loading' | 'ready' | 'none' | 'error'>('idle');
  embeddingError = $state<string | null>(null);

  private loadSeq = 0;

  /** Finished runs on the current dataset (ablation variants left out, as on the Train page). */
  get datasetRuns(): LabRun[] {
    const id = this.datasets.current?.id;
    return this.runs.list.filter((r) => r.datasetId === id && r.status === 'done' && !r.ablation);
  }

  /** Gaps at the chosen thresholds (the defaults come with the cached aggregates). */
  get gaps(): GapAnalysis | null {
    return this.gapsOverride ?? this.data?.gaps ?? null;
  }

  async load(): Promise<void> {
    await Promise.all([this.datasets.refresh(), this.runs.refresh()]);
    await this.loadCurrent();
  }

  async selectDataset(id: string): Promise<void> {
    this.datasets.select(id);
    await this.loadCurrent();
  }

  /** Reads the current dataset (or takes it from the cache), computes its aggregates and the model ones. */
  async loadCurrent(): Promise<void> {
    const seq = ++this.loadSeq;
    const meta = this.datasets.current;
    this.error = null;
    this.gapsOverride = null;
    this.embedding = null;
    this.embeddingStatus = 'idle';
    this.layout = null;
    if (!meta) {
      this.status = 'no-dataset';
      this.data = null;
      this.dataset = null;
      this.models = null;
      return;
    }
    try {
      if (meta.kind !== 'telco') {
        // No raw tables: the items, their co-adoption and the customer feature groups the dataset has.
        this.status = 'no-tables';
        this.data = null;
        this.dataset = null;
        const tLoad = now();
        const data = await openTrainTest(meta.id);
        if (seq !== this.loadSeq) return;
        this.loadMs = now() - tLoad;
        this.fromCache = false;
        const t0 = now();
        this.layout = layoutAnalytics({ data });
        this.models = modelAnalytics({ runs: this.datasetRuns });
        this.analyticsMs = now() - t0;
        void this.loadEmbedding(seq);
        return;
      }
      let cached = datasetCache?.id === meta.id ? datasetCache : null;
      this.fromCache = cached !== null;
      let t0: number;
      if (!cached) {
        this.status = 'loading';
        const tLoad = now();
        const dataset = await openDataset(meta.id);
        const loadMs = now() - tLoad;
        if (seq !== this.loadSeq) return;
        this.status = 'computing';
        this.loadMs = loadMs;
        await nextFrame();
        if (seq !== this.loadSeq) return;
        t0 = now();
        cached = { id: meta.id, dataset, analytics: datasetAnalytics({ dataset }), loadMs };
        datasetCache = cached;
      } else {
        this.loadMs = cached.loadMs;
        t0 = now();
      }
      this.dataset = cached.dataset;
      this.data = cached.analytics;
      this.models = modelAnalytics({ runs: this.datasetRuns });
      this.analyticsMs = now() - t0;
      this.status = 'ready';
      void this.loadEmbedding(seq);
    } catch (err) {
      if (seq !== this.loadSeq) return;
      this.status = 'error';
      this.error = `Could not analyse dataset "${meta.name}": ${message(err)}`;
    }
  }

  /** Recomputes the gap table at other thresholds (a few hundred ms on 50k customers). */
  setGapThresholds(factor: number, share: number): void {
    this.gapFactor = factor;
    this.gapShare = share;
    if (!this.dataset || !this.data) return;
    const d = this.data.gaps;
    this.gapsOverride = factor === d.overBudgetFactor && share === d.minShare
      ? null
      : findGaps({ dataset: this.dataset, overBudgetFactor: factor, minShare: share, dataCuts: d.dataCuts });
  }

  /** The embedding map of the best run: its weights are read from IndexedDB once per run. */
  private async loadEmbedding(seq: number): Promise<void> {
    const best = this.models?.best;
    if (!best) {
      this.embeddingStatus = 'none';
      return;
    }
    const hit = embeddingCache.get(best.runId);
    if (hit) {
      this.embedding = hit;
      this.embeddingStatus = 'ready';
      return;
    }
    this.embeddingStatus = 'loading';
    try {
      const run = (await getRun(best.runId)) as unknown as LabRunWithWeights | undefined;
      if (seq !== this.loadSeq) return;
      if (!run?.manifest || !run.weights || run.weights.byteLength === 0) {
        this.embeddingStatus = 'none';
        this.embeddingError = `The best run "${best.name}" has no stored weights.`;
        return;
      }
      const model = deserializeModel(run.manifest, run.weights);
      const inputs = embeddingInputs({ model, dataset: this.dataset ?? undefined, sample: 400 });
      embeddingCache.set(best.runId, inputs);
      this.embedding = inputs;
      this.embeddingStatus = 'ready';
    } catch (err) {
      if (seq !== this.loadSeq) return;
      this.embeddingStatus = 'error';
      this.embeddingError = `Could not read the best run's weights: ${message(err)}`;
    }
  }
}
