import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { meanInterval, restrictToUsers, sampleTestUsers, testUsersOf } from './user-sample.ts';
import { runTraining } from '../pipeline/run-training.ts';
import { generateDataset } from '../data/generator.ts';
import type { Interactions } from '../types.ts';

function interactions(users: number[], items: number[]): Interactions {
  return {
    userIdx: Int32Array.from(users),
    itemIdx: Int32Array.from(items),
    weight: new Float32Array(users.length).fill(1)
  };
}

describe('sampleTestUsers', () => {
  // 500 users, every third one has test adoptions (some two).
  const users = Array.from({ length: 500 }, (_, u) => u).filter((u) => u % 3 === 0);
  const test = interactions(
    [...users, ...users.slice(0, 40)],
    [...users.map(() => 1), ...users.slice(0, 40).map(() => 2)]
  );

  it('same seed and size: the same distinct test users, ascending', () => {
    const a = sampleTestUsers({ test, nUsers: 500, size: 50, seed: 7 });
    const b = sampleTestUsers({ test, nUsers: 500, size: 50, seed: 7 });
    expect([...a]).toEqual([...b]);
    expect(a.length).toBe(50);
    expect(new Set(a).size).toBe(50);
    expect([...a].every((u) => u % 3 === 0)).toBe(true);
    expect([...a]).toEqual([...a].sort((x, y) => x - y));
  });

  it('another seed draws other users; a sample as large as the test users is all of them', () => {
    const a = sampleTestUsers({ test, nUsers: 500, size: 50, seed: 7 });
    const c = sampleTestUsers({ test, nUsers: 500, size: 50, seed: 8 });
    expect([...a]).not.toEqual([...c]);
    expect([...sampleTestUsers({ test, nUsers: 500, size: 10_000 })]).toEqual([...testUsersOf(test, 500)]);
  });

  it('rejects a size that is not a positive whole number, in plain words', () => {
    expect(() => sampleTestUsers({ test, nUsers: 500, size: 0 })).toThrow(/positive whole number, got 0/);
  });

  it('restrictToUsers keeps the sampled users’ rows, renumbered to their place in the sample', () => {
    const r = restrictToUsers(interactions([0, 3, 3, 6, 9], [1, 2, 4, 1, 0]), Int32Array.from([3, 9]), 10);
    expect([...r.userIdx]).toEqual([0, 0, 1]);
    expect([...r.itemIdx]).toEqual([2, 4, 0]);
  });
});

describe('meanInterval', () => {
  it('is the mean ± 1.96 standard errors, NaN values left out', () => {
    const m = meanInterval([0, 1, 0, 1, NaN]);
    // sd of [0,1,0,1] = sqrt(1/3); se = sqrt(1/3)/2
    const half = 1.959964 * (Math.sqrt(1 / 3) / 2);
    expect(m.n).toBe(4);
    expect(m.mean).toBe(0.5);
    expect(m.lower).toBeCloseTo(0.5 - half, 12);
    expect(m.upper).toBeCloseTo(0.5 + half, 12);
  });
  it('has no width on one value and is NaN on none', () => {
    expect(meanInterval([0.4])).toEqual({ mean: 0.4, lower: 0.4, upper: 0.4, n: 1 });
    expect(meanInterval([NaN]).n).toBe(0);
  });
});

describe('runTraining on a sample', () => {
  const dataset = generateDataset({ customers: 600, seed: 5, ceilings: false });
  it('every run on the split is measured on the same sampled customers, keeps their scores, and states its interval', async () => {
    await tf.setBackend('cpu');
    const job = (loss: 'warp' | 'bpr', seed: number) => ({
      runId: loss,
      datasetId: 'd',
      config: { loss, epochs: 2, components: 4 },
      seed,
      evalSample: { size: 60 }
    });
    const [a, b, full] = await Promise.all([
      runTraining({ job: job('warp', 1), source: { kind: 'telco', dataset } }),
      runTraining({ job: job('bpr', 9), source: { kind: 'telco', dataset } }),
      runTraining({ job: { ...job('warp', 1), evalSample: undefined }, source: { kind: 'telco', dataset } })
    ]);
    if (!a.ok || !b.ok || !full.ok) throw new Error('training failed');
    expect(a.result.scoreUsers!.length).toBe(60);
    expect([...a.result.scoreUsers!]).toEqual([...b.result.scoreUsers!]);
    expect([...a.result.test.perUser.users]).toEqual([...a.result.scoreUsers!]);
    expect(a.result.scores!.length).toBe(60 * dataset.plans.length);
    expect(a.result.evalSample).toMatchObject({
      size: 60,
      testCustomers: full.result.test.metrics.n_users_evaluated
    });
    expect(a.result.test.metrics.n_users_evaluated).toBe(60);
    // The sampled customers' values are exactly their values in the full evaluation.
    const fullUsers = [...full.result.test.perUser.users];
    const fullP5 = full.result.test.perUser.values['precision@5'];
    const sampled = [...a.result.scoreUsers!].map((u) => fullP5[fullUsers.indexOf(u)]);
    expect([...a.result.test.perUser.values['precision@5']]).toEqual(sampled);
    const [lo, hi] = a.result.evalSample!.intervals['precision@5'];
    expect(lo).toBeLessThanOrEqual(a.result.test.metrics['precision@5']);
    expect(hi).toBeGreaterThanOrEqual(a.result.test.metrics['precision@5']);
  });
});
