import { beforeAll, describe, expect, it } from 'vitest';
import { setupNodeBackend } from '../../../cli/node-backend.ts';
import type { TrainTestData } from '../types.ts';
import { fitPartial } from './fit-partial.ts';
import { fixtureData, interactions as inter } from './synthetic-fixture.ts';
import { train } from './train.ts';

beforeAll(async () => {
  await setupNodeBackend('wasm');
});

/** 40 users, 6 items: even users like items 0–2, odd users 3–5. */
function data(): TrainTestData {
  const userIds = Array.from({ length: 40 }, (_, u) => `u${u}`),
    itemIds = Array.from({ length: 6 }, (_, i) => `i${i}`);
  const pairs: Array<[number, number]> = [];
  for (let u = 0; u < 40; u++) for (const i of u % 2 ? [3, 4] : [0, 1]) pairs.push([u, i]);
  return fixtureData({
    userIds,
    itemIds,
    userFeatures: userIds.map((_, u) => [`parity:${u % 2}`]),
    itemFeatures: itemIds.map((_, i) => [`half:${i < 3 ? 0 : 1}`]),
    train: pairs,
    test: []
  });
}
const maxDiff = (a: Float32Array, b: Float32Array) =>
  a.reduce((m, x, k) => Math.max(m, Math.abs(x - b[k])), 0);

describe('fitPartial (LightFM fit_partial)', () => {
  it('continues from the model’s weights rather than a fresh start', async () => {
    const d = data();
    const model = await train({ data: d, config: { loss: 'warp', components: 4, epochs: 10 }, seed: 1 });
    const fresh = await train({ data: d, config: { loss: 'warp', components: 4, epochs: 10 }, seed: 9 });
    // With a vanishing learning rate, more epochs must leave the weights where they were.
    const still = await fitPartial({
      model: { ...model, config: { ...model.config, learningRate: 1e-12 } },
      interactions: inter([
        [0, 2],
        [1, 5]
      ]),
      epochs: 2,
      seed: 9
    });
    expect(maxDiff(still.weights.itemEmbeddings, model.weights.itemEmbeddings)).toBeLessThan(1e-6);
    expect(maxDiff(fresh.weights.itemEmbeddings, model.weights.itemEmbeddings)).toBeGreaterThan(1e-3);
    // With the model's own rate, the new adoptions move the weights.
    const moved = await fitPartial({
      model,
      interactions: inter([
        [0, 2],
        [2, 2],
        [4, 2]
      ]),
      epochs: 3,
      seed: 9
    });
    expect(maxDiff(moved.weights.itemEmbeddings, model.weights.itemEmbeddings)).toBeGreaterThan(1e-4);
    expect(moved.config.epochs).toBe(3);
  });

  it('rejects weights of another shape and Hybrid Deep with a message', async () => {
    const d = data();
    const model = await train({ data: d, config: { loss: 'bpr', components: 4, epochs: 1 }, seed: 1 });
    await expect(
      fitPartial({
        model: { ...model, weights: { ...model.weights, itemBiases: new Float32Array(2) } },
        interactions: inter([[0, 2]]),
        seed: 1
      })
    ).rejects.toThrow(/item biases hold 2 values; this model needs/);
    const deep = await train({ data: d, config: { loss: 'hybrid-deep', components: 4, epochs: 1 }, seed: 1 });
    await expect(fitPartial({ model: deep, interactions: inter([[0, 2]]), seed: 1 })).rejects.toThrow(
      /not supported for Hybrid Deep/
    );
  });
});
