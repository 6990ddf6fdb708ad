import { beforeAll, describe, expect, it } from 'vitest';
import { setupNodeBackend } from '../../../cli/node-backend.ts';
import { createRng } from '../data/rng.ts';
import { groupByUser } from '../eval/user-rows.ts';
import type { Interactions } from '../types.ts';
import { createBatchContext } from './batch-context.ts';
import { bprBatch } from './bpr-step.ts';
import { resolveConfig, type ModelConfigInput } from './config.ts';
import { createFactorState } from './factor-state.ts';
import { identityMatrix } from './train.ts';
import { warpBatch } from './warp-step.ts';
import { interactions as inter } from './synthetic-fixture.ts';

beforeAll(async () => {
  await setupNodeBackend('cpu');
});

/** Identity features, d = 2, user 0 at p = (1, 0), items at q0 = (0,0), q1 = (0.5,0), q2 = (−2,0). */
function tinyContext(config: ModelConfigInput, train: Interactions, nUsers: number) {
  const cfg = resolveConfig({
    ...config,
    components: 2,
    learningRate: 0.1,
    batchSize: 4
  } as ModelConfigInput);
  const state = createFactorState(nUsers, 3, 2, 'adagrad', createRng(1));
  state.user.emb.values.fill(0);
  state.user.emb.values.set([1, 0], 0);
  state.item.emb.values.set([0, 0, 0.5, 0, -2, 0]);
  const ctx = createBatchContext({
    config: cfg,
    state,
    userX: identityMatrix(nUsers),
    itemX: identityMatrix(3),
    nItems: 3,
    positives: groupByUser({ interactions: train, nUsers, nItems: 3, label: 'train' }),
    train,
    rng: createRng(5)
  });
  return { ctx, state };
}

describe('WARP batch step against a hand computation', () => {
  it('finds the exact violator and applies closed-form gradients with adagrad', () => {
    const train = inter([[0, 0]]);
    const { ctx, state } = tinyContext({ loss: 'warp', warpVariant: 'exact-rank' }, train, 1);
    // s = (0, 0.5, −2); s⁺ − 1 = −1 → only item 1 violates, r = 1, c = H(1) = 1.
    const out = warpBatch(ctx, Int32Array.of(0), 0, 1, false);
    expect(out.updated).toBe(1);
    expect(out.loss).toBeCloseTo(1 * (1 - 0 + 0.5), 5);
    const lr = 0.1;
    // user: g = c(q1 − q0) = (0.5, 0); A = 1 + 0.25
    expect(state.user.emb.values[0]).toBeCloseTo(1 - (lr * 0.5) / Math.sqrt(1.25), 6);
    expect(state.user.emb.values[1]).toBe(0);
    // item 0 (positive): g = −c·p = (−1, 0); item 1 (negative): g = c·p = (1, 0); A = 2
    expect(state.item.emb.values[0]).toBeCloseTo(lr / Math.sqrt(2), 6);
    expect(state.item.emb.values[2]).toBeCloseTo(0.5 - lr / Math.sqrt(2), 6);
    expect(state.item.emb.values[4]).toBe(-2);
    expect(state.item.bias.values[0]).toBeCloseTo(lr / Math.sqrt(2), 6);
    expect(state.item.bias.values[1]).toBeCloseTo(-lr / Math.sqrt(2), 6);
    // Pairwise losses leave the user bias alone (it cancels in s⁺ − s⁻).
    expect(state.user.bias.values[0]).toBe(0);
  });

  it('makes no update when no item violates the margin', () => {
    const train = inter([[0, 1]]);
    const { ctx, state } = tinyContext({ loss: 'warp' }, train, 1);
    // s⁺ = 0.5, threshold −0.5: move item 0 to s = −3 so nothing (item 2 at −2 neither) violates.
    state.item.emb.values.set([-3, 0], 0);
    const before = state.item.emb.values.slice();
    const out = warpBatch(ctx, Int32Array.of(0), 0, 1, false);
    expect(out.updated).toBe(0);
    expect([...state.item.emb.values]).toEqual([...before]);
  });
});

describe('BPR batch step against a hand computation', () => {
  it('uses g = 1 − σ(s⁺ − s⁻) with a popularity negative that is not a positive', () => {
    // Users 0 and 1; the only other item in train is item 1, so user 0's negative is item 1.
    const train = inter([
      [0, 0],
      [1, 1]
    ]);
    const { ctx, state } = tinyContext({ loss: 'bpr' }, train, 2);
    const out = bprBatch(ctx, Int32Array.of(0), 0, 1);
    expect(out.updated).toBe(1);
    const x = 0 - 0.5;
    const c = 1 - 1 / (1 + Math.exp(-x));
    expect(out.loss).toBeCloseTo(Math.log1p(Math.exp(-x)), 5);
    const lr = 0.1;
    expect(state.user.emb.values[0]).toBeCloseTo(1 - (lr * c * 0.5) / Math.sqrt(1 + (c * 0.5) ** 2), 6);
    expect(state.item.emb.values[0]).toBeCloseTo((lr * c) / Math.sqrt(1 + c * c), 6);
    expect(state.item.emb.values[2]).toBeCloseTo(0.5 - (lr * c) / Math.sqrt(1 + c * c), 6);
  });
});
