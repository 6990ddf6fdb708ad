/**
 * `simulate` on data without a known choice model: the offline replay estimate (core/impact/
 * replay.ts) of the same policies, labelled "estimate": "offline replay". Model policies train
 * with the CLI's defaults on the train part (the parity layout's own split, or the dataset's
 * default split for raw tables); popularity counts it; offers are checked against the test part.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TelcoDataset } from '../lib/core/data/schema.ts';
import { PARITY_FILE_NAMES, type ParityLayoutTexts } from '../lib/core/data/parity-layout.ts';
import { importParityLayout } from '../lib/core/data/parity-io.ts';
import { buildTrainTestData } from '../lib/core/data/train-test.ts';
import { popularityScores } from '../lib/core/eval/popularity.ts';
import {
  coldStartLabel,
  coldStartScores,
  pricesFromPlansCsv,
  randomScores,
  replayEstimate,
  type ReplayPolicy
} from '../lib/core/impact/index.ts';
import { replayJson } from '../lib/core/impact/report.ts';
import { combineEnsemble, prepareEnsemble } from '../lib/core/recommend/ensemble.ts';
import { revenueRerank } from '../lib/core/recommend/revenue-rerank.ts';
import type { TrainTestData } from '../lib/core/types.ts';
import { setupNodeBackend } from './node-backend.ts';
import type { SimulateArgs } from './simulate.ts';
import { ensembleLosses, PolicyModels, policyLoss, UsageError } from './simulate-policies.ts';

export type ReplayInput =
  | { kind: 'telco'; dataset: TelcoDataset }
  | { kind: 'parity'; data: TrainTestData; prices: number[] | null; name: string };

/** A parity-layout folder: its files (missing optional ones left out) and plans.csv's prices if present. */
export function readParityDir(dir: string): { data: TrainTestData; prices: number[] | null; name: string } {
  const texts: Partial<ParityLayoutTexts> = {};
  for (const [key, file] of Object.entries(PARITY_FILE_NAMES) as Array<[keyof ParityLayoutTexts, string]>) {
    const path = join(dir, file);
    if (existsSync(path)) texts[key] = readFileSync(path, 'utf8');
  }
  if (texts.test === undefined)
    throw new UsageError(`${join(dir, 'test.csv')} is missing: a parity layout needs train.csv and test.csv`);
  const data = importParityLayout({ files: texts as ParityLayoutTexts });
  const plans = join(dir, 'plans.csv');
  const prices = existsSync(plans)
    ? pricesFromPlansCsv(readFileSync(plans, 'utf8'), data.space.itemIds, plans)
    : null;
  return { data, prices, name: dir.replace(/\/+$/, '').split('/').pop() ?? dir };
}

/** Why a policy has no replay estimate on this data (null: it has one). */
function unavailable(name: string, input: ReplayInput, hasPrices: boolean): string | null {
  if (name === 'oracle')
    return 'needs the customers\u2019 true choice model, which this dataset does not carry';
  if (name === 'none') return 'no offer converts nobody by definition; replay adds nothing';
  if (name === 'cold-start' && input.kind === 'parity')
    return 'needs the customers\u2019 raw profiles (usage, lines, segment), which a parity layout does not carry';
  if (policyLoss(name)?.lambda !== undefined && !hasPrices) return 'no plan prices to re-rank by';
  return null;
}

export async function runReplay(input: ReplayInput, args: SimulateArgs): Promise<Record<string, unknown>> {
  if (args.months > 1 || args.learning !== 'frozen' || args.segment !== undefined) {
    throw new UsageError(
      '--months, --learning and --segment need a known choice model; this dataset has none, so simulate prints the one-shot offline replay estimate'
    );
  }
  const built = input.kind === 'telco' ? buildTrainTestData({ dataset: input.dataset }) : null;
  const data: TrainTestData = built ?? (input as Extract<ReplayInput, { kind: 'parity' }>).data;
  const prices = input.kind === 'telco' ? input.dataset.plans.map((p) => p.price) : input.prices;
  const nC = data.space.userIds.length,
    nP = data.space.itemIds.length;
  const models = new PolicyModels(data, args.seed);
  models.load(args.models);
  if (args.policies.some((p) => !(p in args.models) && policyLoss(p))) await setupNodeBackend('wasm');
  const policies: ReplayPolicy[] = [];
  const skipped: Record<string, string> = {};
  for (const name of args.policies) {
    const why = name in args.models ? null : unavailable(name, input, prices !== null);
    if (why) {
      skipped[name] = why;
      continue;
    }
    const file = models.file(name);
    const m = policyLoss(name);
    if (name in args.models && file)
      policies.push({ id: name, label: `${name} (${args.models[name]})`, scores: file.scores });
    else if (name === 'popularity')
      policies.push({ id: name, label: 'Popularity', scores: popularityScores(data.train, nC, nP) });
    else if (name === 'random') {
      policies.push({ id: name, label: 'Random', scores: randomScores(nC, nP, args.seed) });
    } else if (name === 'ensemble') {
      const losses = ensembleLosses(args.policies, args.models);
      const prepared = prepareEnsemble({
        models: await Promise.all(losses.map(async (l) => (await models.forLoss(l)).scores)),
        nItems: nP
      });
      policies.push({
        id: name,
        label: `Ensemble (${losses.join(' + ')}, equal weights)`,
        scores: combineEnsemble({ prepared, weights: losses.map(() => 1) })
      });
    } else if (name === 'cold-start' && input.kind === 'telco') {
      const base = await models.coldStartModel(args.policies, args.models);
      policies.push({
        id: name,
        label: coldStartLabel(args.coldStartDays, base?.name ?? null),
        scores: coldStartScores({
          dataset: input.dataset,
          model: base?.parts ?? null,
          days: args.coldStartDays
        })
      });
    } else if (m) {
      const { scores } = await models.forLoss(m.loss);
      policies.push(
        m.lambda === undefined
          ? { id: name, label: m.loss, scores }
          : {
              id: name,
              label: `${m.loss} re-ranked by price, λ = ${m.lambda}`,
              scores: revenueRerank({ scores, nItems: nP, prices: prices!, lambda: m.lambda })
            }
      );
    }
  }
  if (policies.length === 0)
    throw new UsageError(
      `none of --policies ${args.policies.join(',')} has an offline replay estimate on this dataset (${Object.entries(
        skipped
      )
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ')})`
    );
  const result = replayEstimate({
    nCustomers: nC,
    nPlans: nP,
    train: data.train,
    test: data.test,
    policies,
    topN: args.topN,
    prices,
    bootstrap: args.bootstrap,
    seed: args.seed
  });
  const split = built
    ? `${built.split.kind} (seed ${built.split.seed}), models trained on its train part`
    : 'the layout\u2019s own train.csv / test.csv, models trained on train.csv';
  return replayJson(result, {
    dataset: input.kind === 'telco' ? input.dataset.name : input.name,
    split,
    skipped
  });
}
