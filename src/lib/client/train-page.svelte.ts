/**
 * The Train page's state and actions, outside the component: feature and model selection,
 * starting runs (and ablation studies) in the worker pool, storing finished runs, and the
 * comparison derived from what is stored.
 */
import { planBackends, type BackendPlan, type BackendPreference } from '$lib/core/backend';
import { probeWebgl } from '$lib/browser/webgl-probe';
import type { LossName, ModelConfigInput } from '$lib/core/model/config';
import { ALL_FEATURES } from '$lib/core/features/feature-space';
import { featureCatalogue, importedCatalogue, type FeatureGroupDoc } from '$lib/core/features/catalogue';
import type { GroupSelection } from '$lib/core/features/imported-groups';
import { compareRunGroups, type GroupComparison } from '$lib/core/pipeline/comparison';
import { evaluationKey } from '$lib/core/pipeline/run-groups';
import { runLabels } from '$lib/core/pipeline/run-label';
import type { SplitOptions } from '$lib/core/data/split';
import { ablationVariants, type AblationDelta } from '$lib/core/pipeline/ablation';
import type { ReferenceRow } from '$lib/core/pipeline/reference-rows';
import type { TrainingReferences } from '$lib/core/pipeline/training-references';
import type { LabRun } from '$lib/core/pipeline/run-record';
import type { CheckpointInfo } from '$lib/core/pipeline/run-checkpoint';
import type { ReferencesApi } from '../../../workers/references';
import { WorkerBridge } from './worker-bridge';
import { trainsAlone } from './trainer-pool';
import { datasetsState } from './datasets.svelte';
import { RunsState } from './runs.svelte';
import { runsTrainingNow } from './run-locks';
import { TrainingSession } from './training.svelte';
import { RunStats } from './run-stats.svelte';
import { MODEL_CHOICES, paramsToConfig, type ModelParams } from './model-choices';
import type { TrainSettings } from '$lib/core/session/train-settings';
import {
  defaultTrainSettings,
  loadTrainSettings,
  rememberSessionRun,
  saveTrainSettings,
  sessionRunIds,
  storedRunView
} from './train-memory';
import type { RunView } from './training.svelte';
import { clampCores, defaultCores } from './cores';
import { DEFAULT_EVAL_SAMPLE_SIZE, EVAL_SAMPLE_FROM_CUSTOMERS } from '$lib/core/eval/user-sample';

const DEFAULTS = defaultTrainSettings();

/**
 * A reference worker (workers/references.ts) for one call: it reads a whole dataset, so it is
 * closed afterwards rather than kept holding that memory beside the training workers.
 */
async function computeReferences(
  meta: Parameters<ReferencesApi['references']>[0]
): Promise<TrainingReferences> {
  const bridge = new WorkerBridge<ReferencesApi>({
    label: 'reference worker',
    create: () =>
      new Worker(new URL('../../../workers/references.ts', import.meta.url), {
        type: 'module',
        name: 'references'
      })
  });
  try {
    return await bridge.call((api) => api.references(meta));
  } finally {
    bridge.terminate();
  }
}

export class TrainPage {
  readonly datasets = datasetsState();
  readonly runs = new RunsState();
  readonly session = new TrainingSession();
  /** Significance tests and ablation intervals, computed in a worker. */
  private readonly stats = new RunStats();

  backend = $state<BackendPreference>('auto');
  /** What Automatic will try first and why, from a WebGL probe on this page (the worker probes again). */
  autoPlan = $state.raw<BackendPlan | null>(null);
  /** The feature groups on offer: the synthetic catalogue, or an imported dataset's own (by name prefix). */
  catalogue = $state.raw<FeatureGroupDoc[]>(featureCatalogue());
  customerGroups = $state<string[]>([...ALL_FEATURES.customer]);
  planGroups = $state<string[]>([...ALL_FEATURES.plan]);
  /** Individual features switched off inside enabled groups (attribute names such as "sms_trend"; full names for imported data). */
  excludedFeatures = $state<string[]>([]);
  /** How the current dataset is split into train and test, in words. */
  splitNote = $state('');
  selectedModels = $state<LossName[]>([...DEFAULTS.selectedModels] as LossName[]);
  params = $state<Record<LossName, ModelParams>>(
    defaultTrainSettings().params as unknown as Record<LossName, ModelParams>
  );
  seed = $state(DEFAULTS.seed);
  /** Cores each run splits its batches across (core/model/batch-parallel.ts). */
  cores = $state(defaultCores());
  /** Choose each run's epochs on 10% of train and refit (early stopping). */
  earlyStopping = $state(false);
  /**
   * Evaluate on a seeded sample of test customers (the same for every run on the split) and keep
   * that sample's score matrix for the ensemble; ticked for large datasets when one is opened.
   */
  sampleEval = $state(false);
  sampleSize = $state(DEFAULT_EVAL_SAMPLE_SIZE);
  /** Draw the live curve on the test split (asked for); by default it is a validation split carved from train. */
  curveOnTest = $state(false);
  ablationModel = $state<LossName>('warp');
  references = $state.raw<ReferenceRow[]>([]);
  /** The split new runs here use (the dataset's default) and its evaluation key: where the reference rows belong. */
  defaultSplit = $state.raw<{ split: SplitOptions | undefined; key: string } | null>(null);
  /** Damaged parts of the Train settings kept from the last visit (each kept its default). */
  settingsProblems = $state.raw<string[]>([]);
  /** Runs this tab started before a reload (sessionStorage), shown again from the store. */
  private sessionIds = $state.raw<string[]>([]);
  private settingsLoaded = false;
  /** Test hook (?crashAfterMs=N): crash each new run's worker N ms after it starts. */
  crashAfterMs: number | undefined;

