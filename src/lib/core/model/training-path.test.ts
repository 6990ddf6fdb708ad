import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupNodeBackend } from '../../../cli/node-backend.ts';
import { CoreError } from '../types.ts';
import type { FactorState } from './factor-state.ts';
import { world } from './kernels/kernel-fixture.ts';
import type { TrainingPathMode } from './path-choice.ts';
import { prepareTrainingPath, tensorLoop } from './training-path.ts';

beforeAll(async () => {
  await setupNodeBackend('wasm');
});

/**
 * A clock under which the trial batches take the given milliseconds: a warm-up and 3 timed
 * batches of the CPU path, then of the tensor path (it is read at each batch's start and end).
 */
function fakeClock(cpu: number[], tensor: number[]): () => number {
  const readings = [...cpu, ...tensor].flatMap((ms, k) => [100 * k, 100 * k + ms]);
  let k = 0;
  return () => readings[k++];
}

/** Every parameter and accumulator, copied. */
function params(s: FactorState): Float32Array[] {
  return [s.user.emb, s.user.bias, s.item.emb, s.item.bias].flatMap((b) => [b.values.slice(), b.acc.slice()]);
}

/** Prepares the path (measuring with `clock` when mode is 'measure'), then trains 2 epochs on it. */
function run(mode: TrainingPathMode, clock?: () => number) {
  const { train, make } = world('warp');
  const { ctx, state } = make(true);
  expect(ctx.kernel).not.toBeNull();
  const order = Int32Array.from({ length: train.userIdx.length }, (_, k) => k);
  const initial = params(state);
  const rng0 = ctx.rng.getState();
  const runner = prepareTrainingPath({ ctx, tower: undefined, order, mode, clock });
  runner.sync();
  const afterChoice = { params: params(state), rng: ctx.rng.getState() };
  for (let epoch = 1; epoch <= 2; epoch++) {
    ctx.rng.shuffle(order);
    for (let start = 0; start < order.length; start += 64)
      runner.batch(start, Math.min(64, order.length - start), epoch);
  }
  runner.sync();
  runner.dispose();
  return { runner, initial, rng0, afterChoice, final: params(state), rng: ctx.rng.getState() };
}

describe('choosing the training path at the start of a run', () => {
  it.each([
    ['cpu', fakeClock([50, 1, 1.5, 1], [900, 10, 10, 11])],
    ['tensor', fakeClock([50, 10, 12, 10], [900, 1, 1.5, 1])]
  ] as const)(
    'follows the timings (%s faster), discards the trial batches and then trains exactly as the forced path',
    (faster, clock) => {
      const before = tf.memory().numTensors;
      const measured = run('measure', clock);
      expect(measured.runner.choice).toEqual({
        path: faster,
        how: 'measured',
        timings:
          faster === 'cpu'
            ? { cpuMsPerBatch: 1, tensorMsPerBatch: 10, batches: 3 }
            : { cpuMsPerBatch: 10, tensorMsPerBatch: 1, batches: 3 }
      });
      expect(measured.runner.loop).toBe(
        faster === 'cpu' ? 'WebAssembly SIMD kernel (f32)' : tensorLoop('warp')
      );
      // Discarded deterministically: after both trials the parameters, accumulators and the
      // random stream are the seed's, to the bit.
      expect(measured.afterChoice.params).toEqual(measured.initial);
      expect(measured.afterChoice.rng).toEqual(measured.rng0);
      // So the run is a function of the seed and the chosen path: the same bits as forcing it.
      const forced = run(faster);
      expect(forced.runner.choice).toEqual({ path: faster, how: 'forced' });
      expect(measured.final).toEqual(forced.final);
      expect(measured.rng).toEqual(forced.rng);
      // Training moved the parameters (the comparison is not of two untouched states).
      expect(measured.final).not.toEqual(measured.initial);
      expect(tf.memory().numTensors).toBe(before);
    }
  );

  it('labels a resumed run’s path as measured when it started, skips a trial that would not fit, and refuses the tensor path where it cannot run', () => {
    const { train, make } = world('warp-kos');
    const { ctx } = make(true);
    const order = Int32Array.from({ length: train.userIdx.length }, (_, k) => k);
    const kos = prepareTrainingPath({ ctx, tower: undefined, order, mode: 'measure' });
    expect(kos.choice).toEqual({ path: 'cpu', how: 'only' });
    expect(kos.choiceLine).toBeUndefined();
    expect(() => prepareTrainingPath({ ctx, tower: undefined, order, mode: 'tensor' })).toThrow(CoreError);
    const warp = world('warp').make(true).ctx;
    // Not tried where its tensors would not fit (here: a pretend 4 million feature rows × 8 × 6 copies).
    const huge = { ...warp, userX: { ...warp.userX, nCols: 4_000_000 } };
    const skipped = prepareTrainingPath({ ctx: huge, tower: undefined, order, mode: 'measure' });
    expect(skipped.choice.how).toBe('skipped');
    expect(skipped.choiceLine).toBe(
      'the TF.js wasm full-tensor path was not tried (its tensors would need about 732 MB for 4,000,029 feature rows)'
    );
    // 'auto' on a TF.js CPU backend (wasm here) tries nothing: no trial batch is timed.
    let ticks = 0;
    const auto = prepareTrainingPath({
      ctx: warp,
      tower: undefined,
      order,
      mode: 'auto',
      clock: () => ++ticks
    });
    expect(ticks).toBe(0);
    expect(auto.choice).toMatchObject({ path: 'cpu', how: 'skipped' });
    expect(auto.choiceLine).toBe(
      "the TF.js wasm full-tensor path was not tried (TF.js wasm computes on the same CPU cores as the kernel; 'measure' times both)"
    );
    const resumed = prepareTrainingPath({ ctx: warp, tower: undefined, order, mode: 'cpu', resumed: true });
    expect(resumed.choiceLine).toBe('path as measured when the run started');
  });
});
