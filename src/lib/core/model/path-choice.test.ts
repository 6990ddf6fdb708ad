import { describe, expect, it } from 'vitest';
import { bestOf, choosePath, describeChoice, formatMs, TENSOR_MARGIN } from './path-choice.ts';

/** Three trial batches per path whose best is `cpu` and `tensor` (the others slower, as noise makes them). */
const t = (cpu: number, tensor: number) => ({
  cpuMs: [cpu * 1.4, cpu, cpu * 3],
  tensorMs: [tensor * 2, tensor * 1.1, tensor]
});

describe('choosing the training path from measured timings', () => {
  it('keeps the faster path', () => {
    expect(choosePath(t(0.8, 14)).path).toBe('cpu');
    expect(choosePath(t(14, 0.8)).path).toBe('tensor');
  });

  it('keeps the CPU path on a tie and within the noise margin', () => {
    expect(TENSOR_MARGIN).toBe(0.2);
    expect(choosePath(t(10, 10)).path).toBe('cpu');
    expect(choosePath(t(10, 8.5)).path).toBe('cpu');
    expect(choosePath(t(10, 8.01)).path).toBe('cpu');
    expect(choosePath(t(10, 7.9)).path).toBe('tensor');
    expect(choosePath(t(10, 9), 0).path).toBe('tensor');
  });

  it('keeps the CPU path when a timing is unusable', () => {
    for (const bad of [NaN, 0, -1, Infinity]) {
      expect(choosePath(t(10, bad)).path).toBe('cpu');
      expect(choosePath(t(bad, 1)).path).toBe('cpu');
    }
  });

  it('judges each path by its best batch, so one slowed-down batch cannot flip the choice', () => {
    // The kernel's second batch was held up 40 ms by another process: still the kernel.
    expect(choosePath({ cpuMs: [0.9, 40.9, 0.8], tensorMs: [12, 11, 14] }).path).toBe('cpu');
    // Only when every kernel batch is slower does the tensor path win.
    expect(choosePath({ cpuMs: [30, 41, 29], tensorMs: [12, 11, 14] }).path).toBe('tensor');
    expect(bestOf({ cpuMs: [0.9, NaN, 0.8], tensorMs: [12, 11, 14] })).toEqual({
      cpuMsPerBatch: 0.8,
      tensorMsPerBatch: 11,
      batches: 3
    });
  });

  it('returns the timings it chose from', () => {
    expect(choosePath(t(3, 1))).toEqual({
      path: 'tensor',
      how: 'measured',
      timings: { cpuMsPerBatch: 3, tensorMsPerBatch: 1, batches: 3 }
    });
  });
});

describe('the run card line', () => {
  const names = { cpu: 'WebAssembly SIMD kernel (f32)', tensor: 'TF.js webgl full-tensor' };

  it('names the choice first, then both figures and how many batches each', () => {
    expect(describeChoice(choosePath(t(0.84, 14.2)), names)).toBe(
      'chose WebAssembly SIMD kernel (f32): 0.84 ms/batch vs TF.js webgl full-tensor 14 ms/batch (best of 3 batches each, after a warm-up)'
    );
    expect(describeChoice(choosePath(t(9.6, 2.25)), names)).toBe(
      'chose TF.js webgl full-tensor: 2.3 ms/batch vs WebAssembly SIMD kernel (f32) 9.6 ms/batch (best of 3 batches each, after a warm-up)'
    );
  });

  it('says when nothing was measured and why', () => {
    expect(describeChoice({ path: 'tensor', how: 'forced' }, names)).toBe('path forced (not measured)');
    expect(describeChoice({ path: 'cpu', how: 'resumed' }, names)).toBe(
      'path as measured when the run started'
    );
    expect(describeChoice({ path: 'cpu', how: 'failed', failure: 'out of memory' }, names)).toBe(
      'the TF.js webgl full-tensor path failed in its trial (out of memory)'
    );
  });

  it('formats milliseconds to two significant figures', () => {
    expect([0.834, 1, 8.44, 14.2, 236.7].map(formatMs)).toEqual(['0.83', '1.0', '8.4', '14', '237']);
  });
});
