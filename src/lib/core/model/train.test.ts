import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupNodeBackend } from '../../../cli/node-backend.ts';
import { CoreError } from '../types.ts';
import type { ModelConfigInput } from './config.ts';
import type { TrainEvent } from './events.ts';
import { scoreNewUser, scoreUsers } from './predict.ts';
import { train } from './train.ts';
import { syntheticData } from './synthetic-fixture.ts';

beforeAll(async () => {
  await setupNodeBackend('wasm');
});

const small = syntheticData(200, 12, 1);

describe('train', () => {
  it.each(['warp', 'bpr', 'warp-kos', 'logistic', 'hybrid-deep'] as const)(
    '%s leaves no tensor behind and learns the segment structure',
    async (loss) => {
      const before = tf.memory().numTensors;
      const config = {
        loss,
        components: 8,
        epochs: 15,
        batchSize: 64,
        ...(loss === 'hybrid-deep' ? { components: 16 } : {})
      } as ModelConfigInput;
      const model = await train({ data: small, config, seed: 3 });
      const scores = scoreUsers({ model });
      expect(tf.memory().numTensors).toBe(before);
      // Users of segment A should rank the low half above the high half on average.
      let inSegment = 0;
      let outSegment = 0;
      for (let u = 0; u < 200; u += 2) {
        for (let i = 0; i < 12; i++) {
          if (i < 6) inSegment += scores[u * 12 + i];
          else outSegment += scores[u * 12 + i];
        }
      }
      expect(inSegment).toBeGreaterThan(outSegment);
    }
  );

  it('reproduces the same weights from the same seed and differs with another seed', async () => {
    const config: ModelConfigInput = { loss: 'warp', components: 8, epochs: 3, batchSize: 64 };
    const a = await train({ data: small, config, seed: 11 });
    const b = await train({ data: small, config, seed: 11 });
    const c = await train({ data: small, config, seed: 12 });
    expect(Array.from(a.weights.itemEmbeddings)).toEqual(Array.from(b.weights.itemEmbeddings));
    expect(Array.from(a.weights.userEmbeddings)).toEqual(Array.from(b.weights.userEmbeddings));
    expect(Array.from(a.weights.itemEmbeddings)).not.toEqual(Array.from(c.weights.itemEmbeddings));
  });

  it('trains WARP-KOS on a catalogue of 5 items without diverging (max(1,·) guard)', async () => {
    const tiny = syntheticData(60, 5, 2);
    const model = await train({
      data: tiny,
      config: { loss: 'warp-kos', components: 4, epochs: 20, batchSize: 16, maxSampled: 10 },
      seed: 1
    });
    expect(model.history.every((h) => Number.isFinite(h.loss))).toBe(true);
    expect(model.weights.itemEmbeddings.every((v) => Number.isFinite(v))).toBe(true);
  });

  it('emits start, throttled epoch events with validation, and done', async () => {
    const events: TrainEvent[] = [];
    const model = await train({
      data: small,
      config: { loss: 'warp', components: 8, epochs: 4, batchSize: 64 },
      seed: 1,
      onEvent: (e) => events.push(e),
      validateEvery: 2,
      minEventIntervalMs: 1e9
    });
    expect(events[0].type).toBe('start');
    expect(events.at(-1)?.type).toBe('done');
    const epochs = events.filter((e) => e.type === 'epoch');
    // The first epoch always reports (progress shows at once), 2 and 4 carry validation; 3 is throttled away.
    expect(epochs.map((e) => e.type === 'epoch' && e.epoch)).toEqual([1, 2, 4]);
    const last = epochs.at(-1);
    expect(last?.type === 'epoch' && last.validation?.['precision@5']).toBeGreaterThan(0);
    expect(model.history).toHaveLength(4);
  });

  it('stops with a cancelled error when the signal aborts', async () => {
    const signal = { aborted: false };
    const events: TrainEvent[] = [];
    const run = train({
      data: small,
      config: { loss: 'warp', components: 8, epochs: 1000, batchSize: 32 },
      seed: 1,
      signal,
      yieldEveryMs: 0,
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'start') setTimeout(() => (signal.aborted = true), 20);
      }
    });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(events.at(-1)?.type).toBe('cancelled');
  });

  it('reports divergence with advice when the learning rate is absurd', async () => {
    const events: TrainEvent[] = [];
    const err = await train({
      data: small,
      config: { loss: 'logistic', components: 8, epochs: 5, batchSize: 64, learningRate: 1e38 },
      seed: 1,
      onEvent: (e) => events.push(e)
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CoreError);
    expect((err as CoreError).code).toBe('diverged');
    expect((err as CoreError).message).toMatch(/lower the learning rate/);
    expect(events.some((e) => e.type === 'diverged')).toBe(true);
    expect(tf.memory().numTensors).toBe(0);
  });

  it('rejects a bad config with the field to fix', async () => {
    await expect(train({ data: small, config: { loss: 'warp', components: 0 }, seed: 1 })).rejects.toThrow(
      /components must be a positive integer/
    );
    await expect(train({ data: small, config: { loss: 'warp-kos', k: 20, n: 10 }, seed: 1 })).rejects.toThrow(
      /k must be ≤ n/
    );
  });

  it('scores a new customer from attributes alone, and refuses unknown attributes', async () => {
    const model = await train({
      data: small,
      config: { loss: 'warp', components: 8, epochs: 15, batchSize: 64 },
      seed: 2
    });
    const before = tf.memory().numTensors;
    const a = scoreNewUser({ model, features: ['segment:A'] });
    const b = scoreNewUser({ model, features: { 'segment:B': 1 } });
    expect(tf.memory().numTensors).toBe(before);
    const mean = (s: Float32Array, lo: number, hi: number) =>
      s.slice(lo, hi).reduce((x, y) => x + y, 0) / (hi - lo);
    expect(mean(a, 0, 6)).toBeGreaterThan(mean(a, 6, 12));
    expect(mean(b, 6, 12)).toBeGreaterThan(mean(b, 0, 6));
    expect(() => scoreNewUser({ model, features: ['segment:Z'] })).toThrow(/no user feature "segment:Z"/);
    expect(scoreNewUser({ model, features: ['segment:A', 'segment:Z'], ignoreUnknown: true })).toEqual(a);
  });
});
