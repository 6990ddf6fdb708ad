/**
 * The recommend worker: a thin Comlink adapter for the Recommend page's heavy work (the chosen
 * runs' models, asked for one customer's scores or explanation at a time; the re-ranking sweep,
 * the live ensemble over every customer, the weight search, the cold-start evaluation, the
 * dataset's feature bands). It reads the dataset and runs from IndexedDB itself (nothing large
 * crosses from the page) and keeps what slider moves reuse.
 * The computing lives in src/lib/core.
 */
import * as Comlink from 'comlink';
import { READY_MESSAGE } from '$lib/core/worker-protocol';
import type { TelcoDataset } from '$lib/core/data/schema';
import type { SplitOptions } from '$lib/core/data/split';
import { computeThresholdSet } from '$lib/core/features/feature-space';
import type { FeatureThresholds } from '$lib/core/features/customer-features';
import { computeUsageStats } from '$lib/core/features/usage-stats';
import { deserializeModel } from '$lib/core/model/format';
import type { LabRunWithWeights } from '$lib/core/pipeline/run-record';
import {
  ensembleEvaluator,
  prepareEnsemble,
  type EnsembleEvaluator,
  type PreparedEnsemble
} from '$lib/core/recommend/ensemble';
import type { Normalisation } from '$lib/core/recommend/normalise';
import {
  coldStartRunEvaluation,
  ensembleWeightSearch,
  modelScores,
  runSplit,
  type EnsembleWeightSearch,
  type SplitParts
} from '$lib/core/recommend/page-jobs';
import { rerankReport, type RerankReportRow } from '$lib/core/recommend/revenue-rerank';
import {
  rerankPopulation,
  type RerankPopulation,
  type RerankSample
} from '$lib/core/recommend/rerank-sample';
import {
  customerScores,
  customersScores,
  holdModel,
  planExplanation,
  profileScores,
  type HeldModel,
  type PlanExplanation
} from '$lib/core/recommend/held-model';
import { recommendView, type RecommendView } from '$lib/core/recommend/page-data';
import type { ColdStartEvaluationRow } from '$lib/core/recommend/cold-start';
import { CoreError } from '$lib/core/types';
import { getStore } from '$lib/store';
import { restrictToUsers } from '$lib/core/eval/user-sample';

/** One dataset at a time (a 1M-customer dataset is too big to keep several). */
let current:
  | {
      id: string;
      dataset: TelcoDataset;
      splits: Map<string, SplitParts>;
      bands?: FeatureThresholds;
    }
  | undefined;
let ensemble:
  | {
      prepared: PreparedEnsemble;
      evaluator: EnsembleEvaluator;
      split: SplitOptions | undefined;
      /** The customers of the rows when the runs were scored on their evaluation sample. */
      sample?: Int32Array;
    }
  | undefined;

async function open(datasetId: string): Promise<NonNullable<typeof current>> {
  if (current?.id === datasetId) return current;
  current = undefined;
  ensemble = undefined;
  held.clear();
  sweep = undefined;
  const dataset = await (await getStore()).openDataset(datasetId);
  current = { id: datasetId, dataset, splits: new Map() };
  return current;
}

function splitOf(c: NonNullable<typeof current>, split: SplitOptions | undefined): SplitParts {
  const key = `${split?.kind ?? 'random'}|${split?.testFraction ?? 0.2}|${split?.seed ?? 'default'}`;
  let parts = c.splits.get(key);
  if (!parts) c.splits.set(key, (parts = runSplit(c.dataset, split)));
  return parts;
}

async function readRun(id: string): Promise<LabRunWithWeights> {
  const run = (await (await getStore()).getRun(id)) as unknown as LabRunWithWeights | undefined;
  if (!run) throw new CoreError('bad_input', 'this run is no longer stored');
  return run;
}

/**
 * The models the page asks about (its single-model and cold-start runs, often the same one):
 * the ONE copy of each, viewing the buffer IndexedDB's read made (adopted, not copied). The
 * page holds no model and asks for one customer's row at a time.
 */
const held = new Map<string, Promise<Held>>();
interface Held {
  run: Pick<LabRunWithWeights, 'name' | 'split' | 'evalSample'>;
  model: HeldModel;
  /** The stored score matrix when it covers every customer (small datasets), for the full sweep. */
  scores?: Float32Array;
}
const HELD_MODELS = 2;

