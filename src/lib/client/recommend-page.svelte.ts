/**
 * The Recommend page's state and actions, outside the components: the dataset and stored runs,
 * the customer picker, one model's list with exact explanations, the live weighted ensemble
 * (with weight search on a validation split), the cold-start profile builder and its
 * evaluation, and revenue-aware re-ranking. Everything is computed in plain JS on the main
 * thread from stored weights and score matrices (no TF.js here); only the optional cold-start
 * model trains in a worker.
 */
import { openDataset } from '$lib/store';
import { LayoutRecommend } from './layout-recommend.svelte';
import { datasetsState } from './datasets.svelte';
import { RunsState } from './runs.svelte';
import { TrainingSession } from './training.svelte';
import { defaultParams, paramsToConfig } from './model-choices';
import type { LabRun, LabRunWithWeights } from '$lib/core/pipeline/run-record';
import { deserializeModel } from '$lib/core/model/format';
import type { TrainedModel } from '$lib/core/model/model';
import { BUNDLES, SEGMENTS, type Plan, type TelcoDataset } from '$lib/core/data/schema';
import { adoptionsToInteractions, defaultSplitSeed, splitInteractions, type SplitOptions } from '$lib/core/data/split';
import { ALL_FEATURES, computeThresholdSet, type FeatureThresholdSet } from '$lib/core/features/feature-space';
import { computeUsageStats } from '$lib/core/features/usage-stats';
import { CUSTOMER_GROUPS, type CustomerGroup } from '$lib/core/features/customer-features';
import { profileFeatureNames } from '$lib/core/features/profile';
import type { Interactions } from '$lib/core/types';
import { compareModels, type CompareModelsResult } from '$lib/core/eval/significance';
import type { EvaluationResult } from '$lib/core/eval/metrics';
import { featureRowFromNames, topN, type Representations } from '$lib/core/recommend/scoring';
import { identityFeatureName } from '$lib/core/recommend/explain';
import { ensembleEvaluator, prepareEnsemble, type EnsembleEvaluator, type PreparedEnsemble } from '$lib/core/recommend/ensemble';
import { optimiseWeights, type OptimiseWeightsResult } from '$lib/core/recommend/optimise-weights';
import { contentScoreMatrix, contentScores, profileFromCustomer, type ColdStartProfile } from '$lib/core/recommend/content-rules';
import { coldStartRecommend, DEFAULT_TENURE_POLICY, evaluateColdStart, type ColdStartEvaluationRow, type TenurePolicy } from '$lib/core/recommend/cold-start';
import { rerankReport, revenueRerank, type RerankReportRow } from '$lib/core/recommend/revenue-rerank';
import { explainModelScore, scoringItems, scoringUser, scoreUserRow } from '$lib/core/recommend/tower-scoring';
import { explanationLines, type ExplanationLinesResult } from '$lib/core/recommend/explanation-lines';
import { compactUsers, featureProfile, featuresOnlyScores, latestPlans, searchCustomers } from '$lib/core/recommend/page-data';
import { getRun } from '$lib/store';
import { splitShortLabel } from '$lib/core/data/split-label';
import { runLabel, runLabels } from '$lib/core/pipeline/run-label';
import { defaultRunId, ensembleCandidates, runOptionGroups, type RunOptionGroup } from '$lib/core/pipeline/run-options';

export type Mode = 'single' | 'ensemble' | 'cold';

/** The two weightiest true reasons of a plan, as card text. */
const topReasons = (reasons: readonly { text: string }[]) => reasons.slice(0, 2).map((r) => r.text);
export type EnsembleMethod = 'zscore' | 'rank';

/** One plan card, ready to render. */
export interface PlanCardView {
  item: number;
  rank: number;
  plan: Plan;
  score: number;
  current: boolean;
  /** Cold start: which evidence produced the card. */
  source?: 'content' | 'model' | 'blend';
  /** Short plain-words reasons (content rules). */
  reasons?: string[];
}

interface LoadedModel {
  run: LabRun;
  model: TrainedModel;
  items: Representations;
}

export const LIVE_METRICS = ['precision@5', 'recall@5', 'ndcg@5', 'auc'] as const;
export const METRIC_LABELS: Record<string, string> = { 'precision@5': 'P@5', 'recall@5': 'R@5', 'ndcg@5': 'NDCG@5', auc: 'AUC' };
export const RERANK_LAMBDAS = [0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3] as const;

