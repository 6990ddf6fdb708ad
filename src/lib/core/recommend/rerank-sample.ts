/**
 * The revenue re-ranking sweep on a seeded sample of test customers (issue 14 §1): at 1M
 * customers the full sweep needs a 1M × plans score matrix (80 MB) beside the model. A run
 * evaluated on a seeded sample (eval/user-sample.ts) is swept on that same sample (same seed and
 * size, so its λ = 0 row is measured on the customers its P@5 was); any other run is swept on the
 * default sample from EVAL_SAMPLE_FROM_CUSTOMERS customers, and on every customer below that.
 */
import type { Interactions } from '../types.ts';
import {
  DEFAULT_EVAL_SAMPLE_SIZE,
  EVAL_SAMPLE_FROM_CUSTOMERS,
  EVAL_SAMPLE_SEED,
  restrictToUsers,
  sampleTestUsers,
  testUsersOf
} from '../eval/user-sample.ts';

/** What the sweep was measured on when it was not every customer. */
export interface RerankSample {
  /** Customers in the sample. */
  size: number;
  seed: number;
  /** Customers with a test adoption, the population sampled from. */
  testCustomers: number;
}

/** The customers to sweep on and the interactions renumbered to them; `users` null: every customer. */
export interface RerankPopulation {
  users: Int32Array | null;
  train: Interactions;
  test: Interactions;
  sample: RerankSample | null;
}

/**
 * The run's own evaluation sample when it has one; else every customer below `from` customers,
 * and from there a seeded sample of `size` test customers (all of them when there are fewer);
 * train and test restricted and renumbered to the sample.
 */
export function rerankPopulation(opts: {
  train: Interactions;
  test: Interactions;
  nUsers: number;
  /** The sample the run was evaluated on (its `evalSample`), if any. */
  runSample?: { size: number; seed: number };
  from?: number;
  size?: number;
}): RerankPopulation {
  const { train, test, nUsers, runSample } = opts;
  if (!runSample && nUsers < (opts.from ?? EVAL_SAMPLE_FROM_CUSTOMERS))
    return { users: null, train, test, sample: null };
  const size = runSample?.size ?? opts.size ?? DEFAULT_EVAL_SAMPLE_SIZE;
  const seed = runSample?.seed ?? EVAL_SAMPLE_SEED;
  const users = sampleTestUsers({ test, nUsers, size, seed });
  return {
    users,
    train: restrictToUsers(train, users, nUsers),
    test: restrictToUsers(test, users, nUsers),
    sample: { size: users.length, seed, testCustomers: testUsersOf(test, nUsers).length }
  };
}

/** "Re-ranking measured on a seeded sample of 20,000 test customers (of 368,292)". */
export function describeRerankSample(s: RerankSample): string {
  const n = (x: number) => x.toLocaleString('en');
  return `Re-ranking measured on a seeded sample of ${n(s.size)} test customers (of ${n(s.testCustomers)})`;
}
