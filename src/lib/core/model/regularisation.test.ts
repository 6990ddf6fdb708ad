import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng.ts';
import { groupByUser } from '../eval/user-rows.ts';
import { buildFeatureMatrix } from '../features/matrix.ts';
import type { CsrMatrix } from '../types.ts';
import { applyBatchStep, createBatchContext } from './batch-context.ts';
import { resolveConfig } from './config.ts';
import { createFactorState } from './factor-state.ts';
import type { ParamBlock } from './schedules.ts';
import { interactions as inter } from './synthetic-fixture.ts';

/** 3 users, 4 items, each with its identity feature plus one shared feature ("seg", "cat"). */
function world(alpha: number, seed: number) {
  const uf = buildFeatureMatrix({
    ids: ['a', 'b', 'c'],
    features: [['seg:x'], ['seg:x'], ['seg:y']],
    identityPrefix: 'user:'
  });
  const itf = buildFeatureMatrix({
    ids: ['p', 'q', 'r', 's'],
    features: [['cat:1'], ['cat:1'], ['cat:2'], ['cat:2']],
    identityPrefix: 'item:'
  });
  const train = inter([
    [0, 0],
    [1, 1],
    [2, 2],
    [0, 3]
  ]);
  const config = resolveConfig({
    loss: 'warp',
    components: 3,
    learningRate: 0.1,
    batchSize: 4,
    itemAlpha: alpha,
    userAlpha: alpha * 2
  });
  const rng = createRng(seed);
  const state = createFactorState(uf.matrix.nCols, itf.matrix.nCols, 3, 'adagrad', rng.fork('init'));
  // Accumulators as after some training (LightFM's step size lr/√A then differs per scalar).
  for (const b of [state.user.emb, state.user.bias, state.item.emb, state.item.bias]) {
    for (let c = 0; c < b.acc.length; c++) b.acc[c] = 1 + 4 * rng.next();
    for (let c = 0; c < b.values.length; c++) b.values[c] = rng.next() - 0.5;
  }
  const ctx = createBatchContext({
    config,
    state,
    userX: uf.matrix,
    itemX: itf.matrix,
    nItems: 4,
    positives: groupByUser({ interactions: train, nUsers: 3, nItems: 4, label: 'train' }),
    train,
    rng: rng.fork('sample')
  });
  return { ctx, state, userX: uf.matrix, itemX: itf.matrix };
}

/**
 * LightFM's lazy L2, transcribed in the order of _lightfm_fast.pyx for updates whose gradient is
 * 0 (so A, and the step size lr/√A, stay put): per update, each feature scalar of the user, the
 * positive and the negative item is multiplied by (1 + α·l) in update_features/update_biases,
 * avg_learning_rate is the mean l over those scalars, user_scale and item_scale are multiplied by
 * (1 + α·avg); regularize() finally divides everything by the scales.
 */
function lightfmLazyDecay(
  blocks: { ue: ParamBlock; ub: ParamBlock; ie: ParamBlock; ib: ParamBlock },
  userX: CsrMatrix,
  itemX: CsrMatrix,
  updates: Array<[number, number, number]>,
  lr: number,
  itemAlpha: number,
  userAlpha: number
) {
  const v = {
    ue: blocks.ue.values.slice(),
    ub: blocks.ub.values.slice(),
    ie: blocks.ie.values.slice(),
    ib: blocks.ib.values.slice()
  };
  let userScale = 1;
  let itemScale = 1;
  for (const [u, i, j] of updates) {
    let sum = 0;
    let count = 0;
    const touch = (
      x: CsrMatrix,
      row: number,
      emb: Float32Array,
      bias: Float32Array,
      eb: ParamBlock,
      bb: ParamBlock,
      alpha: number
    ) => {
      for (let p = x.indptr[row]; p < x.indptr[row + 1]; p++) {
        const f = x.indices[p];
        const lb = lr / Math.sqrt(bb.acc[f]);
        bias[f] *= 1 + alpha * lb;
        sum += lb;
        count++;
        for (let c = 0; c < eb.width; c++) {
          const l = lr / Math.sqrt(eb.acc[f * eb.width + c]);
          emb[f * eb.width + c] *= 1 + alpha * l;
          sum += l;
          count++;
        }
      }
    };
    touch(itemX, i, v.ie, v.ib, blocks.ie, blocks.ib, itemAlpha);
    touch(itemX, j, v.ie, v.ib, blocks.ie, blocks.ib, itemAlpha);
    touch(userX, u, v.ue, v.ub, blocks.ue, blocks.ub, userAlpha);
    const avg = sum / count;
    itemScale *= 1 + itemAlpha * avg;
    userScale *= 1 + userAlpha * avg;
  }
  for (const k of ['ie', 'ib'] as const) v[k] = v[k].map((x) => x / itemScale);
  for (const k of ['ue', 'ub'] as const) v[k] = v[k].map((x) => x / userScale);
  return v;
}

describe('L2 regularisation (LightFM’s lazy decay, once per update)', () => {
  it('matches a transcription of the pyx for a batch of updates: untouched rows decay once per update, touched ones are exempt', () => {
    const alpha = 0.05;
    const { ctx, state, userX, itemX } = world(alpha, 4);
    const updates: Array<[number, number, number]> = [
      [0, 0, 2],
      [1, 1, 3],
      [0, 3, 1]
    ];
    const blocks = { ue: state.user.emb, ub: state.user.bias, ie: state.item.emb, ib: state.item.bias };
    const expected = lightfmLazyDecay(blocks, userX, itemX, updates, 0.1, alpha, 2 * alpha);
    const before = state.user.emb.values.slice();
    for (const [u, i, j] of updates) ctx.hits.record(userX, u, itemX, i, j);
    applyBatchStep(ctx);
    // One mean step size for the batch instead of one per update: equal to first order in α.
    const close = (a: Float32Array, b: Float32Array) => a.forEach((x, k) => expect(x).toBeCloseTo(b[k], 5));
    close(state.user.emb.values, expected.ue);
    close(state.user.bias.values, expected.ub);
    close(state.item.emb.values, expected.ie);
    close(state.item.bias.values, expected.ib);
    // It did decay: user c (row 2, untouched) shrank by (1 + 2α·η̄)³.
    const f = state.user.emb.values[2 * 3] / before[2 * 3];
    expect(f).toBeLessThan(0.99);
    expect(f).toBeGreaterThan(0.9);
  });
});
