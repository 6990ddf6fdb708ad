import { describe, expect, it } from 'vitest';
import type { Interactions } from '../types.ts';
import { EVAL_SAMPLE_SEED, sampleTestUsers } from '../eval/user-sample.ts';
import { describeRerankSample, rerankPopulation } from './rerank-sample.ts';

/** Customer u adopted plan u % 3 (train) and, every other customer, plan (u + 1) % 3 (test). */
function split(nUsers: number): { train: Interactions; test: Interactions } {
  const inter = (users: number[], shift: number): Interactions => ({
    userIdx: Int32Array.from(users),
    itemIdx: Int32Array.from(users, (u) => (u + shift) % 3),
    weight: new Float32Array(users.length).fill(1)
  });
  const all = Array.from({ length: nUsers }, (_, u) => u);
  return {
    train: inter(all, 0),
    test: inter(
      all.filter((u) => u % 2 === 0),
      1
    )
  };
}

describe('the re-ranking sweep on a seeded sample when the dataset is large', () => {
  it('sweeps every customer below the threshold (the interactions as they are)', () => {
    const { train, test } = split(100);
    const pop = rerankPopulation({ train, test, nUsers: 100, from: 101 });
    expect(pop).toEqual({ users: null, train, test, sample: null });
  });

  it('from the threshold, sweeps the runs’ evaluation sample, renumbered, and says so', () => {
    const { train, test } = split(100);
    const pop = rerankPopulation({ train, test, nUsers: 100, from: 100, size: 10 });
    // The same customers a run's sampled evaluation uses (eval/user-sample.ts: seed and size).
    expect(pop.users).toEqual(sampleTestUsers({ test, nUsers: 100, size: 10, seed: EVAL_SAMPLE_SEED }));
    expect(pop.sample).toEqual({ size: 10, seed: EVAL_SAMPLE_SEED, testCustomers: 50 });
    const users = pop.users!;
    expect([...pop.test.userIdx]).toEqual([...users.keys()]);
    expect([...pop.test.itemIdx]).toEqual([...users].map((u) => (u + 1) % 3));
    expect([...pop.train.userIdx]).toEqual([...users.keys()]);
    expect(describeRerankSample(pop.sample!)).toBe(
      'Re-ranking measured on a seeded sample of 10 test customers (of 50)'
    );
  });

  it('sweeps a sampled run on its own evaluation sample, whatever the size of the dataset', () => {
    const { train, test } = split(100);
    const pop = rerankPopulation({ train, test, nUsers: 100, runSample: { size: 12, seed: 3 } });
    expect(pop.users).toEqual(sampleTestUsers({ test, nUsers: 100, size: 12, seed: 3 }));
    expect(pop.sample).toEqual({ size: 12, seed: 3, testCustomers: 50 });
  });

  it('defaults to the evaluation sample’s threshold (200,000 customers) and size (20,000)', () => {
    const { train, test } = split(1_000);
    expect(rerankPopulation({ train, test, nUsers: 1_000 }).sample).toBeNull();
    const big = split(200_000);
    const pop = rerankPopulation({ ...big, nUsers: 200_000 });
    expect(pop.sample).toEqual({ size: 20_000, seed: EVAL_SAMPLE_SEED, testCustomers: 100_000 });
    expect(describeRerankSample(pop.sample!)).toBe(
      'Re-ranking measured on a seeded sample of 20,000 test customers (of 100,000)'
    );
  });
});
