import { beforeAll, describe, expect, it } from 'vitest';
import { setupNodeBackend } from '../../../../cli/node-backend.ts';
import { createRng } from '../../data/rng.ts';
import { deepKernelBatch } from '../deep-kernel-step.ts';
import { deepSampledBatch } from '../deep-sampled.ts';
import { initTowerWeights, TowerTrainer, type TowerWeights } from '../deep-tower.ts';
import { compareStates, expectClose, world } from './kernel-fixture.ts';

beforeAll(async () => {
  await setupNodeBackend('wasm');
});

function compareTowers(a: TowerWeights, b: TowerWeights, tol: number): void {
  for (const side of ['user', 'item'] as const)
    for (const w of ['w1', 'b1', 'w2'] as const) expectClose(a[side][w], b[side][w], tol);
}

describe('Hybrid Deep towers in the kernel', () => {
  it.each([
    ['both towers training', true],
    ['the item tower frozen at its identity start (the default)', false]
  ])(
    'make the same updates as the TF.js towers batch by batch (factors, tower weights, Adam), within float32 rounding: %s',
    (_, trainItem) => {
      const { train, make } = world('hybrid-deep');
      const ref = make(true);
      const fast = make(true);
      const cfg = ref.ctx.config;
      if (cfg.loss !== 'hybrid-deep') throw new Error('needs a hybrid-deep config');
      const d = cfg.components;
      const h = cfg.hidden;
      const makeTowers = fast.ctx.kernel?.deep?.towers;
      if (!makeTowers) throw new Error('the tower kernel should cover this configuration');
      // Same init; a large Adam rate so the towers (W2 starts at 0) matter within a few batches.
      const init = () => initTowerWeights(d, h, createRng(8));
      const tfTower = new TowerTrainer(init(), 1e-2, undefined, trainItem);
      const kTower = makeTowers(init(), 1e-2, undefined, trainItem);
      try {
        const order = Int32Array.from({ length: train.userIdx.length }, (_, k) => k);
        let updated = 0;
        for (let epoch = 0; epoch < 3; epoch++) {
          for (let start = 0, batch = 0; start < order.length; start += 64, batch++) {
            const count = Math.min(64, order.length - start);
            ref.ctx.rng = createRng(100 * epoch + batch);
            fast.ctx.rng = createRng(100 * epoch + batch);
            const r = deepSampledBatch(ref.ctx, tfTower, order, start, count);
            const k = deepKernelBatch(fast.ctx, kTower, order, start, count);
            expect(k.updated).toBe(r.updated);
            expect(k.loss).toBeCloseTo(r.loss, 3);
            compareStates(fast.state, ref.state, 1e-5);
            compareTowers(kTower.export(d, h), tfTower.export(d, h), 1e-5);
            updated += r.updated;
          }
        }
        expect(updated).toBeGreaterThan(200);
        // The towers really moved (W2 left zero), and Adam's state matches too.
        const w2 = kTower.export(d, h).user.w2;
        expect(Math.max(...w2.map(Math.abs))).toBeGreaterThan(1e-2);
        const [ka, ta] = [kTower.exportAdam(), tfTower.exportAdam()];
        expect(ka.t).toBe(ta.t);
        ka.m.forEach((m, i) => expectClose(m, ta.m[i], 1e-4));
        ka.v.forEach((v, i) => expectClose(v, ta.v[i], 1e-6));
        // Frozen, the item tower is exactly where it started: the TF.js reference takes the full
        // backward pass through it, the kernel takes its Jacobian as I, and the factors agree above.
        const item = kTower.export(d, h).item;
        if (trainItem) expect(Math.max(...item.w2.map(Math.abs))).toBeGreaterThan(1e-2);
        else expect(item).toEqual(init().item);
      } finally {
        tfTower.dispose();
      }
    }
  );

  it('hands back the weights and Adam moments it was given (the reference layout), so a checkpoint resumes exactly', () => {
    const { make } = world('hybrid-deep');
    const { ctx } = make(true);
    const cfg = ctx.config;
    if (cfg.loss !== 'hybrid-deep') throw new Error('needs a hybrid-deep config');
    const d = cfg.components;
    const h = cfg.hidden;
    const rng = createRng(4);
    const weights = initTowerWeights(d, h, rng);
    for (const side of [weights.user, weights.item])
      for (const w of [side.b1, side.w2]) w.forEach((_, k) => (w[k] = rng.next()));
    const adam = {
      m: [
        weights.user.w1,
        weights.user.b1,
        weights.user.w2,
        weights.item.w1,
        weights.item.b1,
        weights.item.w2
      ].map((w) => w.map(() => rng.next())),
      v: [
        weights.user.w1,
        weights.user.b1,
        weights.user.w2,
        weights.item.w1,
        weights.item.b1,
        weights.item.w2
      ].map((w) => w.map(() => rng.next())),
      t: 7
    };
    const tower = ctx.kernel!.deep!.towers!(weights, 1e-3, adam, true);
    expect(tower.export(d, h)).toEqual(weights);
    expect(tower.exportAdam()).toEqual(adam);
  });
});
