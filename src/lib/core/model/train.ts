import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../data/rng.ts';
import { groupByUser } from '../eval/user-rows.ts';
import type { CsrMatrix, Interactions, TrainTestData } from '../types.ts';
import { CoreError } from '../types.ts';
import { createBatchContext, type BatchOutcome } from './batch-context.ts';
import { resolveConfig, type ModelConfig, type ModelConfigInput } from './config.ts';
import { initTowerWeights } from './deep-tower.ts';
import { createDeepTowers } from './deep-towers.ts';
import { KernelTower } from './kernels/tower-kernel.ts';
import type { EpochRecord, TrainEvent } from './events.ts';
import { createFactorState, exportWeights, findNonFinite } from './factor-state.ts';
import type { TrainedModel } from './model.ts';
import type { ScoreSource } from './predict.ts';
import { createValidator, liveWeights } from './validation.ts';
import { startHelperCores, type ParallelRequest } from './batch-parallel.ts';
import type { TrainingPathMode } from './path-choice.ts';
import { prepareTrainingPath, type PathRunner } from './training-path.ts';
import { now, yieldMacrotask } from './clock.ts';
import { trainingEngine } from './engine.ts';
import { captureTrainState, checkpointQueue, factorStateFrom, type TrainState } from './train-state.ts';

/** Anything with an `aborted` flag: an AbortSignal, or a plain object a worker flips on cancel. */
export interface CancelSignal {
  readonly aborted: boolean;
}

export interface TrainOptions {
  /** Feature matrices, id mappings and splits. Only `train` is trained on. */
  data: TrainTestData;
  /** The loss and any options to override; the rest take `resolveConfig`'s defaults. */
  config: ModelConfigInput;
  /** Seeds initialisation and every sampling decision: same seed + backend → same model. */
  seed: number;
  /** Progress events (a few per second at most). */
  onEvent?: (event: TrainEvent) => void;
  /** Checked between batches; training yields a macrotask about every `yieldEveryMs` so a worker sees it. */
  signal?: CancelSignal;
  /** Compute ranking metrics every this many epochs (and after the last); 0 or absent = never. */
  validateEvery?: number;
  /** Cut-offs for validation metrics. Default [5]. */
  validationKs?: number[];
  /** Minimum milliseconds between epoch events (validation epochs and the last always report). Default 250. */
  minEventIntervalMs?: number;
  /** Work between macrotask yields, milliseconds. Default 50. */
  yieldEveryMs?: number;
  /**
   * Start from this state instead of the seed's initialisation: a checkpoint (`onCheckpoint`)
   * continues the run exactly, byte for byte, as if it had never stopped; weights alone (no
   * accumulators, rng or order) continue training a model as LightFM's fit_partial does.
   * Training runs epochs `initialState.epoch + 1 … config.epochs`.
   */
  initialState?: TrainState;
  /**
   * Receives the run's state (copies) every `checkpointEvery` epochs and after the last. A slow
   * (async) writer does not hold training up: only the newest waiting checkpoint is kept, and
   * `train` settles only after the last one handed over is written.
   */
  onCheckpoint?: (state: TrainState) => void | Promise<void>;
  /** Epochs between checkpoints. Default 1. */
  checkpointEvery?: number;
  /** Train each batch on more than one core (batch-parallel.ts); absent: one core. */
  parallel?: ParallelRequest;
  /**
   * What trains the batches where the TF.js full-tensor path can (training-path.ts): 'auto'
   * (default) measures on a GPU backend and keeps the kernel on TF.js's CPU backends; 'measure'
   * times a few batches of it and of the CPU kernel and keeps the faster; 'cpu' or 'tensor'
   * forces one. A resumed run keeps the path its checkpoint records.
   */
  trainingPath?: TrainingPathMode;
}

/** One identity column per row ("user:<id>"), for `useFeatures: false`. */
export function identityMatrix(n: number): CsrMatrix {
  return {
    nRows: n,
    nCols: n,
    indptr: Int32Array.from({ length: n + 1 }, (_, r) => r),
    indices: Int32Array.from({ length: n }, (_, r) => r),
    values: new Float32Array(n).fill(1)
  };
}

function checkInteractions(x: Interactions, nUsers: number, nItems: number, label: string): void {
  const n = x.userIdx.length;
  if (x.itemIdx.length !== n || x.weight.length !== n) {
    throw new CoreError(
      'bad_input',
      `${label}: userIdx, itemIdx and weight must have the same length (${n}, ${x.itemIdx.length}, ${x.weight.length})`
    );
  }
  for (let k = 0; k < n; k++) {
    const u = x.userIdx[k];
    const i = x.itemIdx[k];
    if (!(u >= 0 && u < nUsers) || !(i >= 0 && i < nItems)) {
      throw new CoreError(
        'bad_input',
        `${label}: interaction ${k} has user ${u}, item ${i}, outside ${nUsers} users × ${nItems} items`
      );
    }
    if (!(x.weight[k] >= 0) || !Number.isFinite(x.weight[k])) {
      throw new CoreError(
        'bad_input',
        `${label}: interaction ${k} has weight ${x.weight[k]}; weights must be finite and ≥ 0`
      );
    }
  }
}