const DEFAULT_PROFILE: ColdStartProfile = {
  segment: 'residential',
  dataGb: 8,
  voiceMinutes: 300,
  sms: 50,
  priceSensitivity: 0.5,
  bundles: [],
  lines: 1,
  daysSinceJoining: 0
};

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function splitKey(s: SplitOptions | undefined): string {
  return `${s?.kind ?? 'random'}|${s?.testFraction ?? 0.2}|${s?.seed ?? 'default'}`;
}

/** The split in short words (one description for every page: core/data/split-label.ts). */
export const splitLabel = splitShortLabel;

export class RecommendPage {
  readonly datasets = datasetsState();
  readonly runs = new RunsState();
  readonly session = new TrainingSession();

  mode = $state<Mode>('single');
  dataset = $state.raw<TelcoDataset | null>(null);
  datasetError = $state<string | null>(null);
  loadingDataset = $state(false);
  private currentPlans: Int32Array = new Int32Array(0);
  private thresholdCache: { id: string; thresholds: FeatureThresholdSet } | null = null;
  private modelCache = new Map<string, LoadedModel>();
  private splitCache = new Map<string, { train: Interactions; test: Interactions }>();

  // ── customer picker ──
  query = $state('');
  segmentFilter = $state<number | null>(null);
  customer = $state(0);
  topN = $state(5);

  // ── single model ──
  runId = $state<string | null>(null);
  model = $state.raw<LoadedModel | null>(null);
  modelError = $state<string | null>(null);
  explainItem = $state<number | null>(null);

  // ── ensemble ──
  ensembleIds = $state.raw<string[]>([]);
  weights = $state.raw<number[]>([]);
  method = $state<EnsembleMethod>('zscore');
  ensembleResult = $state.raw<{ metrics: Record<string, number>; ms: number; medianMs: number; moves: number } | null>(null);
  private moveTimes: number[] = [];
  ensembleError = $state<string | null>(null);
  private prepared: PreparedEnsemble | null = null;
  private evaluator: EnsembleEvaluator | null = null;
  private ensembleVersion = $state(0);
  optimising = $state(false);
  optimised = $state.raw<{ result: OptimiseWeightsResult; names: string[]; bestSingle: string; significance: CompareModelsResult; validationNote: string; ms: number } | null>(null);

  // ── revenue re-ranking (single model) ──
  lambda = $state(0);
  rerankRows = $state.raw<RerankReportRow[]>([]);
  rerankCurrent = $state.raw<RerankReportRow | null>(null);
  private rerankSource: { runId: string; scores: Float32Array; train: Interactions; test: Interactions } | null = null;

  // ── cold start ──
  profile = $state<ColdStartProfile>({ ...DEFAULT_PROFILE });
  submittedProfile = $state.raw<ColdStartProfile | null>(null);
  policy = $state<TenurePolicy>({ ...DEFAULT_TENURE_POLICY });
  coldRunId = $state<string | null>(null);
  coldModel = $state.raw<LoadedModel | null>(null);
  coldError = $state<string | null>(null);
  coldEval = $state.raw<{ rows: ColdStartEvaluationRow[]; runName: string; heldOut: number; share: number } | null>(null);
  coldEvalError = $state<string | null>(null);
  coldEvalBusy = $state(false);
  coldTrainEpochs = $state(10);
  coldTrainComponents = $state(32);
  coldTrainingId = $state<string | null>(null);

  /** Recommendations on a dataset without raw tables (parity layout, wide table). */
  readonly layout = new LayoutRecommend();

  // ───────────────────────────── loading ─────────────────────────────

