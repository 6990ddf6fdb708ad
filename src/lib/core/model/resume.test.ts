import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupNodeBackend } from '../../../cli/node-backend.ts';
import type { ModelConfigInput } from './config.ts';
import type { TrainEvent } from './events.ts';
import type { TrainedModel } from './model.ts';
import { syntheticData } from './synthetic-fixture.ts';
import { train } from './train.ts';
import { trainWithEarlyStopping, type RunCheckpoint } from './early-stopping.ts';
import { checkpointQueue, type TrainState } from './train-state.ts';

beforeAll(async () => {
  await setupNodeBackend('wasm');
});

const data = syntheticData(120, 10, 4);
const EPOCHS = 6;
const STOP = 3;

/** Every learned array of a model as bytes, so "equal" means byte for byte. */
function bytesOf(m: TrainedModel): number[][] {
  const w = m.weights;
  const arrays: Float32Array[] = [w.userEmbeddings, w.userBiases, w.itemEmbeddings, w.itemBiases];
  if (m.tower) for (const s of [m.tower.user, m.tower.item]) arrays.push(s.w1, s.b1, s.w2);
  return arrays.map((a) => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)));
}

/**
 * Trains EPOCHS epochs but stops as soon as the checkpoint of epoch STOP is stored (as a tab
 * closed then would), through an async writer as IndexedDB's; returns what was stored last.
 */
async function interruptedRun(config: ModelConfigInput, seed: number): Promise<TrainState> {
  const saved: TrainState[] = [];
  const signal = { aborted: false };
  await train({
    data,
    config: { ...config, epochs: EPOCHS } as ModelConfigInput,
    seed,
    signal,
    // Yield after every batch so the writer keeps up (every epoch's checkpoint is written).
    yieldEveryMs: 0,
    onCheckpoint: async (s) => {
      await new Promise((r) => setTimeout(r, 1));
      saved.push(structuredClone(s));
      if (s.epoch === STOP) signal.aborted = true;
    }
  }).catch((err: { code?: string }) => {
    if (err.code !== 'cancelled') throw err;
  });
  const last = saved.at(-1)!;
  expect(last.epoch).toBe(STOP);
  return last;
}

const CONFIGS: ModelConfigInput[] = [
  { loss: 'warp', components: 8, batchSize: 32 },
  { loss: 'warp', components: 8, batchSize: 32, violatorSearch: 'exact' },
  { loss: 'bpr', components: 8, batchSize: 32, schedule: 'adadelta' },
  { loss: 'warp-kos', components: 8, batchSize: 32 },
  { loss: 'logistic', components: 8, batchSize: 32 },
  { loss: 'hybrid-deep', components: 8, hidden: 4, batchSize: 32, towerLearningRate: 1e-3 }
];

