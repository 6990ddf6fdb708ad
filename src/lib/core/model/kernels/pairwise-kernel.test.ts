import { describe, expect, it } from 'vitest';
import { createRng } from '../../data/rng.ts';
import { groupByUser } from '../../eval/user-rows.ts';
import type { Interactions } from '../../types.ts';
import { createBatchContext } from '../batch-context.ts';
import { describeTrainingPath } from '../batch-driver.ts';
import { bprBatch } from '../bpr-step.ts';
import { resolveConfig } from '../config.ts';
import { createFactorState } from '../factor-state.ts';
import { warpSampledBatch } from '../warp-sampled.ts';
import { compareStates, features, world } from './kernel-fixture.ts';

/**
 * The WebAssembly kernels (f32, SIMD) against the readable TypeScript reference steps on the
 * same data, initial weights and random stream: same updates, same loss and parameters within
 * float32 rounding, batch after batch (the tfjs-backend-cpu vs -wasm pattern).
 */
describe.each([
  ['warp', false, false],
  ['warp-kos', true, false],
  ['bpr', false, false],
  ['warp', false, true],
  ['warp-kos', true, true],
  ['bpr', false, true]
] as const)('pairwise kernel, %s (identity features only: %s)', (loss, kos, identityFeatures) => {
  it('makes the same updates as the TypeScript reference, within float32 rounding, over several batches', () => {
    const { train, make } = world(loss, identityFeatures);
    const ref = make(false);
    const fast = make(true);
    expect(ref.ctx.kernel).toBeNull();
    expect(fast.ctx.kernel).not.toBeNull();
    const order = Int32Array.from({ length: train.userIdx.length }, (_, k) => k);
    createRng(5).shuffle(order);
    let totalUpdated = 0;
    for (let start = 0, batch = 0; start < order.length; start += 64, batch++) {
      const count = Math.min(64, order.length - start);
      const seed = 1000 + batch;
      // The kernel seeds its stream per batch exactly as createRng(seed) does.
      ref.ctx.rng = createRng(seed);
      const r =
        loss === 'bpr'
          ? bprBatch(ref.ctx, order, start, count)
          : warpSampledBatch(ref.ctx, order, start, count, kos);
      const k =
        loss === 'bpr'
          ? fast.ctx.kernel!.bpr(order, start, count, seed)
          : fast.ctx.kernel!.warp(order, start, count, kos, seed);
      expect(k.updated).toBe(r.updated);
      expect(k.loss).toBeCloseTo(r.loss, 3);
      compareStates(fast.state, ref.state, 1e-5);
      totalUpdated += r.updated;
    }
    // The comparison means something only if parameters moved.
    expect(totalUpdated).toBeGreaterThan(50);
  });

  it('is deterministic: the same seed gives the same parameters to the bit', () => {
    const { train, make } = world(loss, identityFeatures);
    const runs = [make(true), make(true)];
    const order = Int32Array.from({ length: train.userIdx.length }, (_, k) => k);
    for (const { ctx } of runs) {
      for (let start = 0; start < order.length; start += 64) {
        const count = Math.min(64, order.length - start);
        if (loss === 'bpr') ctx.kernel!.bpr(order, start, count, start + 1);
        else ctx.kernel!.warp(order, start, count, kos, start + 1);
      }
    }
    expect(runs[0].state.item.emb.values).toEqual(runs[1].state.item.emb.values);
    expect(runs[0].state.user.emb.values).toEqual(runs[1].state.user.emb.values);
  });
});

describe('pairwise kernel coverage', () => {
  it('leaves regularised, adadelta and odd-width configurations to the reference', () => {
    const { make } = world('warp');
    expect(make(true).ctx.kernel).not.toBeNull();
    expect(describeTrainingPath(make(true).ctx)).toBe('WebAssembly SIMD kernel (f32)');
    expect(describeTrainingPath(make(false).ctx)).toBe(
      'TypeScript reference (WebAssembly SIMD unavailable here)'
    );
    const rng = createRng(1);
    const x = features(4, 1, rng);
    const train: Interactions = {
      userIdx: Int32Array.of(0),
      itemIdx: Int32Array.of(0),
      weight: Float32Array.of(1)
    };
    const positives = groupByUser({ interactions: train, nUsers: 4, nItems: 4, label: 'train' });
    for (const over of [{ itemAlpha: 1e-3 }, { schedule: 'adadelta' as const }, { components: 6 }]) {
      const config = resolveConfig({ loss: 'warp', components: 8, ...over });
      const state = createFactorState(x.nCols, x.nCols, config.components, config.schedule, createRng(1));
      const ctx = createBatchContext({ config, state, userX: x, itemX: x, nItems: 4, positives, train, rng });
      expect(ctx.kernel).toBeNull();
      // The run card says why the reference runs.
      expect(describeTrainingPath(ctx)).toMatch(
        /^TypeScript reference \((the kernel has no (regularisation|adadelta)|components not a multiple of 4)\)$/
      );
    }
  });
});
