/**
 * `npm run cli -- train DIR [options]`: trains one model on a directory in the parity layout
 * (train.csv and test.csv required; users.csv, items.csv, user_features.csv, item_features.csv
 * optional) and prints ONE JSON object: params, backend, data sizes, fit_seconds, and train and
 * test metrics named as in the parity reference.json files, and the popularity ranking's test metrics
 * (popularity.test.*) as the baseline.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseParityLayout,
  PARITY_FILE_NAMES,
  type ParityLayoutTexts
} from '../lib/core/data/parity-layout.ts';
import { decodeCsvBytes } from '../lib/core/data/text-file.ts';
import { evaluateRanking } from '../lib/core/eval/metrics.ts';
import { popularityScores } from '../lib/core/eval/popularity.ts';
import { LOSSES, resolveConfig, type LossName, type ModelConfigInput } from '../lib/core/model/config.ts';
import { scoreUsers } from '../lib/core/model/predict.ts';
import { train } from '../lib/core/model/train.ts';
import { trainWithEarlyStopping } from '../lib/core/model/early-stopping.ts';
import type { Interactions } from '../lib/core/types.ts';
import { modelFactorFiles } from '../lib/core/pipeline/factors-write.ts';
import type { TrainEvent } from '../lib/core/model/events.ts';
import { setupNodeBackend, type NodeBackend } from './node-backend.ts';
import { nodeParallel } from './shard-threads.ts';
import type { TrainingPathMode } from '../lib/core/model/path-choice.ts';

export const USAGE = `usage: npm run cli -- train DIR [--loss ${LOSSES.join('|')}] [--components N] [--epochs N]
  [--lr X] [--schedule adagrad|adadelta] [--item-alpha X] [--user-alpha X] [--max-sampled N]
  [--kos-k N] [--kos-n N] [--batch N] [--seed N] [--cores N] [--no-features] [--early-stopping] [--k 3,5,10] [--backend wasm|cpu]
  [--save-factors DIR] [--violators sampled|exact] (warp, warp-kos) [--tower-lr X] [--hidden N] [--tower-warmup N] [--item-tower] (hybrid-deep)
  [--training-path auto|measure|cpu|tensor] (warp, bpr: time the WebAssembly kernel and the TF.js full-tensor path and keep the faster (measure; auto: only on a GPU backend), or force one)`;

export interface TrainArgs {
  dir: string;
  config: ModelConfigInput;
  seed: number;
  ks: number[];
  backend: NodeBackend;
  /** Choose the epochs (up to --epochs) on 10% of train, then refit on all of train. */
  earlyStopping?: boolean;
  /** Write the trained factors in the import format (docs/factors.md) to this folder. */
  saveFactors?: string;
  /** Split each batch across this many cores (batch-parallel.ts; WARP, WARP-KOS, BPR); default 1. */
  cores?: number;
  /** What trains WARP's batches (train.ts TrainOptions.trainingPath). Default: measure. */
  trainingPath?: TrainingPathMode;
}

class UsageError extends Error {}

