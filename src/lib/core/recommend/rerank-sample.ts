/**
 * The revenue re-ranking sweep on a seeded sample of test customers when the dataset is large
 * (issue 14 §1): at 1M customers the full sweep needs a 1M × plans score matrix (80 MB) beside
 * the model. From EVAL_SAMPLE_FROM_CUSTOMERS customers it scores only the sample the runs are
 * evaluated on (eval/user-sample.ts: same seed, same size, so the sweep's λ = 0 row and the
 * run's sampled P@5 are measured on the same customers) and says so; below that, every customer.
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
 * Every customer below `from` customers; else a seeded sample of `size` test customers (all of
 * them when there are fewer), with train and test restricted and renumbered to the sample.
 */
export function rerankPopulation(opts: {
  train: Interactions;
  test: Interactions;
  nUsers: number;
  from?: number;
  size?: number;
}): RerankPopulation {
  const { train, test, nUsers } = opts;
  if (nUsers < (opts.from ?? EVAL_SAMPLE_FROM_CUSTOMERS)) return { users: null, train, test, sample: null };
  const size = opts.size ?? DEFAULT_EVAL_SAMPLE_SIZE;
  const users = sampleTestUsers({ test, nUsers, size, seed: EVAL_SAMPLE_SEED });
  return {
    users,
    train: restrictToUsers(train, users, nUsers),
    test: restrictToUsers(test, users, nUsers),
    sample: { size: users.length, seed: EVAL_SAMPLE_SEED, testCustomers: testUsersOf(test, nUsers).length }
  };
}

/** "Re-ranking measured on a seeded sample of 20,000 test customers (of 368,292)". */
export function describeRerankSample(s: RerankSample): string {
  const n = (x: number) => x.toLocaleString('en');
  return `Re-ranking measured on a seeded sample of ${n(s.size)} test customers (of ${n(s.testCustomers)})`;
}
