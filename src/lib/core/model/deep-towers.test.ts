import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupNodeBackend } from '../../../cli/node-backend.ts';
import { createRng } from '../data/rng.ts';
import type { BatchContext } from './batch-context.ts';
import { resolveConfig, type ModelConfigInput } from './config.ts';
import { initTowerWeights, TowerTrainer } from './deep-tower.ts';
import { createDeepTowers } from './deep-towers.ts';
import { servicesWorld } from './fixtures/services-world.ts';
import { train } from './train.ts';

beforeAll(async () => {
  await setupNodeBackend('wasm');
});

const data = servicesWorld(400, 3);
const maxAbs = (a: Float32Array) => Math.max(...a.map(Math.abs));

describe('Hybrid Deep: which towers train', () => {
  it.each([
    ['by default the item tower stays at its identity start (W2 = 0) while the user tower trains', {}, false],
    ['with itemTower both train', { itemTower: true }, true]
  ])('%s', async (_, extra, itemMoves) => {
    const config = {
      loss: 'hybrid-deep',
      components: 16,
      hidden: 8,
      towerLearningRate: 1e-2,
      epochs: 3,
      batchSize: 128,
      ...extra
    } as ModelConfigInput;
    const model = await train({ data, config, seed: 5 });
    expect(maxAbs(model.tower!.user.w2)).toBeGreaterThan(1e-3);
    if (itemMoves) expect(maxAbs(model.tower!.item.w2)).toBeGreaterThan(1e-3);
    else expect(maxAbs(model.tower!.item.w2)).toBe(0);
  });

  it('a config whose itemTower is not true or false is refused, naming the field', () => {
    expect(() =>
      resolveConfig({ loss: 'hybrid-deep', itemTower: 'yes' } as unknown as ModelConfigInput)
    ).toThrow(/itemTower.*must be true or false, got yes/);
    expect(resolveConfig({ loss: 'hybrid-deep' })).toMatchObject({ itemTower: false, hidden: 8 });
  });

  it('an item tower that already trained (a run resumed from before the option) keeps training: frozen it would not be the identity', () => {
    const config = resolveConfig({
      loss: 'hybrid-deep',
      components: 8,
      hidden: 4,
      violatorSearch: 'exact'
    } as ModelConfigInput);
    // No factor kernel in this context, so the towers are the TF.js reference's.
    const ctx = { config } as unknown as BatchContext;
    const init = initTowerWeights(8, 4, createRng(1));
    init.item.w2.fill(0.1);
    const towers = createDeepTowers(ctx, init, 1e-2, undefined, false);
    expect(towers).toBeInstanceOf(TowerTrainer);
    const trainer = towers as TowerTrainer;
    try {
      trainer.step(trainer.params.map((p) => tf.onesLike(p)));
      expect(trainer.export(8, 4).item.w2[0]).not.toBeCloseTo(0.1, 6);
    } finally {
      trainer.dispose();
    }
  });
});
