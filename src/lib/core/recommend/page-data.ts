import type { Adoptions, Plan, TelcoDataset } from '../data/schema.ts';
import type { CsrMatrix, Interactions } from '../types.ts';
import { CoreError } from '../types.ts';
import type { CustomerProfile } from '../features/profile.ts';
import type { ColdStartProfile } from './content-rules.ts';
import type { SparseRow } from './scoring.ts';
import { scoringItems, scoringUser, scoreUserRow, type DeepModelParts } from './tower-scoring.ts';

/**
 * Small pure helpers for the Recommend page: current plans, the customer search, features-only
 * rows for held-out customers, and re-indexing held-out customers for cold-start evaluation.
 */

/**
 * What the Recommend page shows of a dataset: the catalogue, customer ids and segments (the
 * picker) and each customer's current plan. The recommend worker builds it, so the page never
 * holds (or decodes) the usage and adoption tables.
 */
export interface RecommendView {
  name: string;
  plans: Plan[];
  customers: { ids: string[]; segment: Uint8Array };
  /** Each customer's latest adopted plan, −1 when none (latestPlans). */
  currentPlans: Int32Array;
}

export function recommendView(ds: TelcoDataset): RecommendView {
  const n = ds.customers.ids.length;
  return {
    name: ds.name,
    plans: ds.plans,
    customers: { ids: ds.customers.ids, segment: ds.customers.segment.slice() },
    currentPlans: latestPlans(ds.adoptions, n)
  };
}

/** Each customer's latest adopted plan (largest day; a later row wins a tie), −1 when none. */
export function latestPlans(adoptions: Adoptions, nCustomers: number): Int32Array {
  const plan = new Int32Array(nCustomers).fill(-1);
  const day = new Float64Array(nCustomers).fill(-Infinity);
  for (let r = 0; r < adoptions.customerIdx.length; r++) {
    const c = adoptions.customerIdx[r];
    if (!(c >= 0 && c < nCustomers))
      throw new CoreError(
        'bad_input',
        `adoption ${r} names customer index ${c}, outside 0..${nCustomers - 1}`
      );
    if (adoptions.day[r] >= day[c]) {
      day[c] = adoptions.day[r];
      plan[c] = adoptions.planIdx[r];
    }
  }
  return plan;
}

export interface SearchCustomersOptions {
  ids: readonly string[];
  /** Segment code per customer. */
  segments: ArrayLike<number>;
  /** Case-insensitive substring of the id; empty = any. */
  query: string;
  /** Segment code to keep, or null for all. */
  segment: number | null;
  /** At most this many results (in index order). Default 50. */
  limit?: number;
}

/** Customer indices whose id contains the query, in the chosen segment; an exact id match comes first. */
export function searchCustomers(opts: SearchCustomersOptions): number[] {
  const q = opts.query.trim().toLowerCase();
  const limit = opts.limit ?? 50;
  const out: number[] = [];
  let exact = -1;
  for (let c = 0; c < opts.ids.length; c++) {
    if (opts.segment !== null && opts.segments[c] !== opts.segment) continue;
    const id = opts.ids[c].toLowerCase();
    if (q && id === q) exact = c;
    else if (out.length < limit && (!q || id.includes(q))) out.push(c);
    if (out.length >= limit && (exact >= 0 || !q)) break;
  }
  if (exact >= 0) {
    out.unshift(exact);
    if (out.length > limit) out.pop();
  }
  return out;
}

/**
 * A known customer's feature row without identity columns (names starting with `identityPrefix`):
 * how the model would see them as a brand-new customer. Null when nothing is left.
 */
export function featuresOnlyRow(
  features: CsrMatrix,
  names: readonly string[],
  row: number,
  identityPrefix = 'user:'
): SparseRow | null {
  if (!(row >= 0 && row < features.nRows))
    throw new CoreError('bad_input', `row ${row} is outside 0..${features.nRows - 1}`);
  const indices: number[] = [];
  const values: number[] = [];
  for (let p = features.indptr[row]; p < features.indptr[row + 1]; p++) {
    const f = features.indices[p];
    if ((names[f] ?? '').startsWith(identityPrefix)) continue;
    indices.push(f);
    values.push(features.values[p]);
  }
  return indices.length === 0
    ? null
    : { indices: Int32Array.from(indices), values: Float64Array.from(values) };
}

/**
 * Scores of the given customers (rows of the model's user features) as if they were new: identity
 * dropped, the rest re-normalised, towers applied. users.length × nItems, row-major.
 */
export function featuresOnlyScores(parts: DeepModelParts, users: ArrayLike<number>): Float32Array {
  const items = scoringItems(parts);
  const N = items.nRows;
  const out = new Float32Array(users.length * N);
  for (let k = 0; k < users.length; k++) {
    const row = featuresOnlyRow(parts.space.userFeatures, parts.space.userFeatureNames, users[k]);
    if (!row) {
      throw new CoreError(
        'no_features',
        `customer row ${users[k]} has only an identity feature: choose a model trained with customer features`
      );
    }
    out.set(scoreUserRow(scoringUser(parts, row), items), k * N);
  }
  return out;
}

/** The distinct users of some interactions (ascending) and the interactions re-indexed to 0..n−1. */
export function compactUsers(x: Interactions): { users: Int32Array; interactions: Interactions } {
  const users = Int32Array.from(new Set(x.userIdx)).sort();
  const pos = new Map<number, number>();
  users.forEach((u, k) => pos.set(u, k));
  return {
    users,
    interactions: { ...x, userIdx: Int32Array.from(x.userIdx, (u) => pos.get(u)!) }
  };
}

/** The cold-start form's profile as the feature encoder's profile (days → months at 30.4 a month). */
export function featureProfile(p: ColdStartProfile): CustomerProfile {
  return {
    segment: p.segment,
    dataGb: p.dataGb,
    voiceMinutes: p.voiceMinutes,
    sms: p.sms,
    lines: p.lines,
    tenureMonths: p.daysSinceJoining / 30.4
  };
}

/** Interactions of the given users only, re-indexed to their position in `users`. */
export function selectUsers(x: Interactions, users: ArrayLike<number>): Interactions {
  const pos = new Map<number, number>();
  for (let k = 0; k < users.length; k++) pos.set(users[k], k);
  const rows: number[] = [];
  for (let r = 0; r < x.userIdx.length; r++) if (pos.has(x.userIdx[r])) rows.push(r);
  return {
    userIdx: Int32Array.from(rows, (r) => pos.get(x.userIdx[r])!),
    itemIdx: Int32Array.from(rows, (r) => x.itemIdx[r]),
    weight: Float32Array.from(rows, (r) => x.weight[r])
  };
}