function divergedMessage(cfg: ModelConfig, what: string): string {
  const lr =
    cfg.schedule === 'adagrad'
      ? `lower the learning rate (now ${cfg.learningRate}, try ${cfg.learningRate / 2})`
      : 'switch to adagrad with a small learning rate';
  return `training diverged: ${what} became NaN or infinite. ${lr}, or add regularisation (itemAlpha/userAlpha, e.g. 1e-6)${cfg.batchSize > 1024 ? `, or use a smaller batch (now ${cfg.batchSize})` : ''}`;
}

/**
 * Trains a hybrid factorisation model (lightfm-spec.md) on `data.train` and resolves to the
 * trained model. Rejects with CoreError 'cancelled' when `signal` aborts, 'diverged' when the
 * loss or weights stop being finite (the message says what to change), 'bad_config' or
 * 'bad_input' for invalid options or data. No tensor outlives the call.
 */
export async function train(opts: TrainOptions): Promise<TrainedModel> {
  const t0 = now();
  const config = resolveConfig(opts.config);
  const { data, seed, onEvent, signal } = opts;
  const { space } = data;
  const nUsers = space.userIds.length;
  const nItems = space.itemIds.length;
  if (space.userFeatures.nRows !== nUsers || space.itemFeatures.nRows !== nItems) {
    throw new CoreError(
      'bad_input',
      `feature matrices have ${space.userFeatures.nRows} user and ${space.itemFeatures.nRows} item rows for ${nUsers} users and ${nItems} items`
    );
  }
  checkInteractions(data.train, nUsers, nItems, 'train');
  if (data.train.userIdx.length === 0)
    throw new CoreError('bad_input', 'train has no interactions: nothing to learn from');
  if (!Number.isInteger(seed)) throw new CoreError('bad_config', `seed must be an integer, got ${seed}`);

  const userX = config.useFeatures ? space.userFeatures : identityMatrix(nUsers);
  const itemX = config.useFeatures ? space.itemFeatures : identityMatrix(nItems);
  const userFeatureNames = config.useFeatures
    ? space.userFeatureNames
    : space.userIds.map((id) => `user:${id}`);
  const itemFeatureNames = config.useFeatures
    ? space.itemFeatureNames
    : space.itemIds.map((id) => `item:${id}`);

  const init = opts.initialState;
  if (init && !(Number.isInteger(init.epoch) && init.epoch >= 0))
    throw new CoreError(
      'bad_input',
      `the starting state's epoch must be a whole number ≥ 0, got ${init.epoch}`
    );
  const rng = createRng(seed);
  // The streams are forked in a fixed order (init, tower, sample) whether or not they are used,
  // so a run started from weights alone samples as the seed's own run would.
  const initRng = rng.fork('init');
  const state = init
    ? factorStateFrom(init, userX.nCols, itemX.nCols, config.components, config.schedule)
    : createFactorState(userX.nCols, itemX.nCols, config.components, config.schedule, initRng);
  const towerRng = config.loss === 'hybrid-deep' ? rng.fork('tower') : undefined;
  const towerInit =
    config.loss === 'hybrid-deep'
      ? (init?.tower?.weights ?? initTowerWeights(config.components, config.hidden, towerRng!))
      : undefined;
  const sampler = rng.fork('sample');
  if (init?.rng) sampler.setState(init.rng);
  const positives = groupByUser({ interactions: data.train, nUsers, nItems, label: 'train' });
  const ctx = createBatchContext({
    config,
    state,
    userX,
    itemX,
    nItems,
    positives,
    train: data.train,
    rng: sampler,
    parallel: opts.parallel
  });
  const tower =
    config.loss === 'hybrid-deep' && towerInit
      ? createDeepTowers(ctx, towerInit, config.towerLearningRate, init?.tower?.adam, config.itemTower)
      : undefined;
  const nSamples = data.train.userIdx.length;
  const order =
    init?.order?.length === nSamples
      ? init.order.slice()
      : Int32Array.from({ length: nSamples }, (_, k) => k);
  const B = config.batchSize;
  const backend = tf.getBackend() ?? 'none';
  const history: EpochRecord[] = init ? init.history.map((h) => ({ ...h })) : [];
  const priorMs = init?.elapsedMs ?? 0;
  const checkpoints = opts.onCheckpoint ? checkpointQueue(opts.onCheckpoint, signal) : undefined;
  const checkpointEvery = opts.checkpointEvery ?? 1;
  const minInterval = opts.minEventIntervalMs ?? 250;
  const yieldEvery = opts.yieldEveryMs ?? 50;
  const validationSplit = data.validation ? 'validation' : 'test';
  const heldOut = data.validation ?? data.test;

  let epochNow = 0;
  let runner: PathRunner | undefined;
  const runBatch = (start: number, count: number): BatchOutcome => runner!.batch(start, count, epochNow);

  const towerState = () =>
    tower && {
      weights: tower.export(config.components, config.loss === 'hybrid-deep' ? config.hidden : 0),
      adam: tower.exportAdam()
    };
  // Made on first use: grouping the split once, scoring only users with held-out items each time.
  let validator: ((source: ScoreSource) => Record<string, number>) | undefined;
  const validate = (): Record<string, number> => {
    validator ??= createValidator({
      nUsers,
      nItems,
      train: data.train,
      heldOut,
      ks: opts.validationKs ?? [5]
    });
    return validator({
      weights: liveWeights(state),
      userFeatures: userX,
      itemFeatures: itemX,
      tower: tower?.export(config.components, config.loss === 'hybrid-deep' ? config.hidden : 0)
    });
  };

  try {
    // Helper cores must be running before the batches block this thread waiting for them.
    await startHelperCores(ctx);
    runner = prepareTrainingPath({
      ctx,
      tower,
      order,
      mode: opts.trainingPath ?? init?.trainingPath ?? 'auto',
      resumed: !opts.trainingPath && init?.trainingPath !== undefined
    });
    onEvent?.({
      type: 'start',
      epochs: config.epochs,
      samples: nSamples,
      batchSize: B,
      backend,
      fromEpoch: init?.epoch ?? 0,
      engine: trainingEngine(config, {
        loop: runner.loop,
        tensorBackend: backend,
        towersInKernel: tower instanceof KernelTower,
        choice: runner.choiceLine,
        fullTensor: runner.choice.path === 'tensor'
      })
    });
    // A checkpoint before the first epoch: a run stopped during it (a slow Hybrid Deep epoch) is still listed.
    if (checkpoints && !init)
      checkpoints.push(
        captureTrainState({
          epoch: 0,
          state,
          sampler,
          order,
          tower: towerState(),
          history,
          elapsedMs: 0,
          trainingPath: runner.choice.path
        })
      );
    let lastYield = now();
    let lastEvent = -Infinity;
    for (let epoch = (init?.epoch ?? 0) + 1; epoch <= config.epochs; epoch++) {
      epochNow = epoch;
      sampler.shuffle(order);
      let loss = 0;
      let updated = 0;
      for (let start = 0; start < nSamples; start += B) {
        const count = Math.min(B, nSamples - start);
        const out = runBatch(start, count);
        if (!Number.isFinite(out.loss)) {
          const message = divergedMessage(config, 'the loss');
          onEvent?.({ type: 'diverged', epoch, message });
          throw new CoreError('diverged', message);
        }
        loss += out.loss;
        updated += out.updated;
        if (now() - lastYield > yieldEvery) {
          await yieldMacrotask();
          lastYield = now();
        }
        if (signal?.aborted) {
          onEvent?.({ type: 'cancelled', epoch });
          throw new CoreError('cancelled', `training was cancelled during epoch ${epoch}`);
        }
      }
      runner.sync();
      const bad = findNonFinite(state) ?? (tower && !tower.isFinite() ? 'the deep tower weights' : null);
      if (bad) {
        const message = divergedMessage(config, bad);
        onEvent?.({ type: 'diverged', epoch, message });
        throw new CoreError('diverged', message);
      }
      const every = opts.validateEvery ?? 0;
      const validation =
        every > 0 && (epoch % every === 0 || epoch === config.epochs) ? validate() : undefined;
      const tNow = now();
      const record: EpochRecord = {
        epoch,
        loss: loss / nSamples,
        updatedFraction: updated / nSamples,
        elapsedMs: priorMs + tNow - t0,
        validation
      };
      history.push(record);
      if (checkpoints && (epoch % checkpointEvery === 0 || epoch === config.epochs)) {
        checkpoints.push(
          captureTrainState({
            epoch,
            state,
            sampler,
            order,
            tower: towerState(),
            history,
            elapsedMs: record.elapsedMs,
            trainingPath: runner.choice.path
          })
        );
      }
      if (validation || epoch === config.epochs || tNow - lastEvent >= minInterval) {
        lastEvent = tNow;
        onEvent?.({
          type: 'epoch',
          epochs: config.epochs,
          ...record,
          ...(validation ? { validationSplit } : {})
        });
      }
    }
    await checkpoints?.flush();
    const fitMs = priorMs + now() - t0;
    const model: TrainedModel = {
      config,
      seed,
      userIds: space.userIds,
      itemIds: space.itemIds,
      userFeatureNames,
      itemFeatureNames,
      userFeatures: userX,
      itemFeatures: itemX,
      weights: exportWeights(state),
      tower: tower?.export(config.components, config.loss === 'hybrid-deep' ? config.hidden : 0),
      history,
      fitMs,
      backend,
      ...(ctx.parallel ? { cores: ctx.parallel.cores } : {})
    };
    onEvent?.({ type: 'done', epochs: config.epochs, fitMs });
    return model;
  } finally {
    runner?.dispose();
    tower?.dispose();
    ctx.parallel?.dispose();
    // A stopped run's last checkpoints still land before train settles (nothing written late).
    await checkpoints?.flush().catch(() => undefined);
  }
}
