/**
 * Cold-start mode: a new customer's profile scored by content rules, by a run's features-only
 * model and by the tenure blend (one profile: its features are named here with the dataset's
 * feature bands, which the worker computes once per dataset, and scored by the recommend worker,
 * which holds the run's model), plus the evaluation on held-out customers (in the recommend
 * worker) and training a held-out-customer run (in the training worker).
 */
import type { FinishedRun } from '$lib/core/pipeline/run-record';
import { ALL_FEATURES } from '$lib/core/features/feature-space';
import {
  CUSTOMER_GROUPS,
  type CustomerGroup,
  type FeatureThresholds
} from '$lib/core/features/customer-features';
import { profileFeatureNames } from '$lib/core/features/profile';
import { topN } from '$lib/core/recommend/scoring';
import { contentScores, type ColdStartProfile } from '$lib/core/recommend/content-rules';
import {
  coldStartRecommend,
  DEFAULT_TENURE_POLICY,
  type ColdStartEvaluationRow,
  type TenurePolicy
} from '$lib/core/recommend/cold-start';
import { featureProfile } from '$lib/core/recommend/page-data';
import { runLabel } from '$lib/core/pipeline/run-label';
import { defaultParams, paramsToConfig } from '../model-choices';
import type { DatasetsState } from '../datasets.svelte';
import type { RunsState } from '../runs.svelte';
import type { TrainingSession } from '../training.svelte';
import { message, splitLabel, type LoadedModel, type PlanCardView, type RecommendContext } from './types';

/** The features-only model's scores for a profile, or why there are none. */
type ModelRow = { model: Float64Array | null; modelNote: string | null };

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

/** The two weightiest true reasons of a plan, as card text. */
const topReasons = (reasons: readonly { text: string }[]) => reasons.slice(0, 2).map((r) => r.text);

export interface ColdModeDeps {
  datasets: DatasetsState;
  runs: RunsState;
  session: TrainingSession;
}

export class ColdMode {
  profile = $state<ColdStartProfile>({ ...DEFAULT_PROFILE });
  submittedProfile = $state.raw<ColdStartProfile | null>(null);
  policy = $state<TenurePolicy>({ ...DEFAULT_TENURE_POLICY });
  runId = $state<string | null>(null);
  model = $state.raw<LoadedModel | null>(null);
  error = $state<string | null>(null);
  evaluation = $state.raw<{
    rows: ColdStartEvaluationRow[];
    runName: string;
    heldOut: number;
    share: number;
  } | null>(null);
  evalError = $state<string | null>(null);
  evalBusy = $state(false);
  trainEpochs = $state(10);
  trainComponents = $state(32);
  trainingId = $state<string | null>(null);
  /** The open dataset's customer feature bands (new profiles are banded with them). */
  bands = $state.raw<FeatureThresholds | null>(null);

  /** The chosen run's answer for the submitted profile, with what it answers (a late one is dropped). */
  private modelAnswer = $state.raw<{
    profile: ColdStartProfile;
    model: LoadedModel;
    bands: FeatureThresholds;
    row: ModelRow;
  } | null>(null);

  constructor(
    private readonly page: RecommendContext,
    private readonly deps: ColdModeDeps
  ) {
    $effect(() => {
      const profile = this.submittedProfile;
      const model = this.model;
      const bands = this.bands;
      const datasetId = this.page.datasetId;
      if (!profile || !model || !bands || !datasetId) return;
      let live = true;
      void this.askModelRow(datasetId, model, bands, profile).then((row) => {
        if (live) this.modelAnswer = { profile, model, bands, row };
      });
      return () => (live = false);
    });
  }

  async select(id: string): Promise<void> {
    this.runId = id;
    this.evaluation = null;
    await this.loadModel();
  }