/** Parses argv (after "train"); throws UsageError with a message saying what to fix. */
export function parseTrainArgs(argv: string[]): TrainArgs {
  const cfg: Record<string, unknown> = { loss: 'warp' };
  let dir: string | undefined;
  let seed = 1;
  let earlyStopping = false;
  let ks = [3, 5, 10];
  let backend: NodeBackend = 'wasm';
  let saveFactors: string | undefined;
  let cores = 1;
  let trainingPath: TrainingPathMode | undefined;
  const num = (flag: string, v: string | undefined, integer: boolean): number => {
    if (v === undefined) throw new UsageError(`${flag} needs a value`);
    const x = Number(v);
    if (v.trim() === '' || !Number.isFinite(x) || (integer && !Number.isInteger(x))) {
      throw new UsageError(`${flag} must be ${integer ? 'an integer' : 'a number'}, got "${v}"`);
    }
    return x;
  };
  const numeric: Record<string, [string, boolean]> = {
    '--components': ['components', true],
    '--epochs': ['epochs', true],
    '--lr': ['learningRate', false],
    '--item-alpha': ['itemAlpha', false],
    '--user-alpha': ['userAlpha', false],
    '--max-sampled': ['maxSampled', true],
    '--kos-k': ['k', true],
    '--kos-n': ['n', true],
    '--batch': ['batchSize', true],
    '--tower-lr': ['towerLearningRate', false],
    '--hidden': ['hidden', true],
    '--tower-warmup': ['towerWarmupEpochs', true]
  };
  for (let a = 0; a < argv.length; a++) {
    const arg = argv[a];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = () => inline ?? argv[++a];
    if (flag in numeric) {
      const [key, integer] = numeric[flag];
      cfg[key] = num(flag, value(), integer);
    } else if (flag === '--loss') {
      const v = value();
      if (!LOSSES.includes(v as LossName))
        throw new UsageError(`--loss must be one of ${LOSSES.join(', ')}, got "${v}"`);
      cfg.loss = v;
    } else if (flag === '--schedule') {
      const v = value();
      if (v !== 'adagrad' && v !== 'adadelta')
        throw new UsageError(`--schedule must be adagrad or adadelta, got "${v}"`);
      cfg.schedule = v;
    } else if (flag === '--violators') {
      const v = value();
      if (v !== 'sampled' && v !== 'exact')
        throw new UsageError(`--violators must be sampled or exact, got "${v}"`);
      cfg.violatorSearch = v;
    } else if (flag === '--training-path') {
      const v = value();
      if (v !== 'auto' && v !== 'measure' && v !== 'cpu' && v !== 'tensor')
        throw new UsageError(`--training-path must be auto, measure, cpu or tensor, got "${v}"`);
      trainingPath = v;
    } else if (flag === '--seed') seed = num('--seed', value(), true);
    else if (flag === '--cores') {
      cores = num('--cores', value(), true);
      if (cores < 1) throw new UsageError(`--cores must be 1 or more, got ${cores}`);
    } else if (flag === '--no-features') cfg.useFeatures = false;
    else if (flag === '--early-stopping') earlyStopping = true;
    else if (flag === '--item-tower') cfg.itemTower = true;
    else if (flag === '--save-factors') {
      saveFactors = value();
      if (!saveFactors) throw new UsageError('--save-factors needs a folder');
    } else if (flag === '--k') {
      const v = value();
      ks = (v ?? '').split(',').map((s) => num('--k', s, true));
      if (ks.some((k) => k < 1)) throw new UsageError(`--k takes positive integers like 3,5,10, got "${v}"`);
    } else if (flag === '--backend') {
      const v = value();
      if (v !== 'wasm' && v !== 'cpu') throw new UsageError(`--backend must be wasm or cpu, got "${v}"`);
      backend = v;
    } else if (flag.startsWith('-')) throw new UsageError(`unknown option "${flag}"`);
    else if (dir === undefined) dir = arg;
    else throw new UsageError(`unexpected argument "${arg}" (DIR is already "${dir}")`);
  }
  if (!dir) throw new UsageError('DIR is required: a folder with train.csv and test.csv');
  return {
    dir,
    config: cfg as unknown as ModelConfigInput,
    seed,
    ks,
    backend,
    earlyStopping,
    ...(saveFactors ? { saveFactors } : {}),
    ...(cores > 1 ? { cores } : {}),
    ...(trainingPath ? { trainingPath } : {})
  };
}

/** Reads the layout's files that exist in `dir`; train.csv and test.csv must. */
export function readLayoutDir(dir: string): ParityLayoutTexts {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`"${dir}" is not a directory`);
  const read = (key: keyof ParityLayoutTexts, required: boolean): string | undefined => {
    const path = join(dir, PARITY_FILE_NAMES[key]);
    if (!existsSync(path)) {
      if (required)
        throw new UsageError(`${path} is missing: DIR needs train.csv and test.csv (header user,item)`);
      return undefined;
    }
    return decodeCsvBytes(readFileSync(path), path);
  };
  return {
    train: read('train', true)!,
    test: read('test', true)!,
    users: read('users', false),
    items: read('items', false),
    userFeatures: read('userFeatures', false),
    itemFeatures: read('itemFeatures', false)
  };
}

