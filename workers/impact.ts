/**
 * The impact worker: reads a dataset and its stored runs from IndexedDB, turns each run into
 * scores (kept scores, or plain-JS scoring from its weights) and runs the campaign simulation
 * (core/impact/lab.ts) with progress and cancel. Nothing large crosses to the page.
 */
import * as Comlink from 'comlink';
import { runLabel } from '$lib/core/pipeline/run-label';
import { describeSplit } from '$lib/core/data/split-label';
import { READY_MESSAGE } from '$lib/core/worker-protocol';
import { resolveSplit, splitAdoptions, trainInteractions } from '$lib/core/data/train-test';
import { deserializeModel } from '$lib/core/model/format';
import { modelSpace } from '$lib/core/model/fit-partial';
import type { LabRunWithWeights } from '$lib/core/pipeline/run-record';
import {
  modelScoreMatrix,
  runImpactLab,
  runOnlineLab,
  runReplayLab,
  type Exploration,
  type ImpactLabResult,
  type LabModel,
  type ReplayResult,
  type SimulateProgress,
  type SimulationResult
} from '$lib/core/impact';
import { CoreError } from '$lib/core/types';
import { getStore } from '$lib/store';

export interface ImpactJob {
  datasetId: string;
  /** Stored runs of that dataset to simulate (their split gives popularity's training adoptions). */
  runIds: string[];
  segment?: number;
  topN: number;
  replications: number;
  seed: number;
  lambda: number;
  /** Days since joining for the cold-start blend policy (the first run's model from attributes); absent = not simulated. */
  coldStartDays?: number;
}

export interface ImpactOutcome extends ImpactLabResult {
  datasetName: string;
  /** The split popularity was counted on (that of the first run, else the dataset's default). */
  split: string;
  runs: Array<{ id: string; name: string }>;
  /** Plan names, in plan-index order (offer shares follow it). */
  plans: string[];
}

export interface OnlineJob {
  datasetId: string;
  /** The run whose model learns month by month (a factor model: WARP, BPR, WARP-KOS, logistic). */
  runId: string;
  months: number;
  replications: number;
  /** How the exploring variant explores: ε-greedy with `epsilon`, or Thompson sampling. */
  exploration: Exploration;
  epsilon: number;
  topN: number;
  segment?: number;
  seed: number;
}

export interface OnlineOutcome {
  simulation: SimulationResult;
  datasetName: string;
  runName: string;
  split: string;
}

/** A dataset without a known choice model: replay the runs' offers against its held-out adoptions. */
export interface ReplayJob {
  datasetId: string;
  /** 'telco': raw tables without hidden traits (split like the first run); 'traintest': an imported parity layout (its own split). */
  kind: 'telco' | 'traintest';
  runIds: string[];
  topN: number;
  seed: number;
  bootstrap: number;
}

export interface ReplayOutcome {
  result: ReplayResult;
  datasetName: string;
  split: string;
  runs: Array<{ id: string; name: string }>;
}

/** A run's scores for these customers × plans: kept scores, or plain-JS scoring from its weights. */
function runScores(
  run: LabRunWithWeights,
  customerIds: readonly string[],
  planIds: readonly string[]
): LabModel {
  if (run.scores?.length === customerIds.length * planIds.length)
    return { id: run.id, label: runLabel(run), scores: run.scores };
  if (!run.manifest || !run.weights?.byteLength)
    throw new CoreError('bad_model', `run "${run.name}" has no stored weights or scores`);
  const m = deserializeModel(run.manifest, run.weights);
  return {
    id: run.id,
    label: runLabel(run),
    scores: modelScoreMatrix({
      weights: m.weights,
      space: modelSpace(m),
      tower: m.tower,
      name: run.name,
      customerIds,
      planIds
    })
  };
}

async function storedRuns(ids: readonly string[]): Promise<LabRunWithWeights[]> {
  const store = await getStore();
  const runs: LabRunWithWeights[] = [];
  for (const id of ids) {
    const run = (await store.getRun(id)) as unknown as LabRunWithWeights | undefined;
    if (!run) throw new CoreError('bad_input', `run ${id} is no longer stored`);
    runs.push(run);
  }
  return runs;
}

let cancel = { aborted: false };
const yieldControl = () => new Promise<void>((r) => setTimeout(r, 0));

