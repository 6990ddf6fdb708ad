/**
 * The Recommend page's state: the dataset and stored runs, the customer picker, and one state
 * class per mode (recommend/): single model, revenue re-ranking, the live ensemble, cold start.
 * Heavy work (full score matrices, the ensemble over every customer, the weight search, the
 * cold-start evaluation, the feature bands) runs in the recommend worker (workers/recommend.ts);
 * it also holds the chosen runs' models and answers for one customer at a time (the page holds
 * no model). The optional cold-start model trains in the training worker.
 */
import { LayoutRecommend } from './layout-recommend.svelte';
import { datasetsState } from './datasets.svelte';
import { RunsState } from './runs.svelte';
import { TrainingSession } from './training.svelte';
import type { LabRun } from '$lib/core/pipeline/run-record';
import { BUNDLES, SEGMENTS } from '$lib/core/data/schema';
import { searchCustomers, type RecommendView } from '$lib/core/recommend/page-data';
import { runLabels } from '$lib/core/pipeline/run-label';
import {
  defaultRunId,
  defaultColdRunId,
  ensembleCandidates,
  runOptionGroups,
  type RunOptionGroup
} from '$lib/core/pipeline/run-options';
import { recommendBridge } from './recommend/compute';
import { OncePerKey } from './recommend/once-per-key';
import { SingleMode } from './recommend/single.svelte';
import { RerankMode } from './recommend/rerank.svelte';
import { EnsembleMode } from './recommend/ensemble.svelte';
import { ColdMode } from './recommend/cold.svelte';
import {
  message,
  type LoadedModel,
  type Mode,
  type PlanCardView,
  type RecommendContext
} from './recommend/types';

export {
  LIVE_METRICS,
  METRIC_LABELS,
  RERANK_LAMBDAS,
  splitLabel,
  type EnsembleMethod,
  type Mode,
  type PlanCardView
} from './recommend/types';

export class RecommendPage implements RecommendContext {
  readonly datasets = datasetsState();
  readonly runs = new RunsState();
  readonly session = new TrainingSession();
  readonly compute = recommendBridge();

  mode = $state<Mode>('single');
  /** What the page shows of the open dataset; the recommend worker reads and holds the whole of it. */
  dataset = $state.raw<RecommendView | null>(null);
  datasetId = $state<string | null>(null);
  datasetError = $state<string | null>(null);
  loadingDataset = $state(false);
  private modelCache = new OncePerKey<LoadedModel>();

  // ── customer picker ──
  query = $state('');
  segmentFilter = $state<number | null>(null);
  customer = $state(0);
  topN = $state(5);

  readonly single = new SingleMode(this);
  readonly rerank = new RerankMode(this, this.single);
  readonly ensemble = new EnsembleMode(this, () => this.runs.list);
  readonly cold = new ColdMode(this, this);
  /** Recommendations on a dataset without raw tables (parity layout, wide table). */
  readonly layout = new LayoutRecommend();

  readonly bundleOptions = BUNDLES;
  readonly segmentOptions = SEGMENTS;

  // ───────────────────────────── runs ─────────────────────────────

  /** Finished runs with a model on the current dataset (ablation runs left out). */
  get modelRuns(): LabRun[] {
    const id = this.datasets.current?.id;
    return this.runs.list.filter(
      (r) => r.datasetId === id && r.status === 'done' && r.manifest && !r.ablation
    );
  }

  /** Runs that can be mixed: score matrices, all tested on one split (run-options.ts). */
  get ensembleCandidates(): LabRun[] {
    const ds = this.dataset;
    return ds ? ensembleCandidates(this.modelRuns, ds.customers.ids.length * ds.plans.length) : [];
  }

  /** The model list, grouped by the split the runs were tested on, each run labelled apart. */
  get modelOptions(): RunOptionGroup[] {
    return runOptionGroups(this.modelRuns);
  }

  /** Every stored run's label (model · split · seed · time · #id), by id. */
  get labels(): Map<string, string> {
    return runLabels(this.runs.list);
  }

  /** Runs whose customer features can score a new profile (trained with customer features). */
  get featureRuns(): LabRun[] {
    return this.modelRuns.filter((r) => (r.features?.customer.length ?? 0) > 0);
  }

  /** Runs trained on the held-out-customer split: their held-out customers were never seen. */
  get coldSplitRuns(): LabRun[] {
    return this.featureRuns.filter((r) => r.split?.kind === 'cold_start');
  }

  // ───────────────────────────── loading ─────────────────────────────

  async load(): Promise<void> {
    await Promise.all([this.datasets.refresh(), this.runs.refresh()]);
    await this.loadDataset();
  }

