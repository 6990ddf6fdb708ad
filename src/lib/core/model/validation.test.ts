import { beforeAll, describe, expect, it } from 'vitest';
import { setupNodeBackend } from '../../../cli/node-backend.ts';
import { createRng } from '../data/rng.ts';
import { evaluateRanking } from '../eval/metrics.ts';
import type { Interactions } from '../types.ts';
import { createFactorState } from './factor-state.ts';
import { scoreUsers } from './predict.ts';
import { identityMatrix } from './train.ts';
import { createValidator, liveWeights } from './validation.ts';

beforeAll(async () => {
  await setupNodeBackend('wasm');
});

describe('per-epoch validation', () => {
  it('scores only users with held-out items and reports the metrics of a full evaluation', () => {
    const rng = createRng(4);
    const nUsers = 80;
    const nItems = 12;
    const pairs = (n: number, users: number) => {
      const seen = new Set<string>();
      while (seen.size < n) seen.add(`${rng.int(users)},${rng.int(nItems)}`);
      return [...seen].map((s) => s.split(',').map(Number));
    };
    const all = pairs(300, nUsers);
    // Held-out pairs only for users below 30; the rest have training pairs alone.
    const toInter = (list: number[][]): Interactions => ({
      userIdx: Int32Array.from(list.map((p) => p[0])),
      itemIdx: Int32Array.from(list.map((p) => p[1])),
      weight: new Float32Array(list.length).fill(1)
    });
    const heldOutList = all.filter((p, k) => p[0] < 30 && k % 3 === 0);
    const train = toInter(all.filter((p) => !heldOutList.includes(p)));
    const heldOut = toInter(heldOutList);
    const state = createFactorState(nUsers, nItems, 8, 'adagrad', createRng(9));
    for (let k = 0; k < state.item.bias.values.length; k++) state.item.bias.values[k] = rng.next() - 0.5;
    const source = {
      weights: liveWeights(state),
      userFeatures: identityMatrix(nUsers),
      itemFeatures: identityMatrix(nItems)
    };
    const ks = [3, 5];
    const full = evaluateRanking({
      nItems,
      scores: scoreUsers({ model: source }),
      train,
      test: heldOut,
      ks,
      perUser: false
    }).metrics;
    const fast = createValidator({ nUsers, nItems, train, heldOut, ks })(source);
    expect(fast.n_users_evaluated).toBeLessThanOrEqual(30);
    for (const [key, value] of Object.entries(full)) expect(fast[key]).toBeCloseTo(value, 12);
    // Live weights are the state's own arrays: a step shows without a copy.
    expect(liveWeights(state).itemEmbeddings).toBe(state.item.emb.values);
  });
});
