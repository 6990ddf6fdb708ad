import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng.ts';
import { CoreError, type Interactions } from '../types.ts';
import { evaluateRanking } from '../eval/metrics.ts';
import { normaliseScores } from './normalise.ts';
import { combineEnsemble, ensembleEvaluator, prepareEnsemble } from './ensemble.ts';
import { optimiseWeights, simplexGridSize } from './optimise-weights.ts';
import { topN } from './scoring.ts';

function inter(pairs: [number, number][]): Interactions {
  return {
    userIdx: Int32Array.from(pairs, (p) => p[0]),
    itemIdx: Int32Array.from(pairs, (p) => p[1]),
    weight: new Float32Array(pairs.length).fill(1)
  };
}

/** Synthetic split plus models of known quality: model 0 sees the truth through noise, others less. */
function world(nUsers: number, nItems: number, seed: number, noise = [0.8, 2, 4]) {
  const rng = createRng(seed);
  const truth = new Float64Array(nUsers * nItems).map(() => rng.normal());
  const train: [number, number][] = [];
  const val: [number, number][] = [];
  const test: [number, number][] = [];
  for (let u = 0; u < nUsers; u++) {
    const order = Array.from({ length: nItems }, (_, i) => i).sort(
      (a, b) => truth[u * nItems + b] - truth[u * nItems + a]
    );
    train.push([u, order[0]]);
    (rng.chance(0.5) ? val : test).push([u, order[1]]);
    if (rng.chance(0.5)) test.push([u, order[2]]);
  }
  const models = noise.map((s) =>
    Float32Array.from(truth, (t) => Math.round((t + s * rng.normal()) * 8) / 8)
  ); // rounded: ties
  return { models, train: inter(train), validation: inter(val), test: inter(test) };
}

describe('normaliseScores', () => {
  it('z-scores each row and ranks with shared ranks for ties', () => {
    const z = normaliseScores({ scores: [1, 2, 3, 5, 5, 5], nItems: 3 });
    expect([...z.subarray(0, 3)].map((x) => +x.toFixed(6))).toEqual([-1.224745, 0, 1.224745]);
    expect([...z.subarray(3)]).toEqual([0, 0, 0]);
    const r = normaliseScores({ scores: [0.3, 0.1, 0.3, 0.9], nItems: 4, method: 'rank' });
    expect([...r]).toEqual([1.5 / 3, 0, 1.5 / 3, 1]);
  });
});