  get selection(): GroupSelection {
    return { customer: this.customerGroups, plan: this.planGroups, exclude: this.excludedFeatures };
  }

  /** The page's choices as plain data (kept across reloads, carried by a session file). */
  get settings(): TrainSettings {
    // Through JSON: a plain copy, and (in an effect) a dependency on every field read.
    return JSON.parse(
      JSON.stringify({
        selectedModels: this.selectedModels,
        params: this.params,
        seed: this.seed,
        backend: this.backend,
        earlyStopping: this.earlyStopping,
        curveOnTest: this.curveOnTest,
        cores: this.cores
      })
    ) as TrainSettings;
  }

  applySettings(s: TrainSettings): void {
    this.selectedModels = s.selectedModels as LossName[];
    this.params = s.params as unknown as Record<LossName, ModelParams>;
    this.seed = s.seed;
    this.backend = s.backend as BackendPreference;
    this.earlyStopping = s.earlyStopping;
    this.curveOnTest = s.curveOnTest;
    this.cores = clampCores(s.cores);
  }

  /** Keeps the choices for the next visit (once the stored ones were read, so defaults never overwrite them). */
  saveSettings(): void {
    const s = this.settings;
    if (this.settingsLoaded) saveTrainSettings(s);
  }

  /** Finished runs this tab started before a reload: their cards and curves, from the store. */
  get restoredCards(): RunView[] {
    const here = new Set(this.session.runs.map((r) => r.id));
    const byId = new Map(this.runs.list.map((r) => [r.id, r]));
    return this.sessionIds.flatMap((id) => {
      const run = byId.get(id);
      return run && !here.has(id) ? [storedRunView(run)] : [];
    });
  }

  /** Interrupted runs (their tab went away mid-run) not already resumed here. */
  get interrupted(): CheckpointInfo[] {
    const here = new Set(this.session.runs.map((r) => r.id));
    return this.runs.interrupted.filter((c) => !here.has(c.id));
  }

  /**
   * Continues an interrupted run from its checkpoint, with its own job, backend choice and name
   * (unless another tab has just resumed it: two tabs never train one run).
   */
  async resume(info: CheckpointInfo): Promise<void> {
    if ((await runsTrainingNow()).has(info.id)) {
      this.runs.error = `"${info.name}" is already training in another tab.`;
      return;
    }
    if (this.session.runs.some((r) => r.id === info.id && (r.status === 'queued' || r.status === 'running')))
      return;
    rememberSessionRun(info.id);
    this.session.start({
      name: info.name,
      datasetName: info.datasetName,
      backend: info.backend,
      ablation: info.ablation,
      job: info.job,
      resume: info,
      onFinished: (record) => this.runs.save(record)
    });
  }

  /** Finished runs on the current dataset, outside ablation studies. */
  get datasetRuns(): LabRun[] {
    const id = this.datasets.current?.id;
    return this.runs.list.filter((r) => r.datasetId === id && !r.ablation);
  }

  /**
   * One comparison per evaluation group (same split and dataset), the default split's first.
   * Ranked here; each group's significance test runs in a worker and fills in when it is back.
   */
  get comparisons(): GroupComparison[] {
    const runs = this.datasetRuns;
    const preferredKey = this.defaultSplit?.key;
    const groups = compareRunGroups({ runs, preferredKey, test: false });
    return this.stats.fill(
      groups,
      runs.map((r) => r.id),
      preferredKey
    );
  }

  /** Every run's label (model · split · seed · time · #id), by run id. */
  get labels(): Map<string, string> {
    return runLabels(this.runs.list);
  }

  /** The latest ablation study on the current dataset. */
  get ablation(): {
    study: string;
    model: string;
    runs: LabRun[];
    deltas: AblationDelta[];
    pending: number;
  } | null {
    const id = this.datasets.current?.id;
    const studies = this.runs.list.filter((r) => r.datasetId === id && r.ablation);
    const liveStudies = this.session.runs.filter((r) => r.ablation);
    const latest = liveStudies.at(-1)?.ablation?.study ?? studies[0]?.ablation?.study;
    if (!latest) return null;
    const runs = studies.filter((r) => r.ablation?.study === latest);
    const pending = liveStudies.filter(
      (r) => r.ablation?.study === latest && (r.status === 'queued' || r.status === 'running')
    ).length;
    const model = runs[0]?.name.split(' · ')[0] ?? liveStudies.at(-1)?.name.split(' · ')[0] ?? '';
    return { study: latest, model, runs, deltas: pending > 0 ? [] : this.stats.ablation(runs), pending };
  }