const EMPTY: Interactions = {
  userIdx: new Int32Array(0),
  itemIdx: new Int32Array(0),
  weight: new Float32Array(0)
};

/** Trains and evaluates; the JSON object `main` prints. */
export async function runTrain(args: TrainArgs): Promise<Record<string, unknown>> {
  const backend = await setupNodeBackend(args.backend);
  const data = parseParityLayout(readLayoutDir(args.dir));
  const config = resolveConfig(args.config);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let trainingPath = '';
  const onEvent = (e: TrainEvent) => {
    // With the measured choice where there was one: "… · chose WebAssembly SIMD kernel (f32): 0.8 ms/batch vs …".
    if (e.type === 'start') trainingPath = [e.engine.loop, e.engine.choice].filter(Boolean).join(' · ');
  };
  const model = args.earlyStopping
    ? await trainWithEarlyStopping({ data, config, seed: args.seed })
    : await train({
        data,
        config,
        seed: args.seed,
        onEvent,
        trainingPath: args.trainingPath,
        ...(args.cores ? { parallel: nodeParallel(args.cores) } : {})
      });
  // With early stopping the fit includes the epoch search, not only the refit.
  const fitSeconds = args.earlyStopping ? (performance.now() - t0) / 1000 : model.fitMs / 1000;
  // CPU time of this process during the fit: steadier than wall time when other jobs share the cores.
  const cpu = process.cpuUsage(cpu0);
  const nItems = data.space.itemIds.length;
  if (args.saveFactors) {
    mkdirSync(args.saveFactors, { recursive: true });
    for (const [name, text] of Object.entries(modelFactorFiles(model)))
      writeFileSync(join(args.saveFactors, name), text);
  }
  const scores = scoreUsers({ model });
  const metrics = (test: Interactions, exclude: Interactions, s = scores) =>
    evaluateRanking({ nItems, scores: s, train: exclude, test, ks: args.ks, perUser: false }).metrics;
  // The baseline every model must beat: items ranked by their train adoptions, same for everyone.
  const popularity = popularityScores(data.train, data.space.userIds.length, nItems);
  const prefixed = (prefix: string, m: Record<string, number>) =>
    Object.fromEntries(Object.entries(m).map(([k, v]) => [`${prefix}.${k}`, v]));
  return {
    params: {
      ...config,
      seed: args.seed,
      cores: args.cores ?? 1,
      ...('earlyStopping' in model ? { early_stopping: model.earlyStopping } : {})
    },
    backend,
    ...(trainingPath ? { training_path: trainingPath } : {}),
    data: {
      n_users: data.space.userIds.length,
      n_items: nItems,
      n_train: data.train.userIdx.length,
      n_test: data.test.userIdx.length,
      n_user_features: model.userFeatures.nCols,
      n_item_features: model.itemFeatures.nCols
    },
    fit_seconds: fitSeconds,
    fit_cpu_seconds: (cpu.user + cpu.system) / 1e6,
    // Train metrics rank the training positives with nothing excluded, as LightFM's evaluation does.
    ...prefixed('train', metrics(data.train, EMPTY)),
    ...prefixed('test', metrics(data.test, data.train)),
    ...prefixed('popularity.test', metrics(data.test, data.train, popularity))
  };
}

export async function main(argv: string[]): Promise<number> {
  let args: TrainArgs;
  try {
    args = parseTrainArgs(argv);
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  try {
    process.stdout.write(JSON.stringify(await runTrain(args)) + '\n');
    return 0;
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    return e instanceof UsageError ? 2 : 1;
  }
}