  async loadModel(): Promise<void> {
    this.model = null;
    this.error = null;
    if (!this.runId) return;
    try {
      this.model = await this.page.loadModel(this.runId);
    } catch (err) {
      this.error = `Could not load the model: ${message(err)}`;
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
  readonly lists = $derived.by(() => {
    const p = this.submittedProfile;
    const ds = this.page.dataset;
    if (!p || !ds) return null;
    const n = this.page.topN;
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
      this.card(i, rank, content.scores[i], 'content', topReasons(content.reasons[i]))
    );
    const answer = this.modelRow(p);
    if (!answer) return null; // the worker has not answered for this profile yet
    const { model, modelNote } = answer;
    const modelCards = model
      ? [...topN({ scores: model, nItems: model.length, n })].map((i, rank) =>
          this.card(i, rank, model[i], 'model')
        )
      : [];
    const blend = coldStartRecommend({
      content: content.scores,
      model,
      daysSinceJoining: p.daysSinceJoining,
      policy: policyError ? {} : policy,
      n
    });
    const blendCards = blend.items.map((x) =>
      this.card(
        x.item,
        x.rank,
        x.score,
        x.source,
        x.source === 'model' ? [] : topReasons(content.reasons[x.item])
      )
    );
    return {
      contentCards,
      modelCards,
      blendCards,
      contentShare: blend.contentShare,
      modelNote,
      policyError,
      dataTier: content.dataTier
    };
  });

  /** The chosen run's scores for a profile from its features alone, or why there are none; null while asked. */
  private modelRow(p: ColdStartProfile): ModelRow | null {
    const m = this.model;
    if (!m)
      return {
        model: null,
        modelNote: 'Choose a run trained with customer features for the model-based lists.'
      };
    if (!this.bands) return { model: null, modelNote: 'The dataset’s feature bands are not computed yet.' };
    const a = this.modelAnswer;
    return a && a.profile === p && a.model === m && a.bands === this.bands ? a.row : null;
  }

  /** Names the profile's features with the dataset's bands; the worker scores them with the run's model. */
  private async askModelRow(
    datasetId: string,
    m: LoadedModel,
    bands: FeatureThresholds,
    p: ColdStartProfile
  ): Promise<ModelRow> {
    try {
      const groups = (m.run.features?.customer ?? CUSTOMER_GROUPS) as readonly CustomerGroup[];
      const names = profileFeatureNames({ profile: featureProfile(p), thresholds: bands, groups });
      const { scores, unknown } = await this.page.compute.call((w) =>
        w.profileScores(datasetId, m.run.id, names)
      );
      if (!scores)
        return {
          model: null,
          modelNote: `"${runLabel(m.run)}" knows none of this profile's features (trained without customer features?).`
        };
      return {
        model: scores,
        modelNote: unknown > 0 ? `${unknown} profile feature(s) unknown to this model were ignored.` : null
      };
    } catch (err) {
      return { model: null, modelNote: message(err) };
    }
  }

  private card(
    item: number,
    rank: number,
    score: number,
    source: 'content' | 'model' | 'blend',
    reasons: string[] = []
  ): PlanCardView {
    return { item, rank, plan: this.page.dataset!.plans[item], score, current: false, source, reasons };
  }

  /** P@5 and NDCG@5 on the chosen held-out-customer run's test customers, each treated as new (in the worker). */
  async evaluate(): Promise<void> {
    const datasetId = this.page.datasetId;
    const m = this.model;
    this.evalError = null;
    if (!datasetId || !m) return;
    if (m.run.split?.kind !== 'cold_start') {
      this.evalError = `"${runLabel(m.run)}" was trained on a ${splitLabel(m.run.split)} split, so it has seen every customer: choose (or train) a run on the held-out-customer split.`;
      return;
    }
    this.evalBusy = true;
    try {
      const share = this.policy.blendContentShare;
      const out = await this.page.compute.call((w) => w.evaluateColdStart(datasetId, m.run.id, share));
      this.evaluation = { rows: out.rows, runName: runLabel(m.run), heldOut: out.heldOut, share };
    } catch (err) {
      this.evalError = message(err);
    } finally {
      this.evalBusy = false;
    }
  }

  get training(): { status: string; epoch: number; epochs: number; error?: string } | null {
    const run = this.deps.session.runs.find((r) => r.id === this.trainingId);
    return run
      ? { status: run.status, epoch: run.epoch, epochs: run.epochs, error: run.error?.message }
      : null;
  }

  /** Trains WARP with all features on the held-out-customer split in a worker, then evaluates with it. */
  train(): void {
    const meta = this.deps.datasets.current;
    if (!meta || this.deps.session.active) return;
    const params = { ...defaultParams('warp'), epochs: this.trainEpochs, components: this.trainComponents };
    this.trainingId = this.deps.session.start({
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
      onFinished: (record) => void this.afterTraining(record)
    });
  }

  private async afterTraining(record: FinishedRun): Promise<void> {
    await this.deps.runs.save(record);
    if (record.status !== 'done') return;
    await this.select(record.id);
    await this.evaluate();
  }
}
