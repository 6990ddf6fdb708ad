/**
 * `npx tsx bench/impact.ts [customers=50000] [replications=20] [onlineCustomers=5000] [onlineReplications=3]`
 * — the Impact lab in Node: one offer campaign (oracle, WARP, popularity, random, no offer; top 3)
 * over R replications on a generated dataset, then 12 months of online learning (frozen,
 * fit_partial, retrain, fit_partial with ε = 0.1). Prints the times and the campaign's
 * conversion with intervals. Training time is reported apart from simulation time. Not a test.
 */
import { formatTable, isMain } from './table.ts';
import { setupNodeBackend } from '../src/cli/node-backend.ts';
import { generateDataset } from '../src/lib/core/data/generator.ts';
import { buildTrainTestData } from '../src/lib/core/data/train-test.ts';
import { train } from '../src/lib/core/model/train.ts';
import { scoreUsers } from '../src/lib/core/model/predict.ts';
import {
  buildWorld,
  fixedPolicy,
  noOfferPolicy,
  oraclePolicy,
  popularityPolicy,
  randomPolicy,
  runOnlineLab,
  runReplayLab,
  simulateCampaigns,
  type ReplayResult,
  type SimulationResult
} from '../src/lib/core/impact/index.ts';

export interface ImpactBenchOptions {
  customers: number;
  replications: number;
  onlineCustomers: number;
  onlineReplications: number;
}

export interface ImpactBenchResult {
  options: ImpactBenchOptions;
  times: Array<{ step: string; ms: number }>;
  campaign: SimulationResult;
  online: SimulationResult;
  /** fit_partial with Thompson sampling beside plain fit_partial (same customers and seed). */
  thompson: SimulationResult;
  /** The offline replay estimate of the same WARP model (what imported data gets instead of a simulation). */
  replay: ReplayResult;
}

async function timed<T>(
  times: ImpactBenchResult['times'],
  step: string,
  f: () => T | Promise<T>
): Promise<T> {
  const t0 = performance.now();
  const out = await f();
  times.push({ step, ms: performance.now() - t0 });
  return out;
}

export async function run(options: ImpactBenchOptions): Promise<ImpactBenchResult> {
  await setupNodeBackend('wasm');
  const times: ImpactBenchResult['times'] = [];
  const c = options.customers;
  const dataset = await timed(times, `generate ${c.toLocaleString('en')} customers`, () =>
    generateDataset({ customers: c, seed: 42, ceilings: false })
  );
  const data = await timed(times, 'features + split', () => buildTrainTestData({ dataset }));
  const model = await timed(times, 'train WARP (defaults)', () =>
    train({ data, config: { loss: 'warp' }, seed: 1 })
  );
  const world = await timed(times, 'true utilities and bills', () => buildWorld(dataset));
  const scores = scoreUsers({ model });
  const policies = [
    oraclePolicy(world),
    fixedPolicy('warp', 'WARP', scores),
    popularityPolicy(world, data.train),
    randomPolicy(world, 1),
    noOfferPolicy()
  ];
  const campaign = await timed(times, `campaign: 5 policies × ${options.replications} replications`, () =>
    simulateCampaigns({ world, policies, replications: options.replications, seed: 1 })
  );
  const replay = await timed(
    times,
    'offline replay estimate: WARP, popularity, random × 1000 bootstrap resamples',
    () =>
      runReplayLab({
        nCustomers: world.nCustomers,
        nPlans: world.nPlans,
        train: data.train,
        test: data.test,
        models: [{ id: 'warp', label: 'WARP', scores }],
        prices: dataset.plans.map((p) => p.price),
        seed: 1
      })
  );

  const oc = options.onlineCustomers;
  const small =
    oc === c
      ? { dataset, data, model }
      : await (async () => {
          const ds = generateDataset({ customers: oc, seed: 42, ceilings: false });
          const d = buildTrainTestData({ dataset: ds });
          return { dataset: ds, data: d, model: await train({ data: d, config: { loss: 'warp' }, seed: 1 }) };
        })();
  const online = await timed(
    times,
    `online: 12 months × 4 strategies × ${options.onlineReplications} replications (${oc.toLocaleString('en')} customers)`,
    () =>
      runOnlineLab({
        dataset: small.dataset,
        model: small.model,
        runName: 'WARP',
        baseTrain: small.data.train,
        replications: options.onlineReplications,
        seed: 1
      })
  );
  const thompson = await timed(
    times,
    `online: 12 months, fit_partial with Thompson sampling × ${options.onlineReplications} replications`,
    () =>
      runOnlineLab({
        dataset: small.dataset,
        model: small.model,
        runName: 'WARP',
        baseTrain: small.data.train,
        strategies: ['fit_partial'],
        exploration: 'thompson',
        replications: options.onlineReplications,
        seed: 1
      })
  );
  return { options, times, campaign, online, thompson, replay };
}

const pct = (e: { mean: number; ci: [number, number] }) =>
  `${(100 * e.mean).toFixed(1)}% [${(100 * e.ci[0]).toFixed(1)}, ${(100 * e.ci[1]).toFixed(1)}]`;

export function print(r: ImpactBenchResult): void {
  console.log(
    formatTable(
      ['step', 'seconds'],
      r.times.map((t) => [t.step, (t.ms / 1000).toFixed(2)])
    )
  );
  console.log(
    `\ncampaign on ${r.options.customers.toLocaleString('en')} customers, top 3, ${r.options.replications} replications (95% intervals):`
  );
  console.log(
    formatTable(
      ['policy', 'conversion', 'bill change vs no offer', 'better off'],
      r.campaign.policies.map((p) => [
        p.label,
        pct(p.conversion),
        `${p.revenueChange.mean.toFixed(2)} [${p.revenueChange.ci[0].toFixed(2)}, ${p.revenueChange.ci[1].toFixed(2)}]`,
        pct(p.benefitShare)
      ])
    )
  );
  console.log(
    `\n12 months of online learning on ${r.options.onlineCustomers.toLocaleString('en')} customers, ${r.options.onlineReplications} replications: conversion in months 1, 6, 12 and over the year`
  );
  const thompson = r.thompson.policies.filter((p) => p.id === 'fit_partial+thompson');
  console.log(
    formatTable(
      ['strategy', 'month 1', 'month 6', 'month 12', 'any month'],
      [...r.online.policies, ...thompson].map((p) => [
        p.label,
        pct(p.monthlyConversion[0]),
        pct(p.monthlyConversion[5]),
        pct(p.monthlyConversion[11]),
        pct(p.conversion)
      ])
    )
  );
  console.log(
    `\noffline replay estimate (NOT a simulation: agreement with held-out adoptions) on ${r.replay.customers.toLocaleString('en')} test customers, top ${r.replay.topN}:`
  );
  console.log(
    formatTable(
      ['policy', 'hit rate', 'revenue of the hit'],
      r.replay.policies.map((p) => [
        p.label,
        pct(p.hitRate),
        p.revenuePerCustomer
          ? `${p.revenuePerCustomer.mean.toFixed(2)} [${p.revenuePerCustomer.ci[0].toFixed(2)}, ${p.revenuePerCustomer.ci[1].toFixed(2)}]`
          : 'none'
      ])
    )
  );
}

if (isMain(import.meta.url)) {
  const [customers = 50_000, replications = 20, onlineCustomers = 5_000, onlineReplications = 3] =
    process.argv.slice(2).map(Number);
  print(await run({ customers, replications, onlineCustomers, onlineReplications }));
}
