import { beforeAll, describe, expect, it } from 'vitest';
import { setupNodeBackend } from '../../../../cli/node-backend.ts';
import { createRng } from '../../data/rng.ts';
import { deepSampledBatch } from '../deep-sampled.ts';
import { initTowerWeights, TowerTrainer } from '../deep-tower.ts';
import { compareStates, world } from './kernel-fixture.ts';

beforeAll(async () => {
  await setupNodeBackend('wasm');
});

describe('Hybrid Deep factor side in the kernel', () => {
  it('makes the same updates as the TypeScript reference (towers in TF.js either way), within float32 rounding', () => {
    const { train, make } = world('hybrid-deep');
    const ref = make(false);
    const fast = make(true);
    expect(ref.ctx.kernel).toBeNull();
    expect(fast.ctx.kernel?.deep).toBeTruthy();
    const cfg = ref.ctx.config;
    if (cfg.loss !== 'hybrid-deep') throw new Error('needs a hybrid-deep config');
    const d = cfg.components;
    const h = cfg.hidden;
    // Same tower init, a large tower learning rate so the towers matter within a few batches.
    const towers = [ref, fast].map(() => new TowerTrainer(initTowerWeights(d, h, createRng(8)), 1e-2));
    try {
      const order = Int32Array.from({ length: train.userIdx.length }, (_, k) => k);
      let updated = 0;
      for (let start = 0, batch = 0; start < order.length; start += 64, batch++) {
        const count = Math.min(64, order.length - start);
        ref.ctx.rng = createRng(100 + batch);
        fast.ctx.rng = createRng(100 + batch);
        const r = deepSampledBatch(ref.ctx, towers[0], order, start, count);
        const k = deepSampledBatch(fast.ctx, towers[1], order, start, count);
        expect(k.updated).toBe(r.updated);
        expect(k.loss).toBeCloseTo(r.loss, 3);
        compareStates(fast.state, ref.state, 1e-5);
        updated += r.updated;
      }
      expect(updated).toBeGreaterThan(50);
    } finally {
      towers.forEach((t) => t.dispose());
    }
  });
});
