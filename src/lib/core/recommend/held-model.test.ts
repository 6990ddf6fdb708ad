import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng.ts';
import { resolveConfig } from '../model/config.ts';
import { initTowerWeights } from '../model/deep-tower.ts';
import type { TrainedModel } from '../model/model.ts';
import { modelScores } from './page-jobs.ts';
import { customerScores, customersScores, holdModel, planExplanation, profileScores } from './held-model.ts';
import { randomModel } from './test-model.test.ts';

function trained(seed: number, deep = false): TrainedModel {
  const { space, weights } = randomModel(seed, 25, 7, 4);
  return {
    ...space,
    weights,
    config: resolveConfig({ loss: 'warp', components: 4 }),
    seed,
    history: [],
    fitMs: 0,
    backend: 'cpu',
    ...(deep ? { tower: initTowerWeights(4, 5, createRng(seed + 1)) } : {})
  };
}

describe('a model held in one place, asked for one customer at a time', () => {
  for (const deep of [false, true]) {
    it(`gives each customer exactly the row of the full score matrix (${deep ? 'Hybrid Deep' : 'bilinear'})`, () => {
      const model = trained(3, deep);
      const held = holdModel(model);
      const full = modelScores({ weights: model.weights, space: model, tower: model.tower });
      const n = model.itemIds.length;
      for (const u of [0, 7, 24])
        expect(Float32Array.from(customerScores(held, u))).toEqual(full.subarray(u * n, (u + 1) * n));
      // A sample's rows, in the sample's order.
      expect(customersScores(held, [24, 7])).toEqual(
        Float32Array.from([...full.subarray(24 * n, 25 * n), ...full.subarray(7 * n, 8 * n)])
      );
    });
  }

  it('explains a plan with lines that add up to the score the list ranks by', () => {
    const held = holdModel(trained(5, true));
    const row = customerScores(held, 4);
    const e = planExplanation(held, 4, 2);
    expect(e.item).toBe(2);
    expect(e.deep).toBe(true);
    expect(e.score).toBeCloseTo(row[2], 4);
    expect(e.sum).toBeCloseTo(row[2], 4);
  });

  it('scores a new profile from the features the model knows and counts the others', () => {
    const held = holdModel(trained(6));
    const known = profileScores(held, ['segment:business', 'lines:multi', 'not_a_feature']);
    expect(known.unknown).toBe(1);
    expect(known.scores).toHaveLength(7);
    expect(profileScores(held, ['nothing:known'])).toEqual({ scores: null, unknown: 1 });
  });

  it('refuses a model of another dataset and a customer or plan it does not have', () => {
    expect(() => holdModel(trained(7), { customers: 26, plans: 7 })).toThrow(
      'the model was trained on 25 customers × 7 plans, the dataset has 26 × 7'
    );
    const held = holdModel(trained(7), { customers: 25, plans: 7 });
    expect(() => customerScores(held, 25)).toThrow("customer 25 is not one of the model's 25 customers");
    expect(() => planExplanation(held, 0, 7)).toThrow("plan 7 is not one of the model's 7 plans");
  });
});
