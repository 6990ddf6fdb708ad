import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng.ts';
import { createFactorState } from './factor-state.ts';
import { RowGradients } from './row-gradients.ts';
import { createParamBlock, stepRows } from './schedules.ts';

describe('RowGradients allocates its buffers lazily', () => {
  it('a fresh factor state holds no gradient buffers (the WebAssembly kernels never need them)', () => {
    const state = createFactorState(1_000, 20, 16, 'adagrad', createRng(1));
    for (const side of [state.user, state.item]) {
      expect(side.embGrad.allocated).toBe(false);
      expect(side.biasGrad.allocated).toBe(false);
    }
  });

  it('stepping an untouched block allocates nothing and changes nothing', () => {
    const grads = new RowGradients(4, 2);
    const block = createParamBlock(4, 2, 'adagrad', new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]));
    stepRows(block, grads, { schedule: 'adagrad', learningRate: 0.1, rho: 0.95, epsilon: 1e-6 });
    expect(grads.allocated).toBe(false);
    expect([...block.values]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('the first contribution allocates; sums, touched rows and clearing (by the step) work as before', () => {
    const grads = new RowGradients(4, 2);
    const block = createParamBlock(4, 2, 'adagrad', new Float32Array(8));
    grads.addScaled(2, 2, new Float32Array([1, -3]), 0);
    grads.addScaled(2, 1, new Float32Array([1, 1]), 0);
    expect(grads.allocated).toBe(true);
    expect([...grads.sum.subarray(4, 6)]).toEqual([3, -5]);
    expect([...grads.sumSq.subarray(4, 6)]).toEqual([5, 37]);
    expect([...grads.touched.subarray(0, grads.nTouched)]).toEqual([2]);
    stepRows(block, grads, { schedule: 'adagrad', learningRate: 0.1, rho: 0.95, epsilon: 1e-6 });
    expect(grads.nTouched).toBe(0);
    expect([...grads.sum]).toEqual(new Array(8).fill(0));
  });
});
