import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createRng } from '../lib/core/data/rng.ts';
import { trainBatch } from '../lib/core/model/batch-driver.ts';
import type { BatchContext } from '../lib/core/model/batch-context.ts';
import type { FactorState } from '../lib/core/model/factor-state.ts';
import { world } from '../lib/core/model/kernels/kernel-fixture.ts';
import { nodeParallel } from './shard-threads.ts';

const bits = (state: FactorState) =>
  (['user', 'item'] as const).flatMap((side) =>
    (['emb', 'bias', 'acc'] as const).map((k) =>
      k === 'acc'
        ? Array.from(new Uint32Array(Float32Array.from(state[side].emb.acc).buffer))
        : Array.from(new Uint32Array(Float32Array.from(state[side][k].values).buffer))
    )
  );

function run(ctx: BatchContext, n: number): number {
  const order = Int32Array.from({ length: n }, (_, k) => k);
  const shuffle = createRng(9);
  let loss = 0;
  for (let e = 1; e <= 3; e++) {
    shuffle.shuffle(order);
    for (let s = 0; s < n; s += ctx.config.batchSize)
      loss += trainBatch(ctx, undefined, order, s, Math.min(ctx.config.batchSize, n - s), e).loss;
  }
  return loss;
}

/** The batch-parallel step in worker_threads against the same shards run one after another in one thread. */
describe.each(['warp', 'warp-kos', 'bpr'] as const)('batch-parallel on Node worker threads, %s', (loss) => {
  it("gives the in-thread shards' result bit for bit (3 cores)", () => {
    const { train, make } = world(loss);
    const threaded = make(true, nodeParallel(3));
    const inThread = make(true, { cores: 3 });
    try {
      expect(threaded.ctx.parallel?.cores).toBe(3);
      const a = run(threaded.ctx, train.userIdx.length);
      const b = run(inThread.ctx, train.userIdx.length);
      expect(a).toBe(b);
      expect(bits(threaded.state)).toEqual(bits(inThread.state));
    } finally {
      threaded.ctx.parallel?.dispose();
    }
  });
});

describe('the CLI on more than one core', () => {
  // tsx compiles with esbuild's keepNames, which puts helper calls into function bodies: the
  // helper threads' source must still run there (this failed once: "__name is not defined").
  it('trains with its helper cores under tsx, and says so', () => {
    const out = execFileSync(
      'npx',
      [
        'tsx',
        'src/cli/main.ts',
        'train',
        'test/fixtures/parity/telco-5k',
        '--components',
        '16',
        '--epochs',
        '2'
      ].concat(['--cores', '2', '--training-path', 'cpu']),
      { encoding: 'utf8' }
    );
    const result = JSON.parse(out.slice(out.lastIndexOf('\n{') + 1)) as { training_path: string };
    expect(result.training_path).toBe(
      'WebAssembly SIMD kernel (f32) · batch-parallel on 2 cores · path forced (not measured)'
    );
  });
});
