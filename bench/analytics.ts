/**
 * `npx tsx bench/analytics.ts [customers=50000] [repeats=3]` — Node benchmark of the Analytics
 * page's pure computations on a generated dataset, i.e. what runs between "the dataset is in
 * memory" and "every chart has its figure": dataset aggregates (usage statistics, customers,
 * plans, gap identification), model aggregates of two stored runs (comparison, bootstrap
 * intervals over per-user values), the best run's embedding map inputs (deserialise weights,
 * plan and sampled customer representations) and building every Plotly figure. Prints a table
 * (first = cold run, median over the repeats) and checks the 2 s budget. `run()` returns the
 * rows for a combined runner. Not a timed test. Reading from IndexedDB and Plotly's drawing are
 * not in it: the e2e reads the page's own data-analytics-ms and prints it.
 */
import { formatTable, isMain } from './table.ts';
import { generateDataset } from '../src/lib/core/data/generator.ts';
import { createRng } from '../src/lib/core/data/rng.ts';
import { buildFeatureSpace } from '../src/lib/core/features/feature-space.ts';
import { resolveConfig } from '../src/lib/core/model/config.ts';
import { deserializeModel, serializeModel } from '../src/lib/core/model/format.ts';
import type { TrainedModel } from '../src/lib/core/model/model.ts';
import type { LabRun } from '../src/lib/core/pipeline/run-record.ts';
import {
  datasetAnalytics,
  embeddingInputs,
  modelAnalytics,
  type DatasetAnalytics,
  type ModelAnalytics
} from '../src/lib/core/analytics/index.ts';
import {
  adoptionShareOverTime,
  bundleComposition,
  dataIntensityBySegment,
  embeddingMap,
  gapBars,
  learningCurves,
  lifecyclePie,
  metricBars,
  pAtKHeatmap,
  priceValueScatter,
  stabilityValueScatter,
  usagePatterns,
  validationCurve
} from '../src/lib/charts/index.ts';

export interface AnalyticsBenchRow {
  step: string;
  /** First (cold) run, ms. */
  firstMs: number;
  /** Median over the repeats, ms. */
  medianMs: number;
}

/** A stored run as the Train page keeps it: curves, test metrics, per-user values. */
function fakeRun(id: string, name: string, users: number, level: number, seed: number): LabRun {
  const rng = createRng(seed);
  const p5 = Float64Array.from(
    { length: users },
    () => (rng.next() < level ? 0.2 : 0) + (rng.next() < level ? 0.2 : 0)
  );
  const auc = Float64Array.from({ length: users }, () => 0.7 + 0.2 * rng.next());
  const r5 = Float64Array.from(p5, (v) => Math.min(1, v * 2.5));
  const mean = (v: Float64Array) => v.reduce((s, x) => s + x, 0) / v.length;
  return {
    id,
    name,
    createdAt: seed,
    status: 'done',
    config: { loss: 'warp', components: 32 } as never,
    curves: Array.from({ length: 20 }, (_, e) => ({
      epoch: e + 1,
      loss: 1 / (e + 1),
      updatedFraction: 0.5,
      elapsedMs: e,
      validation: { 'precision@5': mean(p5) * (1 - 0.5 / (e + 1)) }
    })),
    metrics: {
      'precision@3': mean(p5) * 1.1,
      'precision@5': mean(p5),
      'precision@10': mean(p5) * 0.8,
      'recall@5': mean(r5),
      'ndcg@5': mean(p5) * 1.3,
      auc: mean(auc)
    },
    manifest: null,
    datasetId: 'bench',
    datasetName: 'bench',
    fitMs: 0,
    perUser: {
      users: Int32Array.from({ length: users }, (_, k) => k),
      values: { 'precision@5': p5, 'recall@5': r5, 'ndcg@5': p5, auc }
    }
  };
}

