import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng.ts';
import { BatchParallel, startHelperCores } from './batch-parallel.ts';
import { describeTrainingPath, trainBatch } from './batch-driver.ts';
import type { BatchContext } from './batch-context.ts';
import type { FactorState } from './factor-state.ts';
import { createPairwiseKernel } from './kernels/pairwise-kernel.ts';
import { world } from './kernels/kernel-fixture.ts';

/** Every parameter and accumulator, as raw bits. */
function bits(state: FactorState): Uint32Array[] {
  return (['user', 'item'] as const).flatMap((side) =>
    (['emb', 'bias'] as const).flatMap((block) => [
      new Uint32Array(Float32Array.from(state[side][block].values).buffer),
      new Uint32Array(Float32Array.from(state[side][block].acc).buffer)
    ])
  );
}

/** Trains `epochs` shuffled epochs of batches through the batch driver; returns the summed loss. */
function run(ctx: BatchContext, nSamples: number, epochs = 3): number {
  const order = Int32Array.from({ length: nSamples }, (_, k) => k);
  const shuffle = createRng(5);
  let loss = 0;
  for (let e = 1; e <= epochs; e++) {
    shuffle.shuffle(order);
    for (let start = 0; start < nSamples; start += ctx.config.batchSize)
      loss += trainBatch(
        ctx,
        undefined,
        order,
        start,
        Math.min(ctx.config.batchSize, nSamples - start),
        e
      ).loss;
  }
  return loss;
}

describe.each([
  ['warp', false],
  ['warp-kos', false],
  ['bpr', false],
  ['warp', true],
  ['bpr', true]
] as const)('batch-parallel step, %s (identity features only: %s)', (loss, identityFeatures) => {
  it('with one shard is the one-core kernel, bit for bit', () => {
    const { train, make } = world(loss, identityFeatures);
    const one = make(true);
    const sharded = make(true);
    const kernel = createPairwiseKernel(sharded.ctx, 1)!;
    sharded.ctx.kernel = kernel;
    sharded.ctx.parallel = new BatchParallel(kernel.shards!);
    const a = run(one.ctx, train.userIdx.length);
    const b = run(sharded.ctx, train.userIdx.length);
    expect(b).toBe(a);
    expect(bits(sharded.state)).toEqual(bits(one.state));
  });

  it("adds every shard's gradients: accumulators after a 2-shard batch are the start plus each shard's own", () => {
    const { make } = world(loss, identityFeatures);
    const kos = loss === 'warp-kos';
    const sharded = make(true, { cores: 2 });
    const alone = [make(true), make(true)];
    const start = make(true).state;
    const order = Int32Array.from({ length: 64 }, (_, k) => k);
    const seeds = createRng(42);
    const shardSeeds = [seeds.uint32(), seeds.uint32()];
    if (loss === 'bpr') sharded.ctx.parallel!.bpr(order, 0, 64, createRng(42));
    else sharded.ctx.parallel!.warp(order, 0, 64, kos, createRng(42));
    // Each shard alone, one core, from the same start: its 32 samples with its seed.
    alone.forEach(({ ctx }, s) => {
      if (loss === 'bpr') ctx.kernel!.bpr(order, 32 * s, 32, shardSeeds[s]);
      else ctx.kernel!.warp(order, 32 * s, 32, kos, shardSeeds[s]);
    });
    let moved = 0;
    for (const side of ['user', 'item'] as const)
      for (const block of ['emb', 'bias'] as const) {
        const [a, b, c] = [alone[0], alone[1], { state: start }].map((x) => x.state[side][block].acc);
        const got = sharded.state[side][block].acc;
        for (let k = 0; k < got.length; k++) {
          const want = a[k] + b[k] - c[k];
          expect(Math.abs(got[k] - want)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(want)));
          if (got[k] !== c[k]) moved++;
        }
      }
    expect(moved).toBeGreaterThan(20);
  });

  it('with three shards is deterministic, trains as well, and differs from one core (it did shard)', () => {
    const { train, make } = world(loss, identityFeatures);
    const runs = [make(true, { cores: 3 }), make(true, { cores: 3 })];
    const one = make(true);
    expect(runs[0].ctx.parallel?.cores).toBe(3);
    expect(describeTrainingPath(runs[0].ctx)).toContain('batch-parallel on 3 cores');
    const losses = runs.map((r) => run(r.ctx, train.userIdx.length));
    const oneLoss = run(one.ctx, train.userIdx.length);
    expect(losses[1]).toBe(losses[0]);
    expect(bits(runs[1].state)).toEqual(bits(runs[0].state));
    expect(bits(runs[0].state)).not.toEqual(bits(one.state));
    // Same algorithm, other random draws: the summed training loss is of the same size.
    expect(Math.abs(losses[0] - oneLoss) / oneLoss).toBeLessThan(0.25);
  });
});

describe('batch-parallel choice', () => {
  it('says why a run has one core', () => {
    const { make } = world('warp');
    const unavailable = make(true, { cores: 2, unavailable: 'this page is not cross-origin isolated' });
    expect(unavailable.ctx.parallel).toBeNull();
    expect(describeTrainingPath(unavailable.ctx)).toContain(
      'one core: this page is not cross-origin isolated'
    );
    const reference = make(false, { cores: 2 });
    expect(describeTrainingPath(reference.ctx)).toContain('one core: more cores need the WebAssembly kernel');
    expect(describeTrainingPath(make(true, { cores: 1 }).ctx)).not.toContain('core');
  });

  it('keeps other losses on one core, saying so', () => {
    const { make } = world('logistic');
    expect(describeTrainingPath(make(true, { cores: 2 }).ctx)).toContain(
      'one core: more cores train WARP, WARP-KOS and BPR only'
    );
  });
});

describe('helper cores that cannot start', () => {
  it('leave the run on one core, the one-core kernel bit for bit, and say why', async () => {
    const { train, make } = world('warp');
    const failing = make(true, {
      cores: 2,
      spawn: () => ({ terminate: () => undefined, ready: Promise.reject(new Error('no network')) })
    });
    const one = make(true);
    expect(failing.ctx.parallel?.cores).toBe(2);
    await startHelperCores(failing.ctx);
    expect(failing.ctx.parallel).toBeNull();
    expect(describeTrainingPath(failing.ctx)).toContain(
      'one core: the helper cores could not start (no network)'
    );
    expect(run(failing.ctx, train.userIdx.length)).toBe(run(one.ctx, train.userIdx.length));
    expect(bits(failing.state)).toEqual(bits(one.state));
  });
});
