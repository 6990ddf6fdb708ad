import { describe, expect, it } from 'vitest';
import { generateDataset } from '../data/generator.ts';
import { adoptionsToInteractions } from '../data/split.ts';
import { createRng } from '../data/rng.ts';
import { prepareEnsemble } from './ensemble.ts';
import { ensembleWeightSearch, modelScores, runSplit } from './page-jobs.ts';
import { scoringItems, scoringUser, scoreUserRow } from './tower-scoring.ts';
import { randomModel } from './test-model.test.ts';

describe('modelScores', () => {
  it('is every customer’s scoring row, row-major', () => {
    const { space, weights } = randomModel(4, 9, 5, 3);
    const all = modelScores({ weights, space });
    expect(all.length).toBe(9 * 5);
    const items = scoringItems({ weights, space });
    for (const u of [0, 4, 8]) {
      const row = scoreUserRow(scoringUser({ weights, space }, u), items);
      for (let i = 0; i < 5; i++) expect(all[u * 5 + i]).toBeCloseTo(row[i], 5);
    }
  });
});

describe('ensembleWeightSearch', () => {
  it('finds the informative model, keeps the runs’ test split and carves validation from train', () => {
    const dataset = generateDataset({ customers: 400, seed: 3, ceilings: false });
    const nU = dataset.customers.ids.length;
    const N = dataset.plans.length;
    // Model 0 knows every adoption (plus a little noise); model 1 is noise.
    const rng = createRng(1);
    const adopted = adoptionsToInteractions(dataset);
    const informed = Float32Array.from({ length: nU * N }, () => 0.1 * rng.normal());
    for (let k = 0; k < adopted.userIdx.length; k++)
      informed[adopted.userIdx[k] * N + adopted.itemIdx[k]] += 3;
    const noise = Float32Array.from({ length: nU * N }, () => rng.normal());
    const prepared = prepareEnsemble({ models: [informed, noise], nItems: N, method: 'zscore' });
    const out = ensembleWeightSearch({ dataset, prepared, split: undefined });
    expect(out.heldOut).toBe(false);
    expect(out.bestSingle).toBe(0);
    expect(out.result.weights[0]).toBeGreaterThan(out.result.weights[1]);
    expect(out.result.singleModelValues[0]).toBeGreaterThan(out.result.singleModelValues[1]);
    const { test } = runSplit(dataset, undefined);
    expect(out.significance.bootstrap.n).toBe(new Set(test.userIdx).size);
  });
});