/** The held model of a run, read once: calls that arrive while it is read wait for that read. */
function heldOf(c: NonNullable<typeof current>, runId: string): Promise<Held> {
  let entry = held.get(runId);
  if (!entry) {
    // Oldest first: the page needs at most its single-model run and its cold-start run.
    while (held.size >= HELD_MODELS) held.delete(held.keys().next().value!);
    const reading = readHeld(c, runId);
    held.set(runId, (entry = reading));
    reading.catch(() => held.get(runId) === reading && held.delete(runId));
  }
  return entry;
}

async function readHeld(c: NonNullable<typeof current>, runId: string): Promise<Held> {
  const run = await readRun(runId);
  if (!run.manifest || !run.weights?.byteLength)
    throw new CoreError('bad_model', `run "${run.name}" has no stored weights`);
  const model = holdModel(deserializeModel(run.manifest, run.weights, { adopt: true }), {
    customers: c.dataset.customers.ids.length,
    plans: c.dataset.plans.length
  });
  const full = run.scores?.length === c.dataset.customers.ids.length * c.dataset.plans.length;
  return {
    run: { name: run.name, split: run.split, evalSample: run.evalSample },
    model,
    scores: full ? run.scores : undefined
  };
}

/** The re-ranking sweep's scores and interactions of a run (every customer, or a seeded sample when large). */
let sweep: { runId: string; scores: ArrayLike<number>; population: RerankPopulation } | undefined;

async function sweepOf(c: NonNullable<typeof current>, runId: string): Promise<NonNullable<typeof sweep>> {
  if (sweep?.runId === runId) return sweep;
  sweep = undefined;
  const h = await heldOf(c, runId);
  const { train, test } = splitOf(c, h.run.split);
  const population = rerankPopulation({
    train,
    test,
    nUsers: c.dataset.customers.ids.length,
    runSample: h.run.evalSample
  });
  const scores = population.users
    ? customersScores(h.model, population.users)
    : (h.scores ??
      modelScores({ weights: h.model.model.weights, space: h.model.model, tower: h.model.model.tower }));
  return (sweep = { runId, scores, population });
}

function sameUsers(a: Int32Array | undefined, b: Int32Array | undefined): boolean {
  if (!a || !b) return a === b;
  return a.length === b.length && a.every((u, k) => u === b[k]);
}

