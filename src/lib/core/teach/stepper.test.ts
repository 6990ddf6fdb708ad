import { beforeAll, describe, expect, it } from 'vitest';
import { setupNodeBackend } from '../../../cli/node-backend.ts';
import { train } from '../model/train.ts';
import { Stepper, type StepLoss } from './stepper.ts';
import { tinyWorld } from './tiny-dataset.ts';

beforeAll(async () => {
  await setupNodeBackend('wasm');
});

describe('Stepper: the trainer, one observable sample at a time', () => {
  const world = tinyWorld({ seed: 11 });
  const options = { components: 2, learningRate: 0.1 };

  for (const loss of ['warp', 'bpr'] as StepLoss[]) {
    it(`${loss}: after 3 epochs of single steps its weights equal train() at batch size 1, bit for bit`, async () => {
      const stepper = new Stepper({ data: world.data, loss, seed: 5, options });
      for (let s = 0; s < 3 * stepper.nSamples; s++) stepper.step();
      expect(stepper.stepsTaken).toBe(3 * stepper.nSamples);
      const model = await train({
        data: world.data,
        config: { loss, ...options, batchSize: 1, epochs: 3 },
        seed: 5
      });
      const mine = stepper.weights();
      expect(Array.from(mine.userEmbeddings)).toEqual(Array.from(model.weights.userEmbeddings));
      expect(Array.from(mine.itemEmbeddings)).toEqual(Array.from(model.weights.itemEmbeddings));
      expect(Array.from(mine.itemBiases)).toEqual(Array.from(model.weights.itemBiases));
      // Not vacuous: training moved the weights away from a fresh stepper's initialisation.
      expect(
        Array.from(new Stepper({ data: world.data, loss, seed: 5, options }).weights().itemEmbeddings)
      ).not.toEqual(Array.from(mine.itemEmbeddings));
    });
  }

  it('warp: a step reports the draws up to the violator, K, the rank estimate and the weight that moved the rows', () => {
    const stepper = new Stepper({ data: world.data, loss: 'warp', seed: 5, options });
    const N = world.planNames.length;
    let sawUpdate = false;
    for (let s = 0; s < 2 * stepper.nSamples; s++) {
      const r = stepper.step();
      expect(r.epoch).toBe(Math.floor(s / stepper.nSamples) + 1);
      if (r.negative < 0) {
        expect(r.coefficient).toBe(0);
        expect(r.draws.some((d) => d.violator)).toBe(false);
        expect(r.after).toEqual(r.before);
        continue;
      }
      sawUpdate = true;
      // The search stops at the first violator: it is the last draw, and K counts every draw.
      expect(r.draws.length).toBe(r.trials);
      expect(r.draws.at(-1)).toMatchObject({ item: r.negative, violator: true });
      expect(r.draws.slice(0, -1).every((d) => !d.violator)).toBe(true);
      expect(r.negativeScore).toBeGreaterThan(r.positiveScore - 1);
      expect(r.rankEstimate).toBe(Math.floor((N - 1) / r.trials));
      expect(r.coefficient).toBeCloseTo(Math.min(10, r.weight * Math.log(Math.max(1, r.rankEstimate))), 6);
      if (r.coefficient > 0) {
        // Moving against the gradient: the positive's score for this user rises relative to the negative's.
        const gap = (v: typeof r.before) =>
          v.user.reduce((s, p, c) => s + p * (v.positive[c] - v.negative[c]), 0);
        expect(gap(r.after)).toBeGreaterThan(gap(r.before));
        expect(r.gradient.negative).toEqual(r.before.user.map((p) => r.coefficient * p));
      }
    }
    expect(sawUpdate).toBe(true);
  });

  it('bpr: a step reports the sampled negative, s⁺ − s⁻, the multiplier w·(1 − σ) and the loss', () => {
    const stepper = new Stepper({ data: world.data, loss: 'bpr', seed: 5, options });
    for (let s = 0; s < stepper.nSamples; s++) {
      const r = stepper.step();
      expect(r.draws).toEqual([]);
      expect(r.negative).toBeGreaterThanOrEqual(0);
      const x = r.positiveScore - r.negativeScore;
      expect(r.coefficient).toBeCloseTo(r.weight * (1 - 1 / (1 + Math.exp(-x))), 5);
      expect(r.sampleLoss).toBeCloseTo(-r.weight * Math.log(1 / (1 + Math.exp(-x))), 5);
      expect(r.updated).toBe(true);
    }
  });
});
