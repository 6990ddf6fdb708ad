/**
 * Training state in and out: everything `train` needs to continue a run exactly where it
 * stopped (a checkpoint), or to start from given weights (LightFM's fit_partial). Only typed
 * arrays and a few numbers, so a checkpoint goes into IndexedDB without JSON.
 */
import type { Rng } from '../data/rng.ts';
import type { TrainingPath } from './path-choice.ts';
import { CoreError, type FactorWeights } from '../types.ts';
import type { ScheduleName } from './config.ts';
import type { AdamState, TowerWeights } from './deep-tower.ts';
import type { EpochRecord } from './events.ts';
import type { FactorState } from './factor-state.ts';
import { RowGradients } from './row-gradients.ts';
import { createParamBlock, type ParamBlock } from './schedules.ts';

/** A block's schedule state: adagrad's Σg² (accDelta empty) or adadelta's E[g²] and E[Δ²]. */
export interface ScheduleState {
  acc: Float32Array;
  accDelta: Float32Array;
}

export interface TrainState {
  /** Epochs already trained: training continues with epoch `epoch + 1` up to config.epochs. */
  epoch: number;
  weights: FactorWeights;
  /**
   * Schedule state of each block, laid out as the weights. Absent: fresh accumulators (a new
   * LightFM model's), e.g. when starting from a stored model's weights.
   */
  accumulators?: {
    userEmb: ScheduleState;
    userBias: ScheduleState;
    itemEmb: ScheduleState;
    itemBias: ScheduleState;
  };
  /** The sampling stream's position (Rng.getState). Absent: the seed's own stream. */
  rng?: Uint32Array;
  /**
   * The sample order after the last shuffle (each epoch shuffles it again, in place). Absent, or
   * of another length than the training interactions (new data): the identity order.
   */
  order?: Int32Array;
  /** Hybrid Deep: tower weights and, to continue exactly, Adam's moments. */
  tower?: { weights: TowerWeights; adam?: AdamState };
  /** One record per epoch trained so far (curves continue from them). */
  history: EpochRecord[];
  /** Training wall time so far, milliseconds (the reported fit time continues from it). */
  elapsedMs: number;
  /** The path the run's batches take (training-path.ts), so a resumed run continues on it. Absent: measure again. */
  trainingPath?: TrainingPath;
}

const scheduleState = (b: ParamBlock): ScheduleState => ({
  acc: b.acc.slice(),
  accDelta: b.accDelta.slice()
});

/** A copy of the run's state after `epoch` epochs (nothing shared with the live buffers). */
export function captureTrainState(opts: {
  epoch: number;
  state: FactorState;
  sampler: Rng;
  order: Int32Array;
  tower?: TrainState['tower'];
  history: EpochRecord[];
  elapsedMs: number;
  trainingPath?: TrainingPath;
}): TrainState {
  const { state: s } = opts;
  return {
    epoch: opts.epoch,
    weights: {
      components: s.components,
      userEmbeddings: s.user.emb.values.slice(),
      userBiases: s.user.bias.values.slice(),
      itemEmbeddings: s.item.emb.values.slice(),
      itemBiases: s.item.bias.values.slice()
    },
    accumulators: {
      userEmb: scheduleState(s.user.emb),
      userBias: scheduleState(s.user.bias),
      itemEmb: scheduleState(s.item.emb),
      itemBias: scheduleState(s.item.bias)
    },
    rng: opts.sampler.getState(),
    order: opts.order.slice(),
    tower: opts.tower,
    history: opts.history.map((h) => ({ ...h })),
    elapsedMs: opts.elapsedMs,
    ...(opts.trainingPath ? { trainingPath: opts.trainingPath } : {})
  };
}

function block(
  rows: number,
  width: number,
  schedule: ScheduleName,
  values: Float32Array,
  saved: ScheduleState | undefined,
  what: string
): ParamBlock {
  if (values.length !== rows * width) {
    throw new CoreError(
      'bad_input',
      `the starting state's ${what} hold ${values.length} values; this model needs ${rows} × ${width} = ${rows * width} (same features and components as the run it came from)`
    );
  }
  const b = createParamBlock(rows, width, schedule, values.slice());
  if (saved) {
    if (saved.acc.length !== b.acc.length || saved.accDelta.length !== b.accDelta.length) {
      throw new CoreError(
        'bad_input',
        `the starting state's ${what} accumulators do not fit a ${schedule} model of this size (was it saved with another schedule?)`
      );
    }
    b.acc.set(saved.acc);
    b.accDelta.set(saved.accDelta);
  }
  return b;
}

/** The factor state a run continues from: copies of the given weights and accumulators, checked against the model's shape. */
export function factorStateFrom(
  init: TrainState,
  nUserFeatures: number,
  nItemFeatures: number,
  d: number,
  schedule: ScheduleName
): FactorState {
  const w = init.weights;
  if (w.components !== d)
    throw new CoreError(
      'bad_input',
      `the starting state has ${w.components} components; the config asks for ${d}`
    );
  const a = init.accumulators;
  const side = (emb: ParamBlock, bias: ParamBlock) => ({
    emb,
    bias,
    embGrad: new RowGradients(emb.rows, d),
    biasGrad: new RowGradients(bias.rows, 1)
  });
  return {
    components: d,
    user: side(
      block(nUserFeatures, d, schedule, w.userEmbeddings, a?.userEmb, 'user embeddings'),
      block(nUserFeatures, 1, schedule, w.userBiases, a?.userBias, 'user biases')
    ),
    item: side(
      block(nItemFeatures, d, schedule, w.itemEmbeddings, a?.itemEmb, 'item embeddings'),
      block(nItemFeatures, 1, schedule, w.itemBiases, a?.itemBias, 'item biases')
    )
  };
}

/**
 * Hands checkpoints to a slow writer (IndexedDB) without holding training up: one write at a
 * time, and while one is in flight only the newest waiting checkpoint is kept. `flush` waits
 * until everything handed over is written and rethrows the first write error. Once `signal`
 * aborts (cancel), nothing new starts: a cancel waits for one write at most.
 */
export function checkpointQueue(
  write: (state: TrainState) => void | Promise<void>,
  signal?: { readonly aborted: boolean }
): { push(state: TrainState): void; flush(): Promise<void> } {
  let waiting: TrainState | null = null;
  let running: Promise<void> | null = null;
  let failure: unknown = null;
  const drain = async (first: TrainState) => {
    let next: TrainState | null = first;
    while (next) {
      try {
        await write(next);
      } catch (err) {
        failure ??= err;
      }
      next = signal?.aborted ? null : waiting;
      waiting = null;
    }
    running = null;
  };
  return {
    push(state) {
      if (running) waiting = state;
      else running = drain(state);
    },
    async flush() {
      while (running) await running;
      if (failure) throw failure;
    }
  };
}