describe('resuming training from a checkpoint', () => {
  it.each(CONFIGS)(
    '$loss: a run resumed after epoch 3 ends byte-identical to an uninterrupted one',
    async (config) => {
      const before = tf.memory().numTensors;
      const straight = await train({
        data,
        config: { ...config, epochs: EPOCHS } as ModelConfigInput,
        seed: 7
      });
      const checkpoint = await interruptedRun(config, 7);
      const events: TrainEvent[] = [];
      const resumed = await train({
        data,
        config: { ...config, epochs: EPOCHS } as ModelConfigInput,
        seed: 7,
        initialState: checkpoint,
        onEvent: (e) => events.push(e)
      });
      expect(bytesOf(resumed)).toEqual(bytesOf(straight));
      expect(resumed.history.map((h) => h.loss)).toEqual(straight.history.map((h) => h.loss));
      expect(events[0]).toMatchObject({ type: 'start', fromEpoch: STOP });
      expect(tf.memory().numTensors).toBe(before);
    }
  );

  it('checkpoints before the first epoch too, and resuming from it is the uninterrupted run', async () => {
    const config: ModelConfigInput = {
      loss: 'hybrid-deep',
      components: 8,
      hidden: 4,
      batchSize: 32,
      epochs: 3
    };
    const saved: TrainState[] = [];
    const straight = await train({
      data,
      config,
      seed: 2,
      onCheckpoint: (s) => void saved.push(structuredClone(s)),
      yieldEveryMs: 0
    });
    expect(saved[0].epoch).toBe(0);
    expect(bytesOf(await train({ data, config, seed: 2, initialState: saved[0] }))).toEqual(
      bytesOf(straight)
    );
  });

  // The same comparison fails when any part of the state is not restored: it can catch a bug.
  it.each([
    ['the rng state', (s: TrainState): TrainState => ({ ...s, rng: undefined })],
    ['the accumulators', (s: TrainState): TrainState => ({ ...s, accumulators: undefined })],
    ['the sample order', (s: TrainState): TrainState => ({ ...s, order: undefined })],
    [
      'the Adam moments',
      (s: TrainState): TrainState => ({ ...s, tower: s.tower && { weights: s.tower.weights } })
    ]
  ])('differs from the uninterrupted run when %s is not restored', async (what, drop) => {
    const config: ModelConfigInput = what === 'the Adam moments' ? CONFIGS[5] : CONFIGS[0];
    const straight = await train({
      data,
      config: { ...config, epochs: EPOCHS } as ModelConfigInput,
      seed: 7
    });
    const checkpoint = await interruptedRun(config, 7);
    const resumed = await train({
      data,
      config: { ...config, epochs: EPOCHS } as ModelConfigInput,
      seed: 7,
      initialState: drop(checkpoint)
    });
    expect(bytesOf(resumed)).not.toEqual(bytesOf(straight));
  });

  it('continues a trained model from its weights alone (fit_partial) and rejects a state of another shape', async () => {
    const first = await train({ data, config: { loss: 'warp', components: 8, epochs: 2 }, seed: 3 });
    const more = await train({
      data,
      config: { loss: 'warp', components: 8, epochs: 4 },
      seed: 3,
      initialState: { epoch: 2, weights: first.weights, history: first.history, elapsedMs: first.fitMs }
    });
    expect(more.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);
    expect(bytesOf(more)).not.toEqual(bytesOf(first));
    await expect(
      train({
        data,
        config: { loss: 'warp', components: 16, epochs: 4 },
        seed: 3,
        initialState: { epoch: 2, weights: first.weights, history: [], elapsedMs: 0 }
      })
    ).rejects.toThrow(/starting state has 8 components; the config asks for 16/);
  });

  it('resumes an early-stopping run in its search and in its refit, ending as the uninterrupted run', async () => {
    // Yielding after every batch lets every epoch's checkpoint through; a slow learning rate keeps the best epoch past 1.
    const opts = {
      data,
      config: {
        loss: 'warp',
        components: 8,
        epochs: 8,
        batchSize: 32,
        learningRate: 0.005
      } as ModelConfigInput,
      seed: 5,
      earlyStopping: { patience: 8 },
      yieldEveryMs: 0
    };
    const saved: RunCheckpoint[] = [];
    const straight = await trainWithEarlyStopping({
      ...opts,
      onCheckpoint: (c) => void saved.push(structuredClone(c))
    });
    const search = saved.find((c) => c.phase === 'search' && c.state.epoch === 3)!;
    const refit = saved.find((c) => c.phase === 'refit' && c.state.epoch === 1)!;
    expect(straight.earlyStopping.chosenEpochs).toBeGreaterThan(1);
    expect(search && refit).toBeTruthy();
    for (const from of [search, refit]) {
      const resumed = await trainWithEarlyStopping({ ...opts, resumeFrom: from });
      expect(resumed.earlyStopping).toEqual(straight.earlyStopping);
      expect(bytesOf(resumed)).toEqual(bytesOf(straight));
    }
  });

  it('never holds training up: a slow writer keeps only the newest waiting checkpoint, and a cancel waits for one write at most', async () => {
    const written: number[] = [];
    const state = (epoch: number) => ({ epoch }) as TrainState;
    const slow = async (s: TrainState) => {
      await new Promise((r) => setTimeout(r, 20));
      written.push(s.epoch);
    };
    const q = checkpointQueue(slow);
    for (const e of [1, 2, 3, 4]) q.push(state(e));
    await q.flush();
    expect(written).toEqual([1, 4]);
    written.length = 0;
    const signal = { aborted: false };
    const c = checkpointQueue(slow, signal);
    c.push(state(5));
    c.push(state(6));
    signal.aborted = true;
    await c.flush();
    expect(written).toEqual([5]);
  });
});
