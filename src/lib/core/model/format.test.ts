import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupNodeBackend } from '../../../cli/node-backend.ts';
import type { TrainTestData } from '../types.ts';
import { deserializeModel, serializeModel } from './format.ts';
import { scoreNewUser, scoreUsers } from './predict.ts';
import { fixtureData } from './synthetic-fixture.ts';
import { train } from './train.ts';

beforeAll(async () => {
  await setupNodeBackend('wasm');
});

function data(): TrainTestData {
  return fixtureData({
    userIds: ['a', 'b', 'c', 'd'],
    itemIds: ['x', 'y', 'z'],
    userFeatures: [['seg:1'], ['seg:2'], ['seg:1'], ['seg:2']],
    itemFeatures: [['t:p'], ['t:q'], ['t:p']],
    train: [
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 1]
    ],
    test: [[0, 2]]
  });
}

describe('model format', () => {
  it.each(['warp', 'hybrid-deep'] as const)(
    '%s round-trips through JSON + one ArrayBuffer and scores identically',
    async (loss) => {
      const model = await train({
        data: data(),
        config: { loss, components: 4, epochs: 3, batchSize: 2 },
        seed: 1
      });
      const { manifest, weights } = serializeModel(model);
      // The manifest survives JSON; the buffer is copied as bytes.
      const back = deserializeModel(JSON.parse(JSON.stringify(manifest)), weights.slice(0));
      expect(back.config).toEqual(model.config);
      expect(back.itemIds).toEqual(['x', 'y', 'z']);
      expect(back.userFeatureNames).toEqual(model.userFeatureNames);
      expect(Boolean(back.tower)).toBe(loss === 'hybrid-deep');
      const before = tf.memory().numTensors;
      expect(Array.from(scoreUsers({ model: back }))).toEqual(Array.from(scoreUsers({ model })));
      // A saved model scores a new customer from attributes alone.
      expect(Array.from(scoreNewUser({ model: back, features: ['seg:1'] }))).toEqual(
        Array.from(scoreNewUser({ model, features: ['seg:1'] }))
      );
      expect(tf.memory().numTensors).toBe(before);
    }
  );

  it('a Hybrid Deep model saved before itemTower existed reads as trained with both towers (as it was)', async () => {
    const model = await train({
      data: data(),
      config: { loss: 'hybrid-deep', components: 4, epochs: 1, batchSize: 2 },
      seed: 1
    });
    const { manifest, weights } = serializeModel(model);
    expect(deserializeModel(manifest, weights).config).toMatchObject({ itemTower: false });
    // The manifest of a model saved before the option: the same config without the field.
    const before = JSON.parse(JSON.stringify(manifest, (k, v) => (k === 'itemTower' ? undefined : v)));
    expect(before.config).not.toHaveProperty('itemTower');
    expect(deserializeModel(before, weights).config).toMatchObject({ itemTower: true });
  });

  it('adopts a handed-over buffer (arrays view it, no copy) and scores as the copying read does', async () => {
    const model = await train({
      data: data(),
      config: { loss: 'warp', components: 4, epochs: 2, batchSize: 2 },
      seed: 1
    });
    const { manifest, weights } = serializeModel(model);
    const copied = deserializeModel(manifest, weights);
    const adopted = deserializeModel(manifest, weights, { adopt: true });
    expect(adopted.weights.userEmbeddings.buffer).toBe(weights);
    expect(adopted.userFeatures.indices.buffer).toBe(weights);
    expect(copied.weights.userEmbeddings.buffer).not.toBe(weights);
    expect(Array.from(scoreUsers({ model: adopted }))).toEqual(Array.from(scoreUsers({ model: copied })));
  });

  it('keeps the cores a model was trained on (with the seed they fix its numbers); one core is left out', async () => {
    const model = await train({
      data: data(),
      config: { loss: 'warp', components: 4, epochs: 1, batchSize: 2 },
      seed: 1
    });
    expect(serializeModel(model).manifest.cores).toBeUndefined();
    const { manifest, weights } = serializeModel({ ...model, cores: 3 });
    expect(manifest.cores).toBe(3);
    expect(deserializeModel(JSON.parse(JSON.stringify(manifest)), weights).cores).toBe(3);
  });

  it('rejects a wrong format, a truncated buffer and a shape mismatch with a reason', async () => {
    const model = await train({ data: data(), config: { loss: 'bpr', components: 4, epochs: 1 }, seed: 1 });
    const { manifest, weights } = serializeModel(model);
    expect(() => deserializeModel({ ...manifest, format: 'other' } as never, weights)).toThrow(
      /format is "other"/
    );
    expect(() => deserializeModel(manifest, weights.slice(0, 8))).toThrow(/truncated/);
    expect(() => deserializeModel({ ...manifest, itemIds: ['x', 'y'] }, weights)).toThrow(
      /itemFeatures.indptr" has shape \[4\], expected \[3\]/
    );
  });
});
