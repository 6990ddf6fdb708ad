/**
 * `npm run cli -- simulate DIR --policies oracle,warp,popularity,random [--top-n 3]
 *   [--replications 20] [--months 1] [--segment residential|business|premium] [--seed S]`
 *
 * Simulates offer campaigns on a directory written by `npm run cli -- generate`: its
 * customers.csv carries the hidden traits, so the true choice model is known (core/impact).
 * Model policies (any loss name, e.g. warp) train with the train command's defaults on the
 * dataset's default split (random 80/20, the dataset's seed), seeded with --seed; popularity
 * counts the same training adoptions. `LOSS@λ` is that model re-ranked by price at λ
 * (core/recommend/revenue-rerank.ts); `ensemble` is the equal-weight ensemble of the listed
 * models. With --months > 1 the campaign repeats monthly; --learning says how model policies
 * learn from the accepted offers in between (frozen, fit_partial, retrain; the ensemble and
 * re-ranks stay frozen) and --exploration adds ε-greedy (--epsilon) or Thompson sampling.
 * `cold-start` is the Impact page's cold-start blend (content rules blended with the first model
 * policy's attribute-only scores, every customer as joining --cold-start-days ago).
 *
 * Without a known choice model (raw tables without the hidden columns, or a parity layout:
 * train.csv, test.csv, users.csv, items.csv, feature files, optional plans.csv) nothing can be
 * simulated: it prints the offline replay estimate instead, labelled "estimate": "offline
 * replay" (replay.ts). Prints one JSON object; the same arguments give the same bytes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importTelcoCsv } from '../lib/core/data/csv-import.ts';
import { CSV_SCHEMAS, CSV_TABLES } from '../lib/core/data/csv-schemas.ts';
import { SEGMENTS, type TelcoDataset } from '../lib/core/data/schema.ts';
import { buildTrainTestData } from '../lib/core/data/train-test.ts';
import { LOSSES } from '../lib/core/model/config.ts';
import { combineEnsemble, prepareEnsemble } from '../lib/core/recommend/ensemble.ts';
import { revenueRerank } from '../lib/core/recommend/revenue-rerank.ts';
import {
  buildWorld,
  coldStartLabel,
  coldStartScores,
  EXPLORATIONS,
  fixedPolicy,
  hasChoiceModel,
  LEARNING_STRATEGIES,
  noOfferPolicy,
  onlinePolicy,
  oraclePolicy,
  popularityPolicy,
  randomPolicy,
  simulateCampaigns,
  type Exploration,
  type LearningStrategy,
  type Policy
} from '../lib/core/impact/index.ts';
import { impactJson } from '../lib/core/impact/report.ts';
import { RECIPE_FILE, type Recipe } from './recipe.ts';
import { setupNodeBackend } from './node-backend.ts';
import { readParityDir, runReplay } from './replay.ts';
import {
  BUILT_IN_POLICIES,
  ensembleLosses,
  PolicyModels,
  policyLoss,
  UsageError
} from './simulate-policies.ts';

export const USAGE = `usage: npm run cli -- simulate DIR [--policies oracle,warp,popularity,random] [--top-n 3]
  [--replications 20] [--months 1] [--segment ${SEGMENTS.join('|')}] [--seed S]
  [--learning ${LEARNING_STRATEGIES.join('|')}] [--exploration ${EXPLORATIONS.join('|')}] [--epsilon 0..1]
      (how model policies learn between months and explore; default frozen, epsilon, 0)
  [--cold-start-days D]   (days since joining of the cold-start policy; default 15)
  [--bootstrap B]   (resamples of the offline replay estimate, for data without a choice model; default 1000)
  [--model NAME=FILE.tlrun]   (policy NAME scores with a run exported from the Train page instead of training)
  policies: ${BUILT_IN_POLICIES.join(', ')}, a loss (${LOSSES.join(', ')}), or LOSS@λ (re-ranked by price)`;

export interface SimulateArgs {
  dir: string;
  policies: string[];
  topN: number;
  replications: number;
  months: number;
  segment?: number;
  seed: number;
  /** How model policies learn between months (--months > 1). */
  learning: LearningStrategy;
  /** How learning model policies explore. */
  exploration: Exploration;
  /** ε-greedy exploration of model policies. */
  epsilon: number;
  /** Days since joining of the cold-start blend policy. */
  coldStartDays: number;
  /** Bootstrap resamples of the offline replay estimate. */
  bootstrap: number;
  /** Model policies read from run files (.tlrun, exported on the Train page) instead of trained: policy name → path. */
  models: Record<string, string>;
}