const api = {
  /** Reads the dataset (once per id): what the page shows of it, and its customer feature bands for scoring new profiles. */
  async open(datasetId: string): Promise<{ view: RecommendView; bands: FeatureThresholds }> {
    const c = await open(datasetId);
    c.bands ??= computeThresholdSet(c.dataset, computeUsageStats({ usage: c.dataset.usage })).customer;
    const view = recommendView(c.dataset);
    return Comlink.transfer({ view, bands: c.bands }, [
      view.customers.segment.buffer as ArrayBuffer,
      view.currentPlans.buffer as ArrayBuffer
    ]);
  },

  /** Holds a run's model here (read once, checked against the dataset); the page keeps none of it. */
  async hold(datasetId: string, runId: string): Promise<void> {
    await heldOf(await open(datasetId), runId);
  },

  /** One customer's score for every plan from a run's model (towers included). */
  async customerScores(datasetId: string, runId: string, customer: number): Promise<Float64Array> {
    const h = await heldOf(await open(datasetId), runId);
    const row = customerScores(h.model, customer);
    return Comlink.transfer(row, [row.buffer]);
  },

  /** The exact split of one plan's score for one customer (the "why this plan" panel). */
  async explain(datasetId: string, runId: string, customer: number, item: number): Promise<PlanExplanation> {
    return planExplanation((await heldOf(await open(datasetId), runId)).model, customer, item);
  },

  /** A new customer's scores from named profile features alone (cold start). */
  async profileScores(
    datasetId: string,
    runId: string,
    features: readonly string[]
  ): Promise<{ scores: Float64Array | null; unknown: number }> {
    return profileScores((await heldOf(await open(datasetId), runId)).model, features);
  },

  /**
   * P@5 and average top-5 price per λ of a run's revenue re-ranking on its test split: every
   * customer, or from 200,000 customers a seeded sample of test customers (`sample` says which).
   */
  async rerank(
    datasetId: string,
    runId: string,
    lambdas: readonly number[]
  ): Promise<{ rows: RerankReportRow[]; sample: RerankSample | null }> {
    const c = await open(datasetId);
    const { scores, population } = await sweepOf(c, runId);
    const rows = rerankReport({
      scores,
      nItems: c.dataset.plans.length,
      prices: c.dataset.plans.map((p) => p.price),
      lambdas,
      train: population.train,
      test: population.test,
      n: 5
    });
    return { rows, sample: population.sample };
  },

  /**
   * Normalises every member's matrix once and groups train/test once; `evaluateEnsemble` reuses
   * both. Runs scored on their seeded evaluation sample (eval/user-sample.ts) are mixed on that
   * sample: the customers of its rows come back (null: every customer).
   */
  async prepareEnsemble(
    datasetId: string,
    runIds: readonly string[],
    method: Normalisation
  ): Promise<{ sample: Int32Array | null }> {
    const c = await open(datasetId);
    ensemble = undefined;
    // Only the score matrices: the weights are not read.
    const store = await getStore();
    const runs = (await Promise.all(runIds.map((id) => store.getRunScores(id)))).map((r) => {
      if (!r) throw new CoreError('bad_input', 'this run is no longer stored');
      return r as unknown as LabRunWithWeights;
    });
    const sample = runs[0].scoreUsers;
    if (runs.some((r) => !sameUsers(r.scoreUsers, sample)))
      throw new CoreError('bad_input', 'these runs were scored on different customers: they cannot be mixed');
    const prepared = prepareEnsemble({
      models: runs.map((r) => r.scores!),
      nItems: c.dataset.plans.length,
      method
    });
    const split = runs[0].split;
    const parts = splitOf(c, split);
    const nUsers = c.dataset.customers.ids.length;
    const { train, test } = sample
      ? {
          train: restrictToUsers(parts.train, sample, nUsers),
          test: restrictToUsers(parts.test, sample, nUsers)
        }
      : parts;
    ensemble = { prepared, split, sample, evaluator: ensembleEvaluator({ prepared, train, test, ks: [5] }) };
    return { sample: sample ? sample.slice() : null };
  },

  /** Test metrics of the weighted ensemble for every customer, the time it took, and the combined scores (transferred). */
  evaluateEnsemble(weights: readonly number[]): {
    metrics: Record<string, number>;
    ms: number;
    scores: Float64Array;
  } {
    if (!ensemble) throw new CoreError('bad_input', 'no ensemble is prepared');
    const t0 = performance.now();
    const res = ensemble.evaluator.evaluate(weights);
    const ms = performance.now() - t0;
    const scores = ensemble.evaluator.lastScores.slice();
    return Comlink.transfer({ metrics: res.metrics, ms, scores }, [scores.buffer]);
  },

  /** Weight search on validation and the test comparison with the best single model (core/recommend/page-jobs.ts). */
  async optimise(datasetId: string): Promise<EnsembleWeightSearch> {
    const c = await open(datasetId);
    if (!ensemble) throw new CoreError('bad_input', 'no ensemble is prepared');
    if (ensemble.sample)
      throw new CoreError(
        'bad_input',
        'The weight search needs every customer’s scores; these runs kept only their evaluation sample’s. Set the weights with the sliders.'
      );
    return ensembleWeightSearch({ dataset: c.dataset, prepared: ensemble.prepared, split: ensemble.split });
  },

  /** The cold-start evaluation of a held-out-customer run. */
  async evaluateColdStart(
    datasetId: string,
    runId: string,
    blendContentShare: number
  ): Promise<{ rows: ColdStartEvaluationRow[]; heldOut: number }> {
    const c = await open(datasetId);
    const h = await heldOf(c, runId);
    return coldStartRunEvaluation({
      dataset: c.dataset,
      model: h.model.model,
      split: h.run.split,
      blendContentShare
    });
  }
};

export type RecommendApi = typeof api;

Comlink.expose(api);
self.postMessage({ [READY_MESSAGE]: true });
