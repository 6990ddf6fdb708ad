import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng.ts';
import { groupByUser } from '../eval/user-rows.ts';
import type { CsrMatrix } from '../types.ts';
import { createBatchContext } from './batch-context.ts';
import { resolveConfig, type ModelConfigInput } from './config.ts';
import { addToBiasRows, addToFeatureRows } from './feature-gradients.ts';
import { createFactorState } from './factor-state.ts';
import { ItemGradients } from './item-side.ts';
import { RowGradients } from './row-gradients.ts';
import { identityMatrix } from './train.ts';
import { warpSampledBatch } from './warp-sampled.ts';
import { interactions as inter } from './synthetic-fixture.ts';

/** User 0 at p = (1, 0); items q0 = (0,0) (the positive), q1 = (0.5,0), q2 = (−2,0): only item 1 violates. */
function tinyContext(config: ModelConfigInput, seed: number) {
  const train = inter([[0, 0]]);
  const cfg = resolveConfig({
    ...config,
    components: 2,
    learningRate: 0.1,
    batchSize: 4
  } as ModelConfigInput);
  const state = createFactorState(1, 3, 2, 'adagrad', createRng(1));
  state.user.emb.values.set([1, 0], 0);
  state.item.emb.values.set([0, 0, 0.5, 0, -2, 0]);
  const ctx = createBatchContext({
    config: cfg,
    state,
    userX: identityMatrix(1),
    itemX: identityMatrix(3),
    nItems: 3,
    positives: groupByUser({ interactions: train, nUsers: 1, nItems: 3, label: 'train' }),
    train,
    rng: createRng(seed)
  });
  return { ctx, state };
}

describe('sampled WARP violator search (LightFM’s loop)', () => {
  it('counts drawn positives as trials: K ~ Geometric(r/N), so an update (K = 1 here) has probability 1/3', () => {
    // r = 1 violator of N = 3; g = ln max(1, ⌊2/K⌋) > 0 only for K = 1. Were drawn positives
    // not counted (K ~ Geometric(r/(N − |P_u|))), the rate would be 1/2.
    const { ctx, state } = tinyContext({ loss: 'warp' }, 7);
    const emb = state.item.emb.values.slice();
    const uemb = state.user.emb.values.slice();
    let updates = 0;
    const n = 3000;
    for (let t = 0; t < n; t++) {
      state.item.emb.values.set(emb);
      state.user.emb.values.set(uemb);
      state.item.bias.values.fill(0);
      updates += warpSampledBatch(ctx, Int32Array.of(0), 0, 1, false).updated;
    }
    expect(updates / n).toBeGreaterThan(1 / 3 - 0.03);
    expect(updates / n).toBeLessThan(1 / 3 + 0.03);
  });

  it('applies the same closed-form update as the exact search when it finds the violator', () => {
    const { ctx, state } = tinyContext({ loss: 'warp' }, 3);
    let out = { loss: 0, updated: 0 };
    const before = state.item.emb.values.slice();
    for (let t = 0; t < 50 && out.updated === 0; t++)
      out = warpSampledBatch(ctx, Int32Array.of(0), 0, 1, false);
    expect(out.updated).toBe(1);
    const c = Math.log(2); // K = 1: ln ⌊(3 − 1)/1⌋
    expect(out.loss).toBeCloseTo(c * (1 - 0 + 0.5), 5);
    const lr = 0.1;
    // user: g = c(q1 − q0) = (0.5c, 0), A = 1 + g²
    expect(state.user.emb.values[0]).toBeCloseTo(1 - (lr * 0.5 * c) / Math.sqrt(1 + (0.5 * c) ** 2), 6);
    // item 0: g = −c·p = (−c, 0); item 1: g = c·p; item 2 untouched
    expect(state.item.emb.values[0]).toBeCloseTo(before[0] + (lr * c) / Math.sqrt(1 + c * c), 6);
    expect(state.item.emb.values[2]).toBeCloseTo(before[2] - (lr * c) / Math.sqrt(1 + c * c), 6);
    expect(state.item.emb.values[4]).toBe(-2);
    expect(state.user.bias.values[0]).toBe(0);
  });
});

describe('ItemGradients', () => {
  it('grouping per item gives the per-sample sums and squares of spreading each sample separately', () => {
    const rng = createRng(2);
    const d = 5;
    // 6 items over 4 features (shared columns, unequal weights).
    const x: CsrMatrix = {
      nRows: 6,
      nCols: 4,
      indptr: Int32Array.of(0, 2, 4, 5, 7, 8, 10),
      indices: Int32Array.of(0, 1, 0, 2, 3, 1, 2, 3, 0, 3),
      values: Float32Array.of(0.5, 0.5, 0.3, 0.7, 1, 0.25, 0.75, 1, 0.6, 0.4)
    };
    const ref = new RowGradients(4, d);
    const refB = new RowGradients(4, 1);
    const got = new RowGradients(4, d);
    const gotB = new RowGradients(4, 1);
    const grouped = new ItemGradients(6, d);
    const p = new Float32Array(d);
    const pd = new Float64Array(d);
    for (let k = 0; k < 40; k++) {
      // One pairwise sample: −c·p on item i, +c·p on item j ≠ i (what the WARP/BPR steps add).
      const i = rng.int(6);
      const j = (i + 1 + rng.int(5)) % 6;
      const c = rng.next() * 4 - 2;
      for (let a = 0; a < d; a++) {
        p[a] = rng.next() - 0.5;
        pd[a] = p[a];
      }
      addToFeatureRows(x, i, ref, -c, p, 0);
      addToBiasRows(x, i, refB, -c);
      addToFeatureRows(x, j, ref, c, p, 0);
      addToBiasRows(x, j, refB, c);
      grouped.addPair(i, j, c, pd);
    }
    grouped.spread(x, got, gotB);
    for (let k = 0; k < 4 * d; k++) {
      expect(got.sum[k]).toBeCloseTo(ref.sum[k], 5);
      expect(got.sumSq[k]).toBeCloseTo(ref.sumSq[k], 5);
    }
    for (let k = 0; k < 4; k++) {
      expect(gotB.sum[k]).toBeCloseTo(refB.sum[k], 5);
      expect(gotB.sumSq[k]).toBeCloseTo(refB.sumSq[k], 5);
    }
  });
});