export function parseSimulateArgs(argv: string[]): SimulateArgs {
  const args: Partial<SimulateArgs> = {
    policies: ['oracle', 'warp', 'popularity', 'random'],
    topN: 3,
    replications: 20,
    months: 1,
    seed: 1,
    learning: 'frozen',
    exploration: 'epsilon',
    epsilon: 0,
    coldStartDays: 15,
    bootstrap: 1000,
    models: {}
  };
  const integer = (flag: string, v: string | undefined, min: number) => {
    const x = Number(v);
    if (v === undefined || v.trim() === '' || !Number.isInteger(x) || x < min)
      throw new UsageError(`${flag} must be an integer ≥ ${min}, got "${v ?? ''}"`);
    return x;
  };
  for (let a = 0; a < argv.length; a++) {
    const flag = argv[a];
    if (flag === '--policies')
      args.policies = (argv[++a] ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    else if (flag === '--top-n') args.topN = integer(flag, argv[++a], 1);
    else if (flag === '--replications') args.replications = integer(flag, argv[++a], 1);
    else if (flag === '--months') args.months = integer(flag, argv[++a], 1);
    else if (flag === '--seed') args.seed = integer(flag, argv[++a], 0);
    else if (flag === '--cold-start-days') args.coldStartDays = integer(flag, argv[++a], 0);
    else if (flag === '--bootstrap') args.bootstrap = integer(flag, argv[++a], 2);
    else if (flag === '--exploration') {
      const v = argv[++a];
      if (!EXPLORATIONS.includes(v as Exploration))
        throw new UsageError(`--exploration must be one of ${EXPLORATIONS.join(', ')}, got "${v ?? ''}"`);
      args.exploration = v as Exploration;
    } else if (flag === '--model') {
      const v = argv[++a] ?? '';
      const eq = v.indexOf('=');
      if (eq <= 0 || eq === v.length - 1)
        throw new UsageError(`--model takes NAME=FILE (e.g. warp=runs/warp.tlrun), got "${v}"`);
      args.models![v.slice(0, eq)] = v.slice(eq + 1);
    } else if (flag === '--learning') {
      const v = argv[++a];
      if (!LEARNING_STRATEGIES.includes(v as LearningStrategy))
        throw new UsageError(`--learning must be one of ${LEARNING_STRATEGIES.join(', ')}, got "${v ?? ''}"`);
      args.learning = v as LearningStrategy;
    } else if (flag === '--epsilon') {
      const v = argv[++a],
        x = Number(v);
      if (v === undefined || v.trim() === '' || !(x >= 0 && x <= 1))
        throw new UsageError(`--epsilon must be a number from 0 to 1, got "${v ?? ''}"`);
      args.epsilon = x;
    } else if (flag === '--segment') {
      const s = argv[++a];
      const k = SEGMENTS.indexOf(s as (typeof SEGMENTS)[number]);
      if (k < 0) throw new UsageError(`--segment must be one of ${SEGMENTS.join(', ')}, got "${s ?? ''}"`);
      args.segment = k;
    } else if (flag.startsWith('-')) throw new UsageError(`unknown option "${flag}"`);
    else if (args.dir === undefined) args.dir = flag;
    else throw new UsageError(`unexpected argument "${flag}" (DIR is already "${args.dir}")`);
  }
  if (!args.dir) throw new UsageError('DIR is required: a folder written by `npm run cli -- generate`');
  if (args.policies!.length === 0) throw new UsageError('--policies needs at least one policy');
  for (const p of args.policies!) if (!(p in args.models!)) policyLoss(p);
  for (const name of Object.keys(args.models!)) {
    if (!args.policies!.includes(name))
      throw new UsageError(`--model ${name}=… names no policy in --policies (${args.policies!.join(',')})`);
  }
  return args as SimulateArgs;
}

/** The four raw CSVs of DIR, and the seed and name from its recipe (needed for the dataset's default split). */
export function readGeneratedDir(dir: string): TelcoDataset {
  const files = Object.fromEntries(
    CSV_TABLES.map((t) => {
      const path = join(dir, CSV_SCHEMAS[t].file);
      if (!existsSync(path))
        throw new UsageError(`${path} is missing: DIR must be written by \`npm run cli -- generate\``);
      return [t, readFileSync(path, 'utf8')];
    })
  ) as Record<(typeof CSV_TABLES)[number], string>;
  const recipePath = join(dir, RECIPE_FILE);
  const recipe: Partial<Recipe> = existsSync(recipePath) ? JSON.parse(readFileSync(recipePath, 'utf8')) : {};
  const ds = importTelcoCsv({
    files: { customers: files.customers, usage: files.usage, plans: files.plans, adoptions: files.adoptions },
    name: recipe.name,
    seed: recipe.seed
  });
  // customers.csv names a non-standard choice model; folders written before it did, the recipe.
  if (recipe.choiceModel === 'overage-family') ds.choiceModel = recipe.choiceModel;
  return ds;
}

/** Whether DIR holds the four raw tables (a `generate` folder or a CSV export). */
const hasRawTables = (dir: string) => CSV_TABLES.every((t) => existsSync(join(dir, CSV_SCHEMAS[t].file)));

export async function runSimulate(args: SimulateArgs): Promise<Record<string, unknown>> {
  if (!hasRawTables(args.dir)) {
    if (!existsSync(join(args.dir, 'train.csv')))
      throw new UsageError(
        `${args.dir} holds neither the raw tables (${CSV_TABLES.map((t) => CSV_SCHEMAS[t].file).join(', ')}) nor a parity layout (train.csv, test.csv, …)`
      );
    return runReplay({ kind: 'parity', ...readParityDir(args.dir) }, args);
  }
  const dataset = readGeneratedDir(args.dir);
  if (!hasChoiceModel(dataset)) return runReplay({ kind: 'telco', dataset }, args);
  const world = buildWorld(dataset);
  const data = buildTrainTestData({ dataset });
  const models = new PolicyModels(data, args.seed);
  models.load(args.models);
  const learns = args.learning !== 'frozen' || args.epsilon > 0 || args.exploration === 'thompson';
  const explore = { exploration: args.exploration, epsilon: args.epsilon };
  const exploreLabel =
    args.exploration === 'thompson' ? ', Thompson sampling' : args.epsilon > 0 ? `, ε = ${args.epsilon}` : '';
  if (args.policies.some((p) => !(p in args.models) && policyLoss(p))) await setupNodeBackend('wasm');
  const prices = dataset.plans.map((p) => p.price);
  const policies: Policy[] = [];
  for (const name of args.policies) {
    const file = models.file(name);
    if (name in args.models && file) {
      const label = `${name} (${args.models[name]})`;
      policies.push(
        learns
          ? onlinePolicy({
              id: name,
              label,
              model: file.model,
              strategy: args.learning,
              baseTrain: data.train,
              ...explore,
              seed: args.seed
            })
          : fixedPolicy(name, label, file.scores)
      );
      continue;
    }
    const m = policyLoss(name);
    if (name === 'oracle') policies.push(oraclePolicy(world));
    else if (name === 'popularity') policies.push(popularityPolicy(world, data.train));
    else if (name === 'random') policies.push(randomPolicy(world, args.seed));
    else if (name === 'none') policies.push(noOfferPolicy());
    else if (name === 'ensemble') {
      const losses = ensembleLosses(args.policies, args.models);
      const prepared = prepareEnsemble({
        models: await Promise.all(losses.map(async (l) => (await models.forLoss(l)).scores)),
        nItems: world.nPlans
      });
      policies.push(
        fixedPolicy(
          'ensemble',
          `Ensemble (${losses.join(' + ')}, equal weights)`,
          combineEnsemble({ prepared, weights: losses.map(() => 1) })
        )
      );
    } else if (name === 'cold-start') {
      const base = await models.coldStartModel(args.policies, args.models);
      policies.push(
        fixedPolicy(
          'cold-start',
          coldStartLabel(args.coldStartDays, base?.name ?? null),
          coldStartScores({ dataset, model: base?.parts ?? null, days: args.coldStartDays })
        )
      );
    } else if (m) {
      const { model, scores } = await models.forLoss(m.loss);
      policies.push(
        m.lambda === undefined
          ? learns
            ? onlinePolicy({
                id: name,
                label: `${m.loss}, ${args.learning}${exploreLabel}`,
                model,
                strategy: args.learning,
                baseTrain: data.train,
                ...explore,
                seed: args.seed
              })
            : fixedPolicy(name, m.loss, scores)
          : fixedPolicy(
              name,
              `${m.loss} re-ranked by price, λ = ${m.lambda}`,
              revenueRerank({ scores, nItems: world.nPlans, prices, lambda: m.lambda })
            )
      );
    }
  }
  const targets =
    args.segment === undefined
      ? undefined
      : Int32Array.from(Array.from(world.segment.keys()).filter((c) => world.segment[c] === args.segment));
  const result = await simulateCampaigns({
    world,
    policies,
    targets,
    topN: args.topN,
    replications: args.replications,
    months: args.months,
    seed: args.seed
  });
  return impactJson(result, {
    learning: args.learning,
    exploration: args.exploration,
    epsilon: args.epsilon,
    dataset: dataset.name,
    split: `${data.split.kind} (seed ${data.split.seed}), models trained on its train part`,
    segment: args.segment === undefined ? 'all' : SEGMENTS[args.segment]
  });
}

export async function main(argv: string[]): Promise<number> {
  let args: SimulateArgs;
  try {
    args = parseSimulateArgs(argv);
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  try {
    process.stdout.write(JSON.stringify(await runSimulate(args)) + '\n');
    return 0;
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    return e instanceof UsageError ? 2 : 1;
  }
}
