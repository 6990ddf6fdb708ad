import { expect } from 'vitest';
import { createRng } from '../../data/rng.ts';
import { groupByUser } from '../../eval/user-rows.ts';
import type { CsrMatrix, Interactions } from '../../types.ts';
import { createBatchContext, type BatchContext } from '../batch-context.ts';
import { resolveConfig, type LossName } from '../config.ts';
import { createFactorState, type FactorState } from '../factor-state.ts';
import type { ParallelRequest } from '../batch-parallel.ts';

/** Test support for the kernel tests: a small seeded world with shared features, and state comparison. */
const N_USERS = 60;
const N_ITEMS = 25;

/** Each row: its identity column plus `shared` of `nShared` shared columns, weights L1-normalised. */
export function features(n: number, nShared: number, rng: ReturnType<typeof createRng>): CsrMatrix {
  const indptr = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (let r = 0; r < n; r++) {
    const cols = [r, n + rng.int(nShared), n + nShared + rng.int(nShared)];
    for (const c of cols) {
      indices.push(c);
      values.push(1 / cols.length);
    }
    indptr.push(indices.length);
  }
  return {
    nRows: n,
    nCols: n + 2 * nShared,
    indptr: Int32Array.from(indptr),
    indices: Int32Array.from(indices),
    values: Float32Array.from(values)
  };
}

/** One column per row, weight 1 (features off). */
function identity(n: number): CsrMatrix {
  return {
    nRows: n,
    nCols: n,
    indptr: Int32Array.from({ length: n + 1 }, (_, r) => r),
    indices: Int32Array.from({ length: n }, (_, r) => r),
    values: new Float32Array(n).fill(1)
  };
}

/** `identityFeatures`: features off (the kernel's no-copy, no-grouping path for one-feature rows). */
export function world(loss: LossName, identityFeatures = false) {
  const rng = createRng(11);
  const userX = identityFeatures ? identity(N_USERS) : features(N_USERS, 3, rng);
  const itemX = identityFeatures ? identity(N_ITEMS) : features(N_ITEMS, 2, rng);
  const pairs = new Set<string>();
  while (pairs.size < 240)
    pairs.add(`${rng.int(N_USERS)},${rng.int(Math.min(N_ITEMS, 1 + rng.int(N_ITEMS)))}`);
  const list = [...pairs].map((s) => s.split(',').map(Number));
  const train: Interactions = {
    userIdx: Int32Array.from(list.map((p) => p[0])),
    itemIdx: Int32Array.from(list.map((p) => p[1])),
    weight: Float32Array.from(list.map((_, k) => 0.5 + (k % 3) * 0.5))
  };
  const config = resolveConfig({ loss, components: 8, batchSize: 64, learningRate: 0.1 });
  const positives = groupByUser({ interactions: train, nUsers: N_USERS, nItems: N_ITEMS, label: 'train' });
  const make = (kernels: boolean, parallel?: ParallelRequest): { ctx: BatchContext; state: FactorState } => {
    const state = createFactorState(userX.nCols, itemX.nCols, 8, 'adagrad', createRng(3));
    const ctx = createBatchContext({
      config,
      state,
      userX,
      itemX,
      nItems: N_ITEMS,
      positives,
      train,
      rng: createRng(0),
      kernels,
      parallel
    });
    return { ctx, state };
  };
  return { train, make };
}

export function expectClose(a: Float32Array, b: Float32Array, tol: number): void {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs(a[k] - b[k]));
  expect(worst).toBeLessThan(tol);
}

export function compareStates(a: FactorState, b: FactorState, tol: number): void {
  for (const side of ['user', 'item'] as const) {
    for (const block of ['emb', 'bias'] as const) {
      expectClose(a[side][block].values, b[side][block].values, tol);
      expectClose(a[side][block].acc, b[side][block].acc, tol * 100);
    }
  }
}