function figures(d: DatasetAnalytics, m: ModelAnalytics, e: ReturnType<typeof embeddingInputs>): number {
  const figs = [
    lifecyclePie(d.customers.lifecycle),
    dataIntensityBySegment(d.customers.dataIntensity),
    usagePatterns({ groups: d.customers.usage }),
    stabilityValueScatter({
      points: d.customers.stability.map((p) => ({
        stability: p.stability,
        value: p.value,
        group: p.segment,
        label: p.id
      }))
    }),
    priceValueScatter({ plans: d.plans.plans }),
    bundleComposition({ plans: d.plans.plans, bundles: d.plans.bundles }),
    adoptionShareOverTime(d.plans.adoptionShare),
    gapBars({
      rows: d.gaps.gaps.length ? d.gaps.gaps : d.gaps.watch,
      threshold: d.gaps.minShare,
      factor: d.gaps.overBudgetFactor
    }),
    pAtKHeatmap(m.pAtK),
    metricBars({ metrics: m.bars.metrics, series: m.bars.series }),
    learningCurves({ series: m.loss.series, logY: m.loss.logY }),
    validationCurve({ series: m.validation.series }),
    embeddingMap({ ...e })
  ];
  return figs.length;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

export async function run(opts: { customers?: number; repeats?: number } = {}): Promise<AnalyticsBenchRow[]> {
  const customers = opts.customers ?? 50_000;
  const repeats = Math.max(1, opts.repeats ?? 3);
  const ds = generateDataset({ customers, seed: 42, ceilings: false });
  // A trained-model stand-in with the real feature matrices and random weights (training is not timed here).
  const built = buildFeatureSpace({ dataset: ds });
  const d = 32;
  const rng = createRng(3);
  const rand = (n: number) => Float32Array.from({ length: n }, () => rng.normal() * 0.1);
  const model: TrainedModel = {
    config: resolveConfig({ loss: 'warp', components: d }),
    seed: 1,
    ...built.space,
    weights: {
      components: d,
      userEmbeddings: rand(built.space.userFeatures.nCols * d),
      userBiases: rand(built.space.userFeatures.nCols),
      itemEmbeddings: rand(built.space.itemFeatures.nCols * d),
      itemBiases: rand(built.space.itemFeatures.nCols)
    },
    history: [],
    fitMs: 0,
    backend: 'cpu'
  };
  const stored = serializeModel(model);
  const testUsers = Math.round(customers * 0.2);
  const runs = [fakeRun('a', 'WARP', testUsers, 0.3, 1), fakeRun('b', 'BPR', testUsers, 0.28, 2)];

  const times: Record<string, number[]> = {};
  const add = (k: string, v: number) => (times[k] ??= []).push(v);
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    const da = datasetAnalytics({ dataset: ds });
    const t1 = performance.now();
    const ma = modelAnalytics({ runs });
    const t2 = performance.now();
    const back = deserializeModel(stored.manifest, stored.weights);
    const emb = embeddingInputs({ model: back, dataset: ds, sample: 400 });
    const t3 = performance.now();
    const n = figures(da, ma, emb);
    const t4 = performance.now();
    add('usage statistics', da.timings.stats);
    add('customer aggregates', da.timings.customers);
    add('plan aggregates', da.timings.plans);
    add('gap identification', da.timings.gaps);
    add('model aggregates (2 runs, bootstrap)', t2 - t1);
    add('embedding inputs (deserialise + represent)', t3 - t2);
    add(`${n} figures built`, t4 - t3);
    add('TOTAL after data load', t4 - t0);
  }
  return Object.entries(times).map(([step, v]) => ({ step, firstMs: v[0], medianMs: median(v) }));
}

export function print(rows: AnalyticsBenchRow[], customers: number, repeats: number): void {
  console.log(
    `Analytics computations, ${customers.toLocaleString('en-US')} customers, Node ${process.version}, ${repeats} repeats`
  );
  console.log(
    formatTable(
      ['step', 'first ms', 'median ms'],
      rows.map((r) => [r.step, String(Math.round(r.firstMs)), String(Math.round(r.medianMs))])
    )
  );
  const total = rows.find((r) => r.step.startsWith('TOTAL'))!;
  const ok = total.firstMs < 2000;
  console.log(
    `${ok ? 'PASS' : 'FAIL'}: ready ${Math.round(total.firstMs)} ms after the data is loaded (cold; budget 2000 ms)`
  );
  if (!ok) process.exitCode = 1;
}

if (isMain(import.meta.url)) {
  const customers = Number(process.argv[2] ?? 50_000);
  const repeats = Number(process.argv[3] ?? 3);
  print(await run({ customers, repeats }), customers, repeats);
}