  async load(): Promise<void> {
    const url = new URL(location.href);
    const crash = url.searchParams.get('crashAfterMs');
    this.crashAfterMs = crash ? Number(crash) : undefined;
    this.autoPlan = planBackends('auto', probeWebgl());
    const kept = loadTrainSettings(this.settings);
    this.applySettings(kept.settings);
    this.settingsProblems = kept.problems;
    this.settingsLoaded = true;
    this.sessionIds = sessionRunIds();
    await Promise.all([this.datasets.refresh(), this.runs.refresh()]);
    await this.loadReferences();
  }

  async generateDefault(): Promise<void> {
    await this.datasets.generate({ customers: 5000, seed: 42 });
    await this.loadReferences();
  }

  async selectDataset(id: string): Promise<void> {
    this.datasets.select(id);
    await this.loadReferences();
  }

  /** Popularity on the split the runs use, and the ideal ranking's ceiling for synthetic data. */
  async loadReferences(): Promise<void> {
    const meta = this.datasets.current;
    this.sampleEval = (meta?.sizes?.customers ?? 0) >= EVAL_SAMPLE_FROM_CUSTOMERS;
    if (!meta) {
      this.references = [];
      this.defaultSplit = null;
      return;
    }
    try {
      // Reading, splitting and ranking a whole dataset: in the worker, so a 1M-customer dataset never blocks the page.
      const refs = await computeReferences({
        id: meta.id,
        kind: meta.kind,
        ceilings: $state.snapshot(meta.summary?.ceilings)
      });
      if (this.datasets.current?.id !== meta.id) return; // another dataset was picked meanwhile
      this.offerFeatures(refs.imported);
      this.defaultSplit = {
        split: refs.split,
        key: evaluationKey({ datasetId: meta.id, split: refs.split })
      };
      this.references = refs.rows;
    } catch {
      this.references = [];
      this.defaultSplit = null;
    }
  }

  /** The feature groups and split text of the dataset just opened; every group starts ticked. */
  private offerFeatures(imported: TrainingReferences['imported']): void {
    if (imported) {
      this.catalogue = importedCatalogue(imported.groups);
      this.splitNote = imported.splitNote;
    } else {
      this.catalogue = featureCatalogue();
      // A drawn split is described from its options (describeSplit) beside the model picker.
      this.splitNote = '';
    }
    this.customerGroups = this.catalogue.filter((g) => g.side === 'customer').map((g) => g.id);
    this.planGroups = this.catalogue.filter((g) => g.side === 'plan').map((g) => g.id);
    this.excludedFeatures = [];
  }

  trainSelected(): void {
    const meta = this.datasets.current;
    if (!meta) return;
    for (const loss of this.selectedModels) {
      const choice = MODEL_CHOICES.find((m) => m.loss === loss)!;
      this.startRun({
        name: choice.label,
        config: paramsToConfig(loss, this.params[loss]),
        features: this.selection
      });
    }
  }

  /** Retrains the chosen model once per ablation variant (full, minus each group, identity only). */
  startAblation(): void {
    const loss = this.ablationModel;
    const choice = MODEL_CHOICES.find((m) => m.loss === loss)!;
    const study = `ablation-${Date.now().toString(36)}`;
    for (const v of ablationVariants(this.selection)) {
      this.startRun({
        name: `${choice.label} · ${v.label}`,
        config: paramsToConfig(loss, this.params[loss]),
        features: v.features,
        ablation: { study, variant: v.id, removed: v.removed }
      });
    }
  }

  private startRun(opts: {
    name: string;
    config: ModelConfigInput;
    features: GroupSelection;
    ablation?: LabRun['ablation'];
  }): void {
    const meta = this.datasets.current!;
    const id = this.session.start({
      name: opts.name,
      datasetName: meta.name,
      backend: this.backend,
      ablation: opts.ablation,
      crashAfterMs: this.crashAfterMs,
      // Every worker holds its own copy of the data and model: at 1M customers, one at a time.
      exclusive: trainsAlone(meta.summary?.customers),
      // Snapshots: $state proxies cannot be structured-cloned into a worker.
      job: {
        datasetId: meta.id,
        features: $state.snapshot(opts.features) as GroupSelection,
        config: $state.snapshot(opts.config) as ModelConfigInput,
        seed: this.seed,
        validateEvery: 1,
        curveSplit: this.curveOnTest ? 'test' : 'validation',
        earlyStopping: this.earlyStopping,
        cores: clampCores(this.cores),
        ...(this.sampleEval ? { evalSample: { size: Math.max(1, Math.round(this.sampleSize)) } } : {})
      },
      onFinished: (record) => this.runs.save(record)
    });
    rememberSessionRun(id);
  }
}
