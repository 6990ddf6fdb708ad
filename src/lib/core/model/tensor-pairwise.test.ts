import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { setupNodeBackend, type NodeBackend } from '../../../cli/node-backend.ts';
import { createRng } from '../data/rng.ts';
import { resolveConfig } from './config.ts';
import { compareStates, world } from './kernels/kernel-fixture.ts';
import { TensorPairwise, tensorPathUnsupported } from './tensor-pairwise.ts';
import { warpBatch } from './warp-step.ts';
import { bprBatch } from './bpr-step.ts';

afterAll(async () => {
  await setupNodeBackend('wasm');
});

/**
 * The full-tensor WARP path against the readable reference step (warp-step.ts) on a seeded
 * world with shared features, batch by batch. Both search the whole catalogue exactly and draw
 * the same random numbers, so they choose the same violators and coefficients; the parameters
 * differ only by float32 rounding (the reference sums representations in JS and steps in
 * doubles; the tensor path rounds every op to float32). Both apply the batch-synchronous rule
 * (per-sample squared gradients into the accumulator, one step per batch), so the comparison
 * is exact in the rule, not an approximation of per-sample updates.
 */
describe.each<NodeBackend>(['wasm', 'cpu'])('full-tensor WARP on TF.js %s', (backend) => {
  it.each(['lightfm', 'exact-rank'] as const)(
    'makes the reference step’s updates (%s variant) within float32 rounding over 3 epochs',
    async (variant) => {
      await setupNodeBackend(backend);
      const { train, make } = world('warp');
      const ref = make(false);
      const ten = make(false);
      const config = resolveConfig({
        loss: 'warp',
        components: 8,
        batchSize: 64,
        learningRate: 0.1,
        warpVariant: variant
      });
      ref.ctx.config = config;
      ten.ctx.config = config;
      const before = tf.memory().numTensors;
      const path = new TensorPairwise(ten.ctx);
      const order = Int32Array.from({ length: train.userIdx.length }, (_, k) => k);
      const shuffle = createRng(9);
      let updates = 0;
      for (let epoch = 0; epoch < 3; epoch++) {
        shuffle.shuffle(order);
        for (let start = 0; start < order.length; start += 64) {
          const count = Math.min(64, order.length - start);
          const a = warpBatch(ref.ctx, order, start, count, false);
          const b = path.batch(order, start, count);
          expect(b.updated).toBe(a.updated);
          expect(b.loss).toBeCloseTo(a.loss, 3);
          updates += a.updated;
        }
      }
      path.sync();
      // Same draws from the run's stream, in the same order.
      expect(Array.from(ten.ctx.rng.getState())).toEqual(Array.from(ref.ctx.rng.getState()));
      compareStates(ten.state, ref.state, 2e-5);
      // The comparison is not vacuous: most samples moved parameters.
      expect(updates).toBeGreaterThan(300);
      path.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
  );
});

describe.each<NodeBackend>(['wasm', 'cpu'])('full-tensor BPR on TF.js %s', (backend) => {
  it('makes the reference step’s updates within float32 rounding over 3 epochs', async () => {
    await setupNodeBackend(backend);
    const { train, make } = world('bpr');
    const ref = make(false);
    const ten = make(false);
    const before = tf.memory().numTensors;
    const path = new TensorPairwise(ten.ctx);
    const order = Int32Array.from({ length: train.userIdx.length }, (_, k) => k);
    const shuffle = createRng(9);
    let updates = 0;
    for (let epoch = 0; epoch < 3; epoch++) {
      shuffle.shuffle(order);
      for (let start = 0; start < order.length; start += 64) {
        const count = Math.min(64, order.length - start);
        const a = bprBatch(ref.ctx, order, start, count);
        const b = path.batch(order, start, count);
        expect(b.updated).toBe(a.updated);
        expect(b.loss).toBeCloseTo(a.loss, 3);
        updates += a.updated;
      }
    }
    path.sync();
    expect(Array.from(ten.ctx.rng.getState())).toEqual(Array.from(ref.ctx.rng.getState()));
    compareStates(ten.state, ref.state, 2e-5);
    expect(updates).toBeGreaterThan(600);
    path.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('full-tensor path coverage', () => {
  it('covers adagrad WARP and BPR without regularisation and says why not otherwise', () => {
    expect(tensorPathUnsupported(resolveConfig({ loss: 'warp' }))).toBeNull();
    expect(tensorPathUnsupported(resolveConfig({ loss: 'warp', violatorSearch: 'exact' }))).toBeNull();
    expect(tensorPathUnsupported(resolveConfig({ loss: 'bpr' }))).toBeNull();
    expect(tensorPathUnsupported(resolveConfig({ loss: 'warp-kos' }))).toMatch(/WARP and BPR only/);
    expect(tensorPathUnsupported(resolveConfig({ loss: 'warp', schedule: 'adadelta' }))).toMatch(/adadelta/);
    expect(tensorPathUnsupported(resolveConfig({ loss: 'warp', itemAlpha: 1e-6 }))).toMatch(/regularisation/);
  });
});
