/**
 * The recommend worker: a thin Comlink adapter for the Recommend page's heavy work (full score
 * matrices and the re-ranking sweep, the live ensemble over every customer, the weight search,
 * the cold-start evaluation, the dataset's feature bands). It reads the dataset and runs from
 * IndexedDB itself (nothing large crosses from the page) and keeps what slider moves reuse.
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
      scores: Map<string, Float32Array>;
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
  const dataset = await (await getStore()).openDataset(datasetId);
  current = { id: datasetId, dataset, splits: new Map(), scores: new Map() };
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

/** A run's full score matrix: the stored one, else scored from its weights (towers included). */
async function scoresOf(c: NonNullable<typeof current>, run: LabRunWithWeights): Promise<Float32Array> {
  const size = c.dataset.customers.ids.length * c.dataset.plans.length;
  if (run.scores?.length === size) return run.scores;
  let s = c.scores.get(run.id);
  if (!s) {
    if (!run.manifest || !run.weights?.byteLength)
      throw new CoreError('bad_model', `run "${run.name}" has no stored weights or scores`);
    const m = deserializeModel(run.manifest, run.weights);
    c.scores.clear(); // one computed matrix at a time
    c.scores.set(run.id, (s = modelScores({ weights: m.weights, space: m, tower: m.tower })));
  }
  return s;
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

  /**
   * A run with its weights, without its score matrix, for the page (which scores one customer
   * at a time): IndexedDB's copy of the record is made on this thread, and the weights buffer
   * is handed over, not copied (reading it on the page blocked it for ~100 ms at 50k customers).
   */
  async model(runId: string): Promise<LabRunWithWeights> {
    const { scores: _scores, ...run } = await readRun(runId);
    return Comlink.transfer(run, run.weights instanceof ArrayBuffer ? [run.weights] : []);
  },

  /** P@5 and average top-5 price per λ of a run's revenue re-ranking, on its test split. */
  async rerank(datasetId: string, runId: string, lambdas: readonly number[]): Promise<RerankReportRow[]> {
    const c = await open(datasetId);
    const run = await readRun(runId);
    const scores = await scoresOf(c, run);
    const { train, test } = splitOf(c, run.split);
    return rerankReport({
      scores,
      nItems: c.dataset.plans.length,
      prices: c.dataset.plans.map((p) => p.price),
      lambdas,
      train,
      test,
      n: 5
    });
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
    const run = await readRun(runId);
    if (!run.manifest || !run.weights?.byteLength)
      throw new CoreError('bad_model', `run "${run.name}" has no stored weights`);
    const model = deserializeModel(run.manifest, run.weights);
    return coldStartRunEvaluation({ dataset: c.dataset, model, split: run.split, blendContentShare });
  }
};

export type RecommendApi = typeof api;

Comlink.expose(api);
self.postMessage({ [READY_MESSAGE]: true });
