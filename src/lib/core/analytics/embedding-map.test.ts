import { describe, expect, it } from 'vitest';
import { identityMatrix } from '../model/train.ts';
import type { TrainedModel } from '../model/model.ts';
import { resolveConfig } from '../model/config.ts';
import { EMBEDDING_SAMPLE, embeddingInputs, nearestByCosine } from './embedding-map.ts';

describe('nearestByCosine', () => {
  it('ranks the other rows by cosine similarity, best first, never the row itself', () => {
    // a = (1, 0), b = (2, 0.2) (almost a), c = (0, 3) (orthogonal to a), z = (0, 0).
    const nb = nearestByCosine([1, 0, 2, 0.2, 0, 3, 0, 0], 2, 2);
    expect(nb[0].map((n) => n.index)).toEqual([1, 2]);
    expect(nb[0][0].similarity).toBeCloseTo(2 / Math.hypot(2, 0.2), 12);
    expect(nb[0][1].similarity).toBe(0);
    expect(nb[2].map((n) => n.index)).toEqual([1, 0]);
    expect(nb[3].every((n) => n.similarity === 0)).toBe(true);
  });
});

describe('embeddingInputs', () => {
  it("lists each plan's nearest plans and each sampled customer's top-scored plans", () => {
    const model: TrainedModel = {
      config: resolveConfig({ loss: 'warp', components: 2 }),
      seed: 1,
      userIds: ['u0', 'u1'],
      itemIds: ['A', 'B', 'C'],
      userFeatureNames: ['user:u0', 'user:u1'],
      itemFeatureNames: ['item:A', 'item:B', 'item:C'],
      userFeatures: identityMatrix(2),
      itemFeatures: identityMatrix(3),
      weights: {
        components: 2,
        userEmbeddings: Float32Array.from([1, 0, 0, 1]),
        userBiases: new Float32Array(2),
        itemEmbeddings: Float32Array.from([1, 0, 0.9, 0.1, 0, 1]),
        itemBiases: Float32Array.from([0, 0, 0.05])
      },
      history: [],
      fitMs: 0,
      backend: 'cpu'
    };
    const e = embeddingInputs({ model, sample: 10 });
    expect(e.planNames).toEqual(['A', 'B', 'C']);
    expect(e.planNeighbours[0].map((n) => n.index)).toEqual([1, 2]);
    expect(e.planNeighbours[2][0].index).toBe(1);
    const byId = new Map(e.customerLabels.map((l, r) => [l, r]));
    // u0 = (1, 0): A 1, B 0.9, C 0.05. u1 = (0, 1): C 1.05, B 0.1, A 0.
    expect(e.customerTopPlans[byId.get('u0')!]).toEqual([0, 1, 2]);
    expect(e.customerTopPlans[byId.get('u1')!]).toEqual([2, 1, 0]);
    expect(e.planTopFor).toEqual([1, 0, 1]);
    expect(e.customerGroups).toEqual(['customer', 'customer']);
  });

  it('samples 300 customers by default (an SVG map of 400 came close to the 100 ms budget)', () => {
    const n = 1000;
    const model: TrainedModel = {
      config: resolveConfig({ loss: 'warp', components: 2 }),
      seed: 1,
      userIds: Array.from({ length: n }, (_, u) => `u${u}`),
      itemIds: ['A', 'B'],
      userFeatureNames: Array.from({ length: n }, (_, u) => `user:u${u}`),
      itemFeatureNames: ['item:A', 'item:B'],
      userFeatures: identityMatrix(n),
      itemFeatures: identityMatrix(2),
      weights: {
        components: 2,
        userEmbeddings: new Float32Array(2 * n).fill(0.5),
        userBiases: new Float32Array(n),
        itemEmbeddings: Float32Array.from([1, 0, 0, 1]),
        itemBiases: new Float32Array(2)
      },
      history: [],
      fitMs: 0,
      backend: 'cpu'
    };
    expect(EMBEDDING_SAMPLE).toBe(300);
    expect(embeddingInputs({ model }).customerLabels).toHaveLength(300);
  });
});
