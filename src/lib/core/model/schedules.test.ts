import { describe, expect, it } from 'vitest';
import { RowGradients } from './row-gradients.ts';
import { createParamBlock, stepRows } from './schedules.ts';

const settings = (schedule: 'adagrad' | 'adadelta') => ({
  schedule,
  learningRate: 0.1,
  rho: 0.9,
  epsilon: 1e-6
});

describe('RowGradients', () => {
  it('sums per-sample gradients and per-sample squares separately', () => {
    const g = new RowGradients(3, 2);
    g.addScaled(1, 2, Float32Array.of(1, -1), 0); // sample 1: (2, −2)
    g.addScaled(1, 1, Float32Array.of(3, 1), 0); // sample 2: (3, 1)
    expect([...g.sum.subarray(2, 4)]).toEqual([5, -1]);
    // Σ g² per sample = (4 + 9, 4 + 1), not (Σ g)² = (25, 1)
    expect([...g.sumSq.subarray(2, 4)]).toEqual([13, 5]);
    expect(g.nTouched).toBe(1);
    g.addScaledDiff(0, 0.5, Float32Array.of(4, 4), 0, Float32Array.of(2, 0), 0);
    expect([...g.sum.subarray(0, 2)]).toEqual([1, 2]);
    // Stepping consumes the sums: the touched rows are zeroed and forgotten for the next batch.
    stepRows(createParamBlock(3, 2, 'adagrad'), g, settings('adagrad'));
    expect(g.nTouched).toBe(0);
    expect([...g.sum, ...g.sumSq].every((v) => v === 0)).toBe(true);
  });
});

describe('adagrad (LightFM’s accumulator, our batch rule)', () => {
  it('starts the accumulator at 1 and adds the squares before the step (LightFM adds after)', () => {
    const block = createParamBlock(2, 1, 'adagrad', Float32Array.of(1, 1));
    const g = new RowGradients(2, 1);
    g.addScalar(0, 3);
    g.addScalar(0, -1); // Σg = 2, Σg² = 10
    stepRows(block, g, settings('adagrad'));
    // A = 1 + 10 = 11, θ = 1 − 0.1·2/√11 (LightFM, one sample at a time: 1 − 0.1·3/√1 + 0.1·1/√10)
    expect(block.acc[0]).toBe(11);
    expect(block.values[0]).toBeCloseTo(1 - 0.2 / Math.sqrt(11), 6);
    // Untouched row keeps value and accumulator.
    expect(block.values[1]).toBe(1);
    expect(block.acc[1]).toBe(1);
    expect(g.nTouched).toBe(0);
  });
});

describe('adadelta', () => {
  it('matches a hand computation over two steps and leaves untouched rows alone', () => {
    const block = createParamBlock(2, 1, 'adadelta', Float32Array.of(0, 5));
    expect([...block.acc, ...block.accDelta]).toEqual([0, 0, 0, 0]);
    const g = new RowGradients(2, 1);
    const s = settings('adadelta');
    let eg = 0;
    let ed = 0;
    let theta = 0;
    for (const grad of [2, -1]) {
      g.addScalar(0, grad);
      stepRows(block, g, s);
      eg = 0.9 * eg + 0.1 * grad * grad;
      const delta = (Math.sqrt(ed + 1e-6) / Math.sqrt(eg + 1e-6)) * grad;
      ed = 0.9 * ed + 0.1 * delta * delta;
      theta -= delta;
      expect(block.values[0]).toBeCloseTo(theta, 6);
      expect(block.acc[0]).toBeCloseTo(eg, 6);
      expect(block.accDelta[0]).toBeCloseTo(ed, 9);
    }
    expect(block.values[1]).toBe(5);
    expect(block.acc[1]).toBe(0);
  });
});
