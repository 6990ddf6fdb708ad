import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupNodeBackend } from '../../../cli/node-backend.ts';
import { createRng } from '../data/rng.ts';
import { initTowerWeights, sideTensors, towerBackward, towerForward } from './deep-tower.ts';

beforeAll(async () => {
  await setupNodeBackend('cpu');
});

describe('tower backward pass', () => {
  it('matches finite differences of L = Σ g ⊙ tower(x)', () => {
    const d = 3;
    const h = 4;
    const w = initTowerWeights(d, h, createRng(4));
    const rng = createRng(9);
    for (let k = 0; k < w.user.w2.length; k++) w.user.w2[k] = rng.next() - 0.5; // non-zero W2 so W1 gets gradient
    for (let k = 0; k < w.user.b1.length; k++) w.user.b1[k] = 0.3 * (rng.next() - 0.5);
    const x = Float32Array.from({ length: 2 * d }, () => rng.next() - 0.5);
    const g = Float32Array.from({ length: 2 * d }, () => rng.next() - 0.5);
    const loss = (xv: Float32Array, w1: Float32Array): number =>
      tf.tidy(() => {
        const t = sideTensors({ ...w.user, w1 }, d, h);
        return tf
          .sum(tf.mul(towerForward(tf.tensor2d(xv, [2, d]), t).out, tf.tensor2d(g, [2, d])))
          .dataSync()[0];
      });
    const [dx, dw1] = tf.tidy(() => {
      const t = sideTensors(w.user, d, h);
      const b = towerBackward(towerForward(tf.tensor2d(x, [2, d]), t), tf.tensor2d(g, [2, d]), t);
      return [b.dx.dataSync().slice(), b.dw[0].dataSync().slice()];
    });
    const eps = 1e-2;
    for (let k = 0; k < x.length; k++) {
      const up = x.slice();
      up[k] += eps;
      const dn = x.slice();
      dn[k] -= eps;
      expect(dx[k]).toBeCloseTo((loss(up, w.user.w1) - loss(dn, w.user.w1)) / (2 * eps), 2);
    }
    for (let k = 0; k < w.user.w1.length; k++) {
      const up = w.user.w1.slice();
      up[k] += eps;
      const dn = w.user.w1.slice();
      dn[k] -= eps;
      expect(dw1[k]).toBeCloseTo((loss(x, up) - loss(x, dn)) / (2 * eps), 2);
    }
    expect(tf.memory().numTensors).toBe(0);
  });
});
