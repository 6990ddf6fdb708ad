/**
 * The analytics worker: a thin Comlink adapter that reads a dataset from IndexedDB and computes
 * the Analytics page's aggregates (core/analytics: the dataset's and the runs'), the gap table at other thresholds and the
 * best run's embedding map, so the page never blocks on a large dataset. It keeps one dataset
 * (the current one) for gap recomputation; the page keeps the aggregates.
 */
import * as Comlink from 'comlink';
import { READY_MESSAGE } from '$lib/core/worker-protocol';
import type { TelcoDataset } from '$lib/core/data/schema';
import {
  datasetAnalytics,
  embeddingInputs,
  findGaps,
  modelAnalytics,
  type DatasetAnalytics,
  type EmbeddingInputs,
  type GapAnalysis,
  type ModelAnalytics
} from '$lib/core/analytics';
import { layoutAnalytics, type LayoutAnalytics } from '$lib/core/analytics/layout-analytics';
import { deserializeModel } from '$lib/core/model/format';
import type { LabRun, LabRunWithWeights } from '$lib/core/pipeline/run-record';
import { CoreError } from '$lib/core/types';
import { getStore } from '$lib/store';

let current: { id: string; dataset: TelcoDataset } | undefined;

async function open(datasetId: string): Promise<{ dataset: TelcoDataset; loadMs: number }> {
  if (current?.id === datasetId) return { dataset: current.dataset, loadMs: 0 };
  current = undefined;
  const t0 = performance.now();
  const dataset = await (await getStore()).openDataset(datasetId);
  const loadMs = performance.now() - t0;
  current = { id: datasetId, dataset };
  return { dataset, loadMs };
}

export type EmbeddingOutcome = { ok: true; inputs: EmbeddingInputs } | { ok: false; reason: string };

const api = {
  /** Reads the dataset from IndexedDB (kept for the next calls); returns the read time, ms. */
  async read(datasetId: string): Promise<number> {
    return (await open(datasetId)).loadMs;
  },

  /** Every aggregate the page draws, and the time it took (ms, the read excluded). */
  async analyse(datasetId: string): Promise<{ analytics: DatasetAnalytics; computeMs: number }> {
    const { dataset } = await open(datasetId);
    const t0 = performance.now();
    const analytics = datasetAnalytics({ dataset });
    return { analytics, computeMs: performance.now() - t0 };
  },

  /** The model aggregates of finished runs (metrics, bootstrap intervals, curves), and the time they took, ms. */
  models(runs: LabRun[]): { models: ModelAnalytics; computeMs: number } {
    const t0 = performance.now();
    const models = modelAnalytics({ runs });
    return { models, computeMs: performance.now() - t0 };
  },

  /** A dataset without raw tables (parity layout, wide table): its item and feature-group aggregates and the model ones. */
  async layout(
    datasetId: string,
    runs: LabRun[]
  ): Promise<{ layout: LayoutAnalytics; models: ModelAnalytics; loadMs: number; computeMs: number }> {
    const t0 = performance.now();
    const data = await (await getStore()).openTrainTest(datasetId);
    const t1 = performance.now();
    const layout = layoutAnalytics({ data });
    const models = modelAnalytics({ runs });
    return { layout, models, loadMs: t1 - t0, computeMs: performance.now() - t1 };
  },

  /** The gap table at other thresholds (the same tercile cuts as the default table). */
  async gaps(
    datasetId: string,
    overBudgetFactor: number,
    minShare: number,
    dataCuts: [number, number]
  ): Promise<GapAnalysis> {
    const { dataset } = await open(datasetId);
    return findGaps({ dataset, overBudgetFactor, minShare, dataCuts });
  },

  /** The embedding map of a run: plan representations and a sample of customers (labelled with the dataset's segments when it is open). */
  async embedding(runId: string, datasetId: string | null): Promise<EmbeddingOutcome> {
    const run = (await (await getStore()).getRun(runId)) as unknown as LabRunWithWeights | undefined;
    if (!run) throw new CoreError('bad_input', 'this run is no longer stored');
    if (!run.manifest || !run.weights || run.weights.byteLength === 0)
      return { ok: false, reason: `The best run "${run.name}" has no stored weights.` };
    const model = deserializeModel(run.manifest, run.weights);
    const dataset = datasetId !== null && current?.id === datasetId ? current.dataset : undefined;
    return { ok: true, inputs: embeddingInputs({ model, dataset }) };
  }
};

export type AnalyticsApi = typeof api;

Comlink.expose(api);
self.postMessage({ [READY_MESSAGE]: true });
