import type { Interactions } from '../types.ts';
import { CoreError } from '../types.ts';
import { createRng } from './rng.ts';
import type { TelcoDataset } from './schema.ts';

/**
 * Seeded train/test(/validation) splits over implicit interactions.
 * - random:     a shuffled share of interactions is held out (LightFM's random_train_test_split).
 * - temporal:   per customer with ≥ 2 adoptions, the latest one is held out ("what did they
 *               switch to next?"); testFraction is not used.
 * - cold_start: a shuffled share of customers is held out with all their interactions, so test
 *               customers have no training interactions and are scored from features alone.
 * Validation (optional, disjoint): random → another share of interactions; temporal → the
 * latest training adoption of a share of customers with ≥ 3 adoptions; cold_start → another
 * share of customers.
 */
export type SplitKind = 'random' | 'temporal' | 'cold_start';

export interface SplitOptions {
  kind: SplitKind;
  /** Share of interactions (random) or customers (cold_start) held out for test. Default 0.2. */
  testFraction?: number;
  /** Share held out for validation, taken from what is left after test. Default 0 (none). */
  validationFraction?: number;
  /** Split seed. Default: the dataset's seed (so the Overview's ceilings match), else 0. */
  seed?: number;
}

export interface InteractionSplit {
  train: Interactions;
  test: Interactions;
  validation?: Interactions;
}

export const DEFAULT_TEST_FRACTION = 0.2;

/**
 * Adoptions as implicit interactions (weight 1, time = adoption day). A customer who adopted
 * the same plan twice gives one interaction, dated at the latest adoption, so that no split can
 * put the same (customer, plan) pair in both train and test.
 */
export function adoptionsToInteractions(ds: TelcoDataset): Interactions {
  const a = ds.adoptions;
  const n = a.customerIdx.length;
  const all = {
    userIdx: a.customerIdx,
    itemIdx: a.planIdx,
    weight: new Float32Array(n).fill(1),
    time: Float64Array.from(a.day)
  };
  // Drop a row when the same customer adopted the same plan again on the same day or later.
  const { start, rows } = rowsByUser(a.customerIdx, ds.customers.ids.length);
  const latestRow = new Int32Array(ds.plans.length).fill(-1);
  const drop = new Uint8Array(n);
  let dropped = 0;
  for (let u = 0; u + 1 < start.length; u++) {
    for (let p = start[u]; p < start[u + 1]; p++) {
      const r = rows[p];
      const prev = latestRow[a.planIdx[r]];
      if (prev >= 0) {
        const loser = a.day[r] >= a.day[prev] ? prev : r;
        drop[loser] = 1;
        dropped++;
        if (loser === r) continue;
      }
      latestRow[a.planIdx[r]] = r;
    }
    for (let p = start[u]; p < start[u + 1]; p++) latestRow[a.planIdx[rows[p]]] = -1;
  }
  if (dropped === 0) return selectInteractionRows(all, null);
  const keep: number[] = [];
  for (let r = 0; r < n; r++) if (!drop[r]) keep.push(r);
  return selectInteractionRows(all, Int32Array.from(keep));
}

/** The interactions at `rows` (in that order); null = a copy of all. */
export function selectInteractionRows(x: Interactions, rows: Int32Array | null): Interactions {
  if (rows === null) {
    return {
      userIdx: x.userIdx.slice(),
      itemIdx: x.itemIdx.slice(),
      weight: x.weight.slice(),
      ...(x.time ? { time: x.time.slice() } : {})
    };
  }
  const n = rows.length;
  const out: Interactions = {
    userIdx: new Int32Array(n),
    itemIdx: new Int32Array(n),
    weight: new Float32Array(n)
  };
  if (x.time) out.time = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const r = rows[k];
    out.userIdx[k] = x.userIdx[r];
    out.itemIdx[k] = x.itemIdx[r];
    out.weight[k] = x.weight[r];
    if (out.time) out.time[k] = x.time![r];
  }
  return out;
}

function checkFraction(name: string, f: number): void {
  if (!(f >= 0 && f < 1)) throw new CoreError('bad_input', `${name} must be in [0, 1), got ${f}`);
}