describe('ensemble', () => {
  const nItems = 20;
  const w = world(500, nItems, 1);
  for (const method of ['zscore', 'rank'] as const) {
    it(`${method}: one weight 1 and the rest 0 ranks exactly like that model`, () => {
      const prepared = prepareEnsemble({ models: w.models, nItems, method });
      for (let m = 0; m < w.models.length; m++) {
        const weights = w.models.map((_, k) => (k === m ? 1 : 0));
        const combined = combineEnsemble({ prepared, weights });
        const alone = evaluateRanking({ nItems, scores: w.models[m], train: w.train, test: w.test });
        const ens = evaluateRanking({
          nItems,
          scores: Float32Array.from(combined),
          train: w.train,
          test: w.test
        });
        const ens64 = ensembleEvaluator({ prepared, train: w.train, test: w.test, ks: [3, 5, 10] }).evaluate(
          weights
        );
        expect(ens.metrics).toEqual(alone.metrics);
        expect(ens64.metrics).toEqual(alone.metrics);
        for (let u = 0; u < 50; u++) {
          // Same order of scores within the row, ties included: compare pairwise comparisons.
          for (let i = 0; i < nItems; i++)
            for (let j = 0; j < nItems; j++) {
              const a = Math.sign(w.models[m][u * nItems + i] - w.models[m][u * nItems + j]) + 0;
              const b = Math.sign(combined[u * nItems + i] - combined[u * nItems + j]) + 0;
              expect(b).toBe(a);
            }
        }
      }
    });
    it(`${method}: scaling all weights changes nothing`, () => {
      const prepared = prepareEnsemble({ models: w.models, nItems, method });
      const ev = ensembleEvaluator({ prepared, train: w.train, test: w.test, ks: [3, 5, 10] });
      const base = [0.5, 0.3, 0.2];
      const r1 = ev.evaluate(base).metrics;
      const top1 = topN({ scores: ev.lastScores, nItems, user: 7, n: 5 });
      for (const c of [2, 3.7, 1e-3, 250]) {
        expect(ev.evaluate(base.map((x) => x * c)).metrics).toEqual(r1);
        expect([...topN({ scores: ev.lastScores, nItems, user: 7, n: 5 })]).toEqual([...top1]);
      }
    });
  }
  it('mixing helps when the models carry independent signal, and differs from each model', () => {
    const prepared = prepareEnsemble({ models: w.models, nItems });
    const ev = ensembleEvaluator({ prepared, train: w.train, test: w.test });
    const p = (ws: number[]) => ev.evaluate(ws).metrics['precision@5'];
    expect(p([1, 0, 0])).toBeGreaterThan(p([0, 0, 1])); // the less noisy model is better
    expect(p([0.6, 0.3, 0.1])).not.toBe(p([1, 0, 0]));
  });
  it('all weights 0, negative or NaN weights, and mismatched models are clear errors', () => {
    const prepared = prepareEnsemble({ models: w.models, nItems });
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as CoreError;
      }
      throw new Error('expected an error');
    };
    expect(err(() => combineEnsemble({ prepared, weights: [0, 0, 0] })).code).toBe('ensemble_weights_zero');
    expect(err(() => combineEnsemble({ prepared, weights: [1, -1, 0] })).code).toBe('bad_weights');
    expect(err(() => combineEnsemble({ prepared, weights: [1, NaN, 0] })).code).toBe('bad_weights');
    expect(err(() => combineEnsemble({ prepared, weights: [1, 0] })).message).toMatch(
      /2 weights for 3 models/
    );
    expect(
      err(() => prepareEnsemble({ models: [new Float32Array(40), new Float32Array(20)], nItems: 20 })).message
    ).toMatch(/same customers/);
  });
});

describe('optimiseWeights', () => {
  const nItems = 20;
  const w = world(800, nItems, 4);
  const prepared = prepareEnsemble({ models: w.models, nItems });
  it('grid: never worse than the best single model on validation, weights sum to 1', () => {
    const r = optimiseWeights({ prepared, train: w.train, validation: w.validation });
    expect(r.method).toBe('grid');
    expect(r.evaluated).toBe(3 + simplexGridSize(3, 10) - 3);
    expect(r.value).toBeGreaterThanOrEqual(Math.max(...r.singleModelValues));
    expect(r.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(r.weights[0]).toBeGreaterThan(r.weights[2]); // the best model carries weight
    // The reported value is what those weights really give on validation.
    const ev = ensembleEvaluator({ prepared, train: w.train, test: w.validation });
    expect(ev.evaluate(r.weights).metrics['precision@5']).toBeCloseTo(r.value, 12);
  });
  it('coordinate ascent is seeded and reproducible', () => {
    const a = optimiseWeights({
      prepared,
      train: w.train,
      validation: w.validation,
      method: 'coordinate',
      seed: 5,
      metric: 'ndcg@5'
    });
    const b = optimiseWeights({
      prepared,
      train: w.train,
      validation: w.validation,
      method: 'coordinate',
      seed: 5,
      metric: 'ndcg@5'
    });
    expect(a).toEqual(b);
    expect(a.value).toBeGreaterThanOrEqual(Math.max(...a.singleModelValues));
  });
  it('validation overlapping train is an error; unknown metrics are named', () => {
    expect(() => optimiseWeights({ prepared, train: w.train, validation: w.train })).toThrow(
      /both train and test/
    );
    expect(() =>
      optimiseWeights({ prepared, train: w.train, validation: w.validation, metric: 'map@5' })
    ).toThrow(/unknown metric/);
    expect(simplexGridSize(3, 10)).toBe(66);
  });
});