  async selectDataset(id: string): Promise<void> {
    this.datasets.select(id);
    await this.loadDataset();
  }

  private async loadDataset(): Promise<void> {
    const meta = this.datasets.current;
    this.dataset = null;
    this.datasetId = null;
    this.single.model = null;
    this.cold.model = null;
    this.cold.bands = null;
    this.cold.evaluation = null;
    this.modelCache.clear();
    this.rerank.reset();
    this.ensemble.reset([]);
    await this.ensemble.rebuild();
    if (!meta) return;
    if (meta.kind !== 'telco') {
      // No raw tables: the page shows LayoutRecommend (layout-recommend.svelte.ts) instead.
      this.datasetError = null;
      await this.layout.open(meta.id, this.modelRuns);
      return;
    }
    this.loadingDataset = true;
    this.datasetError = null;
    try {
      const { view, bands } = await this.compute.call((w) => w.open(meta.id));
      this.dataset = view;
      this.datasetId = meta.id;
      this.cold.bands = bands;
      this.customer = 0;
      // The best run of the default split, never a newer run from another split.
      this.single.runId = defaultRunId(this.modelRuns) ?? this.modelRuns[0]?.id ?? null;
      this.cold.runId = defaultColdRunId(this.coldSplitRuns, this.featureRuns, this.single.runId);
      this.ensemble.reset(this.ensembleCandidates.map((r) => r.id));
      await Promise.all([this.loadSingle(), this.cold.loadModel(), this.ensemble.rebuild()]);
    } catch (err) {
      this.datasetError = `Could not open the dataset: ${message(err)}`;
    } finally {
      this.loadingDataset = false;
    }
  }

  /** A run's model, held in the worker; read once however many modes ask for it at the same time. */
  loadModel(id: string): Promise<LoadedModel> {
    return this.modelCache.get(id, () => this.holdModel(id));
  }

  private async holdModel(id: string): Promise<LoadedModel> {
    const datasetId = this.datasetId;
    // A run just trained (cold start) may not be listed yet: read the list again once.
    const listed = () => this.runs.list.find((r) => r.id === id);
    const run = listed() ?? (await this.runs.refresh().then(listed));
    if (!datasetId || !run) throw new Error('this run is no longer stored');
    if (!run.manifest) throw new Error('this run has no model');
    // The worker reads the model and checks it against the dataset; it stays there (held-model.ts).
    await this.compute.call((w) => w.hold(datasetId, id));
    const loaded: LoadedModel = { run };
    return loaded;
  }

  // ───────────────────────────── single model ─────────────────────────────

  async selectRun(id: string): Promise<void> {
    this.single.runId = id;
    await this.loadSingle();
  }

  /** The chosen run's model, then its re-ranking sweep (in the worker). */
  private loadSingle(): Promise<void> {
    return this.single.load((m) => this.rerank.prepare(m));
  }

  // ───────────────────────────── customer picker ─────────────────────────────

  readonly matches = $derived.by((): number[] => {
    const ds = this.dataset;
    if (!ds) return [];
    return searchCustomers({
      ids: ds.customers.ids,
      segments: ds.customers.segment,
      query: this.query,
      segment: this.segmentFilter,
      limit: 50
    });
  });

  /** The search and segment filter match nobody: no customer is shown (not the previous one). */
  get noCustomer(): boolean {
    return this.dataset !== null && this.matches.length === 0;
  }

  customerLabel(c: number): string {
    const ds = this.dataset;
    if (!ds || c < 0 || c >= ds.customers.ids.length) return '';
    const plan = ds.currentPlans[c];
    return `${ds.customers.ids[c]} · ${SEGMENTS[ds.customers.segment[c]]}${plan >= 0 ? ` · on ${ds.plans[plan].name}` : ''}`;
  }

  selectCustomer(c: number): void {
    this.customer = c;
    this.single.explainItem = null;
  }

  setQuery(q: string): void {
    this.query = q;
    this.followMatches();
  }

  setSegmentFilter(s: number | null): void {
    this.segmentFilter = s;
    this.followMatches();
  }

  /** Keeps the chosen customer among the matches (the first match otherwise). */
  private followMatches(): void {
    const first = this.matches[0];
    if (first !== undefined && !this.matches.includes(this.customer)) this.selectCustomer(first);
  }

  card(item: number, rank: number, score: number, extra: Partial<PlanCardView> = {}): PlanCardView {
    const ds = this.dataset!;
    return {
      item,
      rank,
      plan: ds.plans[item],
      score,
      current: ds.currentPlans[this.customer] === item,
      ...extra
    };
  }
}