/** Row indices grouped by user (counting sort), stable within a user. */
function rowsByUser(userIdx: Int32Array, nUsers: number): { start: Int32Array; rows: Int32Array } {
  const start = new Int32Array(nUsers + 1);
  for (let r = 0; r < userIdx.length; r++) start[userIdx[r] + 1]++;
  for (let u = 0; u < nUsers; u++) start[u + 1] += start[u];
  const fill = start.slice(0, nUsers);
  const rows = new Int32Array(userIdx.length);
  for (let r = 0; r < userIdx.length; r++) rows[fill[userIdx[r]]++] = r;
  return { start, rows };
}

/** Assigns each row to 0 = train, 1 = test, 2 = validation. */
function assignRows(x: Interactions, nUsers: number, split: SplitOptions, seed: number): Uint8Array {
  const n = x.userIdx.length;
  const testFraction = split.testFraction ?? DEFAULT_TEST_FRACTION;
  const valFraction = split.validationFraction ?? 0;
  checkFraction('testFraction', testFraction);
  checkFraction('validationFraction', valFraction);
  if (split.kind !== 'temporal' && testFraction + valFraction >= 1)
    throw new CoreError('bad_input', 'testFraction + validationFraction must be below 1');
  const rng = createRng(seed);
  const part = new Uint8Array(n);
  if (split.kind === 'random') {
    const perm = new Int32Array(n);
    for (let r = 0; r < n; r++) perm[r] = r;
    rng.shuffle(perm);
    const nTest = Math.round(n * testFraction);
    const nVal = Math.round(n * valFraction);
    for (let k = 0; k < nTest + nVal; k++) part[perm[k]] = k < nTest ? 1 : 2;
    return part;
  }
  const { start, rows } = rowsByUser(x.userIdx, nUsers);
  if (split.kind === 'temporal') {
    const time = x.time;
    if (!time) throw new CoreError('bad_input', 'a temporal split needs interaction times (adoption dates)');
    const valUsers = new Uint8Array(nUsers);
    for (let u = 0; u < nUsers; u++)
      valUsers[u] = start[u + 1] - start[u] >= 3 && rng.next() < valFraction ? 1 : 0;
    for (let u = 0; u < nUsers; u++) {
      const own = Array.from(rows.subarray(start[u], start[u + 1]));
      if (own.length < 2) continue;
      own.sort((a, b) => time[a] - time[b] || a - b);
      part[own[own.length - 1]] = 1;
      if (valUsers[u]) part[own[own.length - 2]] = 2;
    }
    return part;
  }
  if (split.kind === 'cold_start') {
    const active: number[] = [];
    for (let u = 0; u < nUsers; u++) if (start[u + 1] > start[u]) active.push(u);
    rng.shuffle(active);
    const nTest = Math.round(active.length * testFraction);
    const nVal = Math.round(active.length * valFraction);
    for (let k = 0; k < nTest + nVal; k++) {
      const u = active[k];
      for (let p = start[u]; p < start[u + 1]; p++) part[rows[p]] = k < nTest ? 1 : 2;
    }
    return part;
  }
  throw new CoreError(
    'bad_input',
    `unknown split kind "${(split as { kind: string }).kind}" (use random, temporal or cold_start)`
  );
}

/** Splits interactions; the result keeps the input's row order within each part. */
export function splitInteractions(opts: {
  interactions: Interactions;
  nUsers: number;
  split: SplitOptions;
}): InteractionSplit {
  const { interactions: x, nUsers, split } = opts;
  const part = assignRows(x, nUsers, split, split.seed ?? 0);
  const pick = (p: number) => {
    const idx: number[] = [];
    for (let r = 0; r < part.length; r++) if (part[r] === p) idx.push(r);
    return selectInteractionRows(x, Int32Array.from(idx));
  };
  const out: InteractionSplit = { train: pick(0), test: pick(1) };
  if ((split.validationFraction ?? 0) > 0) out.validation = pick(2);
  return out;
}

/** The split seed used when none is given: the dataset's own seed, else 0. */
export function defaultSplitSeed(ds: Pick<TelcoDataset, 'seed'>): number {
  return ds.seed ?? 0;
}