  /** Finished runs with a model on the current dataset (ablation runs left out). */
  get modelRuns(): LabRun[] {
    const id = this.datasets.current?.id;
    return this.runs.list.filter((r) => r.datasetId === id && r.status === 'done' && r.manifest && !r.ablation);
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
    this.model = null;
    this.coldModel = null;
    this.modelCache.clear();
    this.splitCache.clear();
    this.prepared = null;
    this.evaluator = null;
    this.ensembleResult = null;
    this.optimised = null;
    this.coldEval = null;
    this.rerankSource = null;
    this.rerankRows = [];
    this.rerankCurrent = null;
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
      const ds = await openDataset(meta.id);
      this.currentPlans = latestPlans(ds.adoptions, ds.customers.ids.length);
      this.dataset = ds;
      this.customer = 0;
      // The best run of the default split, never a newer run from another split.
      this.runId = defaultRunId(this.modelRuns) ?? this.modelRuns[0]?.id ?? null;
      this.coldRunId = (this.coldSplitRuns[0] ?? this.featureRuns[0])?.id ?? null;
      const cands = this.ensembleCandidates;
      this.ensembleIds = cands.map((r) => r.id);
      this.weights = cands.map(() => 1);
      await Promise.all([this.loadSingle(), this.loadColdModel()]);
      this.rebuildEnsemble();
    } catch (err) {
      this.datasetError = `Could not open the dataset: ${message(err)}`;
    } finally {
      this.loadingDataset = false;
    }
  }

  private async loadModel(id: string): Promise<LoadedModel> {
    const cached = this.modelCache.get(id);
    if (cached) return cached;
    const rec = (await getRun(id)) as unknown as LabRunWithWeights | undefined;
    if (!rec?.manifest) throw new Error('this run is no longer stored or has no model');
    const model = deserializeModel(rec.manifest, rec.weights);
    const ds = this.dataset;
    if (ds && (model.userIds.length !== ds.customers.ids.length || model.itemIds.length !== ds.plans.length)) {
      throw new Error(`the model was trained on ${model.userIds.length} customers × ${model.itemIds.length} plans, the dataset has ${ds.customers.ids.length} × ${ds.plans.length}`);
    }
    const { weights: _w, ...run } = rec;
    const loaded: LoadedModel = { run, model, items: scoringItems({ weights: model.weights, space: model, tower: model.tower }) };
    this.modelCache.set(id, loaded);
    return loaded;
  }

  private splitFor(split: SplitOptions | undefined): { train: Interactions; test: Interactions } {
    const ds = this.dataset!;
    const s: SplitOptions = { kind: 'random', ...split, seed: split?.seed ?? defaultSplitSeed(ds) };
    const key = splitKey(s);
    let out = this.splitCache.get(key);
    if (!out) {
      const parts = splitInteractions({ interactions: adoptionsToInteractions(ds), nUsers: ds.customers.ids.length, split: s });
      out = { train: parts.train, test: parts.test };
      this.splitCache.set(key, out);
    }
    return out;
  }

  private thresholds(): FeatureThresholdSet {
    const ds = this.dataset!;
    const id = this.datasets.current?.id ?? '';
    if (this.thresholdCache?.id !== id) {
      this.thresholdCache = { id, thresholds: computeThresholdSet(ds, computeUsageStats({ usage: ds.usage })) };
    }
    return this.thresholdCache.thresholds;
  }

  // ───────────────────────────── customer picker ─────────────────────────────

  readonly matches = $derived.by((): number[] => {
    const ds = this.dataset;
    if (!ds) return [];
    return searchCustomers({ ids: ds.customers.ids, segments: ds.customers.segment, query: this.query, segment: this.segmentFilter, limit: 50 });
  });

  /** The search and segment filter match nobody: no customer is shown (not the previous one). */
  get noCustomer(): boolean {
    return this.dataset !== null && this.matches.length === 0;
  }

  customerLabel(c: number): string {
    const ds = this.dataset;
    if (!ds || c < 0 || c >= ds.customers.ids.length) return '';
    const plan = this.currentPlans[c];
    return `${ds.customers.ids[c]} · ${SEGMENTS[ds.customers.segment[c]]}${plan >= 0 ? ` · on ${ds.plans[plan].name}` : ''}`;
  }

  selectCustomer(c: number): void {
    this.customer = c;
    this.explainItem = null;
  }

  setQuery(q: string): void {
    this.query = q;
    const first = this.matches[0];
    if (first !== undefined && !this.matches.includes(this.customer)) this.selectCustomer(first);
  }

  setSegmentFilter(s: number | null): void {
    this.segmentFilter = s;
    const first = this.matches[0];
    if (first !== undefined && !this.matches.includes(this.customer)) this.selectCustomer(first);
  }

  currentPlanOf(c: number): number {
    return this.currentPlans[c] ?? -1;
  }

  private card(item: number, rank: number, score: number, extra: Partial<PlanCardView> = {}): PlanCardView {
    const ds = this.dataset!;
    return { item, rank, plan: ds.plans[item], score, current: this.currentPlans[this.customer] === item, ...extra };
  }

  // ───────────────────────────── single model ─────────────────────────────

  async selectRun(id: string): Promise<void> {
    this.runId = id;
    await this.loadSingle();
  }

  private async loadSingle(): Promise<void> {
    this.model = null;
    this.modelError = null;
    this.explainItem = null;
    if (!this.runId) return;
    try {
      this.model = await this.loadModel(this.runId);
      this.prepareRerank();
    } catch (err) {
      this.modelError = `Could not load the model: ${message(err)}`;
    }
  }

  /** The chosen customer's scores from the chosen model (towers included), one per plan. */
  readonly singleRow = $derived.by((): Float64Array | null => {
    const m = this.model;
    if (!m || !this.dataset || this.noCustomer) return null;
    const parts = { weights: m.model.weights, space: m.model, tower: m.model.tower };
    return scoreUserRow(scoringUser(parts, this.customer), m.items);
  });

  readonly singleList = $derived.by((): PlanCardView[] => {
    const row = this.singleRow;
    if (!row) return [];
    return [...topN({ scores: row, nItems: row.length, n: this.topN })].map((i, rank) => this.card(i, rank, row[i]));
  });

  /** The exact split of the chosen plan's score (explainItem, default the top plan). */
  readonly explanation = $derived.by((): (ExplanationLinesResult & { item: number; deep: boolean }) | null => {
    const m = this.model;
    const ds = this.dataset;
    const item = this.explainItem ?? this.singleList[0]?.item;
    if (!m || !ds || item === undefined) return null;
    const space = m.model;
    const e = explainModelScore({ weights: m.model.weights, space, tower: m.model.tower, user: this.customer, item });
    const u = space.userFeatures;
    const it = space.itemFeatures;
    const context = {
      userIdentity: identityFeatureName(space.userFeatureNames, u.indices.subarray(u.indptr[this.customer], u.indptr[this.customer + 1]), space.userIds[this.customer]),
      itemIdentity: identityFeatureName(space.itemFeatureNames, it.indices.subarray(it.indptr[item], it.indptr[item + 1]), space.itemIds[item])
    };
    return { ...explanationLines({ explanation: e, top: 4, context }), item, deep: Boolean(m.model.tower) };
  });

  // ───────────────────────────── revenue re-ranking ─────────────────────────────

  private allScores(m: LoadedModel): Float32Array {
    if (m.run.scores && this.dataset && m.run.scores.length === this.dataset.customers.ids.length * this.dataset.plans.length) return m.run.scores;
    const parts = { weights: m.model.weights, space: m.model, tower: m.model.tower };
    const nU = m.model.userIds.length;
    const N = m.items.nRows;
    const out = new Float32Array(nU * N);
    for (let u = 0; u < nU; u++) out.set(scoreUserRow(scoringUser(parts, u), m.items), u * N);
    return out;
  }

  /** The λ sweep for the chosen model (P@5 and average top-5 price per λ on its test split). */
  private prepareRerank(): void {
    const m = this.model;
    const ds = this.dataset;
    if (!m || !ds) return;
    if (this.rerankSource?.runId === m.run.id) return;
    try {
      const { train, test } = this.splitFor(m.run.split);
      this.rerankSource = { runId: m.run.id, scores: this.allScores(m), train, test };
      const prices = ds.plans.map((p) => p.price);
      this.rerankRows = rerankReport({ scores: this.rerankSource.scores, nItems: ds.plans.length, prices, lambdas: RERANK_LAMBDAS, train, test, n: 5 });
      this.updateRerankCurrent();
    } catch (err) {
      this.modelError = `Re-ranking failed: ${message(err)}`;
    }
  }

  setLambda(v: number): void {
    this.lambda = v;
    this.updateRerankCurrent();
  }

  private updateRerankCurrent(): void {
    const src = this.rerankSource;
    const ds = this.dataset;
    if (!src || !ds) return;
    const known = this.rerankRows.find((r) => r.lambda === this.lambda);
    this.rerankCurrent =
      known ?? rerankReport({ scores: src.scores, nItems: ds.plans.length, prices: ds.plans.map((p) => p.price), lambdas: [this.lambda], train: src.train, test: src.test, n: 5 })[0];
  }

  /** The chosen customer's list re-ranked with the current λ. */
  readonly rerankList = $derived.by((): PlanCardView[] => {
    const row = this.singleRow;
    const ds = this.dataset;
    if (!row || !ds || this.noCustomer) return [];
    const s = revenueRerank({ scores: row, nItems: row.length, prices: ds.plans.map((p) => p.price), lambda: this.lambda });
    return [...topN({ scores: s, nItems: s.length, n: this.topN })].map((i, rank) => this.card(i, rank, s[i]));
  });

  // ───────────────────────────── ensemble ─────────────────────────────

  get ensembleRuns(): LabRun[] {
    return this.ensembleIds.map((id) => this.runs.list.find((r) => r.id === id)).filter((r): r is LabRun => Boolean(r));
  }

  setMethod(m: EnsembleMethod): void {
    this.method = m;
    this.optimised = null;
    this.rebuildEnsemble();
  }

  /** Normalises every member's matrix once and groups train/test once; slider moves reuse both. */
  rebuildEnsemble(): void {
    this.prepared = null;
    this.evaluator = null;
    this.ensembleResult = null;
    this.ensembleError = null;
    this.moveTimes = [];
    const runs = this.ensembleRuns;
    const ds = this.dataset;
    if (!ds || runs.length === 0) return;
    try {
      this.prepared = prepareEnsemble({ models: runs.map((r) => r.scores!), nItems: ds.plans.length, method: this.method });
      const { train, test } = this.splitFor(runs[0].split);
      this.evaluator = ensembleEvaluator({ prepared: this.prepared, train, test, ks: [5] });
      this.evaluateEnsemble();
    } catch (err) {
      this.ensembleError = message(err);
    }
  }

  setWeight(k: number, w: number): void {
    const next = this.weights.slice();
    next[k] = w;
    this.weights = next;
    this.evaluateEnsemble();
  }

  private evaluateEnsemble(): void {
    const ev = this.evaluator;
    if (!ev) return;
    if (!this.weights.some((w) => w > 0)) {
      // No ensemble exists with every weight at 0: drop the last metrics and list rather than show stale ones.
      this.ensembleResult = null;
      this.ensembleError = 'Every weight is 0: set at least one weight above 0 to get ensemble metrics and recommendations.';
      this.ensembleVersion++;
      return;
    }
    this.ensembleError = null;
    const t0 = performance.now();
    const res = ev.evaluate(this.weights);
    const ms = performance.now() - t0;
    this.moveTimes = [...this.moveTimes.slice(-49), ms];
    const sorted = [...this.moveTimes].sort((a, b) => a - b);
    const medianMs = sorted[(sorted.length - 1) >> 1];
    this.ensembleResult = { metrics: res.metrics, ms, medianMs, moves: (this.ensembleResult?.moves ?? 0) + 1 };
    this.ensembleVersion++;
  }

  /** The chosen customer's ensemble list (combined, normalised scores). */
  readonly ensembleList = $derived.by((): PlanCardView[] => {
    void this.ensembleVersion;
    const ev = this.evaluator;
    const ds = this.dataset;
    if (!ev || !ds || !this.ensembleResult || this.noCustomer) return [];
    const N = ds.plans.length;
    const row = ev.lastScores.subarray(this.customer * N, (this.customer + 1) * N);
    return [...topN({ scores: row, nItems: N, n: this.topN })].map((i, rank) => this.card(i, rank, row[i]));
  });

  /**
   * Searches weights on a validation split carved out of each run's training interactions (the
   * test split never enters), then compares the ensemble with the best single model on the test
   * split, per customer (paired bootstrap + Wilcoxon on P@5).
   */
  async optimise(): Promise<void> {
    const prepared = this.prepared;
    const runs = this.ensembleRuns;
    const ds = this.dataset;
    if (!prepared || !ds || runs.length < 2) return;
    this.optimising = true;
    this.ensembleError = null;
    await new Promise((r) => setTimeout(r, 0)); // let "searching…" paint
    try {
      const t0 = performance.now();
      const split = { kind: 'random' as const, ...runs[0].split, seed: runs[0].split?.seed ?? defaultSplitSeed(ds) };
      const held = (split.validationFraction ?? 0) > 0;
      const parts = splitInteractions({
        interactions: adoptionsToInteractions(ds),
        nUsers: ds.customers.ids.length,
        split: held ? split : { ...split, validationFraction: 0.1 }
      });
      const { train, test } = this.splitFor(runs[0].split);
      // Carving validation out of train must leave the runs' test split exactly as it was.
      if (parts.test.userIdx.length !== test.userIdx.length || parts.test.userIdx.some((u, k) => u !== test.userIdx[k] || parts.test.itemIdx[k] !== test.itemIdx[k])) {
        throw new Error('the validation split changed the test split; weight search stopped so the test comparison stays honest');
      }
      const result = optimiseWeights({ prepared, train: parts.train, validation: parts.validation!, metric: 'precision@5', step: runs.length <= 4 ? 0.1 : 0.2 });
      let bestM = 0;
      result.singleModelValues.forEach((v, m) => {
        if (v > result.singleModelValues[bestM]) bestM = m;
      });
      const testEval = ensembleEvaluator({ prepared, train, test, ks: [5], perUser: true });
      const ens: EvaluationResult = testEval.evaluate(result.weights);
      const single: EvaluationResult = testEval.evaluate(runs.map((_, m) => (m === bestM ? 1 : 0)));
      const significance = compareModels({ a: ens.perUser, b: single.perUser, metric: 'precision@5', iterations: 2000, seed: 0 });
      this.optimised = {
        result,
        names: runs.map((r) => this.labels.get(r.id) ?? r.name),
        bestSingle: this.labels.get(runs[bestM].id) ?? runs[bestM].name,
        significance,
        validationNote: held
          ? 'Validation: the share of interactions the runs held out for validation (never trained on, never the test split).'
          : 'Validation: 10% of each run’s training interactions, set aside here (never the test split). The stored models were trained on them, so validation favours models that fit training data closely; the ensemble-against-best-model comparison is on the test split, which the search never saw.',
        ms: performance.now() - t0
      };
      this.weights = result.weights.map((w) => Math.round(w * 100) / 100);
      this.evaluateEnsemble();
    } catch (err) {
      this.ensembleError = `Weight search failed: ${message(err)}`;
    } finally {
      this.optimising = false;
    }
  }

  // ───────────────────────────── cold start ─────────────────────────────

  async selectColdRun(id: string): Promise<void> {
    this.coldRunId = id;
    this.coldEval = null;
    await this.loadColdModel();
  }

  private async loadColdModel(): Promise<void> {
    this.coldModel = null;
    this.coldError = null;
    if (!this.coldRunId) return;
    try {
      this.coldModel = await this.loadModel(this.coldRunId);
    } catch (err) {
      this.coldError = `Could not load the model: ${message(err)}`;
    }
  }

  updateProfile(patch: Partial<ColdStartProfile>): void {
    this.profile = { ...this.profile, ...patch };
  }

  updatePolicy(patch: Partial<TenurePolicy>): void {
    this.policy = { ...this.policy, ...patch };
  }

  submitProfile(): void {
    this.submittedProfile = $state.snapshot(this.profile) as ColdStartProfile;
  }

  /** The three cold-start lists for the submitted profile. */
  readonly coldLists = $derived.by(() => {
    const p = this.submittedProfile;
    const ds = this.dataset;
    if (!p || !ds) return null;
    const n = this.topN;
    const policy = $state.snapshot(this.policy) as TenurePolicy;
    let policyError: string | null = null;
    try {
      // Validates the policy (thresholds in order, share in [0, 1]).
      coldStartRecommend({ content: [0], model: [0], daysSinceJoining: 0, policy, n: 1 });
    } catch (err) {
      policyError = message(err);
    }
    const content = contentScores({ profile: p, plans: ds.plans });
    const contentCards = [...topN({ scores: content.scores, nItems: ds.plans.length, n })].map((i, rank) =>
      this.coldCard(i, rank, content.scores[i], 'content', topReasons(content.reasons[i]))
    );
    let model: Float64Array | null = null;
    let modelNote: string | null = null;
    const m = this.coldModel;
    if (m) {
      try {
        const groups = (m.run.features?.customer ?? CUSTOMER_GROUPS) as readonly CustomerGroup[];
        const names = profileFeatureNames({ profile: featureProfile(p), thresholds: this.thresholds().customer, groups });
        const { row, unknown } = featureRowFromNames({ featureNames: m.model.userFeatureNames, features: names });
        if (row.indices.length === 0) modelNote = `"${runLabel(m.run)}" knows none of this profile's features (trained without customer features?).`;
        else {
          model = scoreUserRow(scoringUser({ weights: m.model.weights, space: m.model, tower: m.model.tower }, row), m.items);
          if (unknown.length > 0) modelNote = `${unknown.length} profile feature(s) unknown to this model were ignored.`;
        }
      } catch (err) {
        modelNote = message(err);
      }
    } else modelNote = 'Choose a run trained with customer features for the model-based lists.';
    const modelCards = model
      ? [...topN({ scores: model, nItems: model.length, n })].map((i, rank) => this.coldCard(i, rank, model![i], 'model'))
      : [];
    const blend = coldStartRecommend({ content: content.scores, model, daysSinceJoining: p.daysSinceJoining, policy: policyError ? {} : policy, n });
    const blendCards = blend.items.map((x) => this.coldCard(x.item, x.rank, x.score, x.source, x.source === 'model' ? [] : topReasons(content.reasons[x.item])));
    return { contentCards, modelCards, blendCards, contentShare: blend.contentShare, modelNote, policyError, dataTier: content.dataTier };
  });

  private coldCard(item: number, rank: number, score: number, source: 'content' | 'model' | 'blend', reasons: string[] = []): PlanCardView {
    return { item, rank, plan: this.dataset!.plans[item], score, current: false, source, reasons };
  }

  /** P@5 and NDCG@5 on the chosen held-out-customer run's test customers, each treated as new. */
  async evaluateCold(): Promise<void> {
    const ds = this.dataset;
    const m = this.coldModel;
    this.coldEvalError = null;
    if (!ds || !m) return;
    if (m.run.split?.kind !== 'cold_start') {
      this.coldEvalError = `"${runLabel(m.run)}" was trained on a ${splitLabel(m.run.split)} split, so it has seen every customer: choose (or train) a run on the held-out-customer split.`;
      return;
    }
    this.coldEvalBusy = true;
    await new Promise((r) => setTimeout(r, 0));
    try {
      const { train, test } = this.splitFor(m.run.split);
      const { users, interactions } = compactUsers(test);
      const profiles = Array.from(users, (u) => profileFromCustomer(ds, u));
      const content = contentScoreMatrix({ profiles, plans: ds.plans });
      const model = featuresOnlyScores({ weights: m.model.weights, space: m.model, tower: m.model.tower }, users);
      const share = this.policy.blendContentShare;
      const rows = evaluateColdStart({ nItems: ds.plans.length, contentScores: content, modelScores: model, test: interactions, popularityFrom: train, blendContentShare: share, ks: [5] });
      this.coldEval = { rows, runName: runLabel(m.run), heldOut: users.length, share };
    } catch (err) {
      this.coldEvalError = message(err);
    } finally {
      this.coldEvalBusy = false;
    }
  }

  get coldTraining(): { status: string; epoch: number; epochs: number; error?: string } | null {
    const run = this.session.runs.find((r) => r.id === this.coldTrainingId);
    return run ? { status: run.status, epoch: run.epoch, epochs: run.epochs, error: run.error?.message } : null;
  }

  /** Trains WARP with all features on the held-out-customer split in a worker, then evaluates with it. */
  trainColdModel(): void {
    const meta = this.datasets.current;
    if (!meta || this.session.active) return;
    const params = { ...defaultParams('warp'), epochs: this.coldTrainEpochs, components: this.coldTrainComponents };
    this.coldTrainingId = this.session.start({
      // The run label adds the split ("WARP · held-out customers (20%) · seed 1 · …").
      name: 'WARP',
      datasetName: meta.name,
      backend: 'auto',
      job: {
        datasetId: meta.id,
        features: { customer: [...ALL_FEATURES.customer], plan: [...ALL_FEATURES.plan] },
        split: { kind: 'cold_start' },
        config: paramsToConfig('warp', params),
        seed: 1
      },
      onFinished: (record) => void this.afterColdTraining(record)
    });
  }

  private async afterColdTraining(record: LabRunWithWeights): Promise<void> {
    await this.runs.save(record);
    if (record.status !== 'done') return;
    await this.selectColdRun(record.id);
    await this.evaluateCold();
  }

  bundleOptions = BUNDLES;
  segmentOptions = SEGMENTS;
}