const api = {
  async simulate(job: ImpactJob, onProgress: (p: SimulateProgress) => void): Promise<ImpactOutcome> {
    cancel = { aborted: false };
    const store = await getStore();
    const dataset = await store.openDataset(job.datasetId);
    const runs = await storedRuns(job.runIds);
    const models = runs.map((run) =>
      runScores(
        run,
        dataset.customers.ids,
        dataset.plans.map((p) => p.id)
      )
    );
    const split = runs[0]?.split;
    const first =
      runs[0]?.manifest && runs[0].weights?.byteLength
        ? deserializeModel(runs[0].manifest, runs[0].weights)
        : null;
    const coldStart =
      job.coldStartDays === undefined
        ? undefined
        : {
            days: job.coldStartDays,
            modelName: runs[0]?.name,
            model: first && { weights: first.weights, space: modelSpace(first), tower: first.tower }
          };
    const result = await runImpactLab({
      coldStart,
      dataset,
      models,
      train: trainInteractions(dataset, split),
      segment: job.segment,
      topN: job.topN,
      replications: job.replications,
      seed: job.seed,
      lambda: job.lambda,
      onProgress,
      signal: cancel,
      yieldControl
    });
    const used = resolveSplit(dataset, split);
    const splitLabel = describeSplit(used);
    return {
      ...result,
      datasetName: dataset.name,
      split: splitLabel,
      runs: runs.map((r) => ({ id: r.id, name: runLabel(r) })),
      plans: dataset.plans.map((p) => p.name)
    };
  },

  async online(job: OnlineJob, onProgress: (p: SimulateProgress) => void): Promise<OnlineOutcome> {
    cancel = { aborted: false };
    const store = await getStore();
    const dataset = await store.openDataset(job.datasetId);
    const run = (await store.getRun(job.runId)) as unknown as LabRunWithWeights | undefined;
    if (!run?.manifest || !run.weights?.byteLength)
      throw new CoreError('bad_model', `run ${run?.name ?? job.runId} has no stored weights to learn from`);
    const model = deserializeModel(run.manifest, run.weights);
    if (model.config.loss === 'hybrid-deep')
      throw new CoreError(
        'bad_model',
        `run "${run.name}" is Hybrid Deep, whose towers fit_partial does not carry: choose a WARP, BPR, WARP-KOS or logistic run`
      );
    const used = resolveSplit(dataset, run.split);
    const simulation = await runOnlineLab({
      dataset,
      model,
      runName: run.name,
      baseTrain: trainInteractions(dataset, run.split),
      months: job.months,
      replications: job.replications,
      exploration: job.exploration,
      epsilon: job.epsilon,
      topN: job.topN,
      segment: job.segment,
      seed: job.seed,
      onProgress,
      signal: cancel,
      yieldControl
    });
    return {
      simulation,
      datasetName: dataset.name,
      runName: run.name,
      split: `${used.kind} split (seed ${used.seed})`
    };
  },

  async replay(job: ReplayJob): Promise<ReplayOutcome> {
    const store = await getStore();
    const runs = await storedRuns(job.runIds);
    const common = { models: [] as LabModel[], topN: job.topN, seed: job.seed, bootstrap: job.bootstrap };
    if (job.kind === 'traintest') {
      const data = await store.openTrainTest(job.datasetId);
      const { userIds, itemIds } = data.space;
      const models = runs.map((run) => runScores(run, userIds, itemIds));
      const result = runReplayLab({
        ...common,
        models,
        nCustomers: userIds.length,
        nPlans: itemIds.length,
        train: data.train,
        test: data.test,
        prices: null
      });
      const meta = (await store.listDatasets()).find((d) => d.id === job.datasetId);
      return {
        result,
        datasetName: meta?.name ?? job.datasetId,
        split: "the dataset's own train/test split",
        runs: runs.map((r) => ({ id: r.id, name: runLabel(r) }))
      };
    }
    const dataset = await store.openDataset(job.datasetId);
    const split = runs[0]?.split;
    const { train, test } = splitAdoptions(dataset, split);
    const models = runs.map((run) =>
      runScores(
        run,
        dataset.customers.ids,
        dataset.plans.map((p) => p.id)
      )
    );
    const result = runReplayLab({
      ...common,
      models,
      nCustomers: dataset.customers.ids.length,
      nPlans: dataset.plans.length,
      train,
      test,
      prices: dataset.plans.map((p) => p.price)
    });
    const used = resolveSplit(dataset, split);
    return {
      result,
      datasetName: dataset.name,
      split: `${used.kind} split (seed ${used.seed})`,
      runs: runs.map((r) => ({ id: r.id, name: runLabel(r) }))
    };
  },

  cancel(): void {
    cancel.aborted = true;
  }
};

export type ImpactApi = typeof api;

Comlink.expose(api);
self.postMessage({ [READY_MESSAGE]: true });
