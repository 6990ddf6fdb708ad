/**
 * The Analytics page's state and orchestration, outside the component: which dataset, its
 * aggregates (computed once per dataset id and kept for the tab's lifetime, so coming back to
 * the page is instant), the model aggregates from stored runs on that dataset, and the
 * embedding map of the best run (weights read once per run id).
 *
 * The dataset is read and aggregated in the analytics worker (workers/analytics.ts), as are
 * the gap table at other thresholds and the embedding map, so the page never blocks on a large
 * dataset, as are the model aggregates (bootstrap intervals over every test customer).
 *
 * Timing: `analyticsMs` is the time from "the dataset is in memory" to "every aggregate the
 * page draws is computed" (dataset + model aggregates, timed in the worker); the page
 * writes it to data-analytics-ms. `loadMs` is the worker's read from IndexedDB.
 */
import type { LabRun } from '$lib/core/pipeline/run-record';
import type { DatasetAnalytics, EmbeddingInputs, GapAnalysis, ModelAnalytics } from '$lib/core/analytics';
import type { LayoutAnalytics } from '$lib/core/analytics/layout-analytics';
import type { AnalyticsApi, EmbeddingOutcome } from '../../../workers/analytics';
import { datasetsState } from './datasets.svelte';
import { RunsState } from './runs.svelte';
import { WorkerBridge } from './worker-bridge';

export type AnalyticsStatus =
  'idle' | 'loading' | 'computing' | 'ready' | 'no-dataset' | 'no-tables' | 'error';

interface Cached {
  id: string;
  analytics: DatasetAnalytics;
  /** Milliseconds to read the dataset from IndexedDB (the first time). */
  loadMs: number;
}

/** One dataset's aggregates per tab (the current one): a 1M-customer dataset is too big to keep several. */
let datasetCache: Cached | null = null;
const embeddingCache = new Map<string, EmbeddingInputs>();

/** One analytics worker per tab: it keeps the current dataset for gap recomputation across visits. */
let bridge: WorkerBridge<AnalyticsApi> | undefined;
const worker = () =>
  (bridge ??= new WorkerBridge<AnalyticsApi>({
    label: 'analytics worker',
    create: () =>
      new Worker(new URL('../../../workers/analytics.ts', import.meta.url), {
        type: 'module',
        name: 'analytics'
      })
  }));

export const GAP_FACTORS = [1, 1.25, 1.5, 2] as const;
export const GAP_SHARES = [0.1, 0.25, 0.5] as const;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class AnalyticsPage {
  readonly datasets = datasetsState();
  readonly runs = new RunsState();

  status = $state<AnalyticsStatus>('idle');
  error = $state<string | null>(null);
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
      this.models = null;
      return;
    }
    try {
      if (meta.kind !== 'telco') {
        // No raw tables: the items, their co-adoption and the customer feature groups the dataset has.
        this.data = null;
        const out = await worker().call((w) => w.layout(meta.id, this.datasetRuns));
        if (seq !== this.loadSeq) return;
        this.status = 'no-tables';
        this.loadMs = out.loadMs;
        this.fromCache = false;
        this.layout = out.layout;
        this.models = out.models;
        this.analyticsMs = out.computeMs;
        void this.loadEmbedding(seq);
        return;
      }
      let cached = datasetCache?.id === meta.id ? datasetCache : null;
      this.fromCache = cached !== null;
      let datasetMs = 0;
      if (!cached) {
        this.status = 'loading';
        const loadMs = await worker().call((w) => w.read(meta.id));
        if (seq !== this.loadSeq) return;
        this.status = 'computing';
        this.loadMs = loadMs;
        const out = await worker().call((w) => w.analyse(meta.id));
        if (seq !== this.loadSeq) return;
        datasetMs = out.computeMs;
        cached = { id: meta.id, analytics: out.analytics, loadMs };
        datasetCache = cached;
      } else {
        this.loadMs = cached.loadMs;
      }
      const out = await worker().call((w) => w.models(this.datasetRuns));
      if (seq !== this.loadSeq) return;
      this.data = cached.analytics;
      this.models = out.models;
      this.analyticsMs = datasetMs + out.computeMs;
      this.status = 'ready';
      void this.loadEmbedding(seq);
    } catch (err) {
      if (seq !== this.loadSeq) return;
      this.status = 'error';
      this.error = `Could not analyse dataset "${meta.name}": ${message(err)}`;
    }
  }

  /** Recomputes the gap table at other thresholds (in the worker: a few hundred ms on 50k customers). */
  async setGapThresholds(factor: number, share: number): Promise<void> {
    this.gapFactor = factor;
    this.gapShare = share;
    const id = datasetCache?.id;
    if (!this.data || id !== this.datasets.current?.id || !id) return;
    const d = this.data.gaps;
    if (factor === d.overBudgetFactor && share === d.minShare) {
      this.gapsOverride = null;
      return;
    }
    const seq = this.loadSeq;
    try {
      const gaps = await worker().call((w) => w.gaps(id, factor, share, d.dataCuts));
      if (seq === this.loadSeq && this.gapFactor === factor && this.gapShare === share)
        this.gapsOverride = gaps;
    } catch (err) {
      if (seq === this.loadSeq) this.error = `Could not recompute the gaps: ${message(err)}`;
    }
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
      const datasetId = this.status === 'ready' ? (datasetCache?.id ?? null) : null;
      const out = await worker().call((w) => w.embedding(best.runId, datasetId) as Promise<EmbeddingOutcome>);
      if (seq !== this.loadSeq) return;
      if (!out.ok) {
        this.embeddingStatus = 'none';
        this.embeddingError = out.reason;
        return;
      }
      embeddingCache.set(best.runId, out.inputs);
      this.embedding = out.inputs;
      this.embeddingStatus = 'ready';
    } catch (err) {
      if (seq !== this.loadSeq) return;
      this.embeddingStatus = 'error';
      this.embeddingError = `Could not read the best run's weights: ${message(err)}`;
    }
  }
}
