import { createRng } from '../data/rng.ts';
import { quantileSorted } from '../eval/significance.ts';
import { groupByUser } from '../eval/user-rows.ts';
import { parseCsv } from '../data/parity-layout.ts';
import { topN } from '../recommend/scoring.ts';
import { CoreError, type Interactions } from '../types.ts';
import type { Estimate } from './interval.ts';

/**
 * Offline replay estimate, for datasets without a known choice model (imported data): the
 * standard replay (rejection) estimator on held-out adoptions. For every customer with an
 * adoption in the test split, a policy's top-N offer (leaving out the plans the customer
 * already holds in the train split) "converts" when it contains a plan the customer actually
 * adopted in the test split. Hit rate at N, and, where plan prices exist, the price of the
 * best-ranked offered plan the customer adopted (0 when none), averaged over those customers.
 * 95% percentile intervals come from a seeded bootstrap of customers, the same resamples for
 * every policy (so the paired differences against the baseline are paired).
 *
 * What it cannot say: the test adoptions were made without seeing any offer, so a hit means
 * "the offer agreed with what the customer did anyway", not "the offer caused it". It is a
 * ranking metric in campaign clothing, not a simulated campaign.
 */
export const REPLAY_ESTIMATE = 'offline replay' as const;

export const REPLAY_NOTE =
  'offline replay on held-out adoptions: an offer counts as converting when its top N contains a plan the customer adopted in the test split (adoptions made without any offer), so it measures agreement with what customers did anyway, not the effect of an offer';

export interface ReplayPolicy {
  id: string;
  label: string;
  /** nCustomers × nPlans (higher = offered first). */
  scores: ArrayLike<number>;
}

export interface ReplayOptions {
  nCustomers: number;
  nPlans: number;
  /** Plans the customers already hold: never offered. */
  train: Interactions;
  /** Held-out adoptions the offers are checked against. */
  test: Interactions;
  policies: readonly ReplayPolicy[];
  /** Plans per offer. Default 3. */
  topN?: number;
  /** Monthly price per plan; null/absent = the dataset has none, so no revenue is estimated. */
  prices?: readonly number[] | null;
  /** Bootstrap resamples of the customers. Default 1000. */
  bootstrap?: number;
  seed: number;
  /** Policy id the paired differences are taken against. Default 'popularity' (skipped if absent). */
  baseline?: string;
}

export interface ReplayPolicyResult {
  id: string;
  label: string;
  /** Share of test customers whose top-N contains a plan they adopted in the test split. */
  hitRate: Estimate;
  /** Mean price of the best-ranked offered plan each test customer adopted (0 when none); null without prices. */
  revenuePerCustomer: Estimate | null;
  /** Paired difference in hit rate against the baseline (absent for the baseline itself). */
  vsBaseline?: { hitRate: Estimate };
}

export interface ReplayResult {
  estimate: typeof REPLAY_ESTIMATE;
  /** Customers with at least one test adoption (the ones the estimate averages over). */
  customers: number;
  topN: number;
  bootstrap: number;
  seed: number;
  /** Whether plan prices existed (revenue estimated). */
  revenue: boolean;
  baseline?: string;
  policies: ReplayPolicyResult[];
}

/** Per test customer, per policy: hit (0/1) and the revenue of the hit. */
interface Outcomes {
  hits: Float64Array;
  revenue: Float64Array;
}

export function replayEstimate(o: ReplayOptions): ReplayResult {
  const { nCustomers: nC, nPlans: nP, policies, seed } = o;
  const N = o.topN ?? 3,
    B = o.bootstrap ?? 1000;
  if (!Number.isInteger(N) || N < 1)
    throw new CoreError('bad_input', `topN must be an integer ≥ 1, got ${N}`);
  if (!Number.isInteger(B) || B < 2)
    throw new CoreError('bad_input', `bootstrap must be an integer ≥ 2, got ${B}`);
  for (const p of policies) {
    if (p.scores.length !== nC * nP)
      throw new CoreError(
        'bad_input',
        `policy "${p.label}" has ${p.scores.length} scores; this dataset needs ${nC} customers × ${nP} plans`
      );
  }
  if (o.prices && o.prices.length !== nP)
    throw new CoreError('bad_input', `${o.prices.length} plan prices for ${nP} plans`);
  const held = groupByUser({ interactions: o.train, nUsers: nC, nItems: nP, label: 'train' });
  const adopted = groupByUser({ interactions: o.test, nUsers: nC, nItems: nP, label: 'test' });
  const customers: number[] = [];
  for (let c = 0; c < nC; c++) if (adopted.indptr[c + 1] > adopted.indptr[c]) customers.push(c);
  if (customers.length === 0)
    throw new CoreError(
      'bad_input',
      'the test split has no adoptions, so there is nothing to replay offers against'
    );
  const isAdopted = new Uint8Array(nP);
  const outcomes: Outcomes[] = policies.map(() => ({
    hits: new Float64Array(customers.length),
    revenue: new Float64Array(customers.length)
  }));
  customers.forEach((c, k) => {
    const tested = adopted.items.subarray(adopted.indptr[c], adopted.indptr[c + 1]);
    for (const j of tested) isAdopted[j] = 1;
    const exclude = held.items.subarray(held.indptr[c], held.indptr[c + 1]);
    policies.forEach((p, i) => {
      const offers = topN({ scores: p.scores, nItems: nP, user: c, n: N, exclude });
      const hit = offers.find((j) => isAdopted[j] === 1);
      if (hit !== undefined) {
        outcomes[i].hits[k] = 1;
        outcomes[i].revenue[k] = o.prices ? o.prices[hit] : 0;
      }
    });
    for (const j of tested) isAdopted[j] = 0;
  });
  // Every column (hits, revenue and paired hit differences of every policy) rides the same resamples.
  const baseIndex = policies.findIndex((p) => p.id === (o.baseline ?? 'popularity'));
  const columns: Float64Array[] = [];
  const column = (x: Float64Array) => columns.push(x) - 1;
  const slots = policies.map((_, i) => ({
    hits: column(outcomes[i].hits),
    revenue: o.prices ? column(outcomes[i].revenue) : -1,
    diff:
      baseIndex >= 0 && baseIndex !== i
        ? column(Float64Array.from(outcomes[i].hits, (h, k) => h - outcomes[baseIndex].hits[k]))
        : -1
  }));
  const est = bootstrapMeans(columns, B, seed);
  return {
    estimate: REPLAY_ESTIMATE,
    customers: customers.length,
    topN: N,
    bootstrap: B,
    seed,
    revenue: Boolean(o.prices),
    baseline: baseIndex >= 0 ? policies[baseIndex].id : undefined,
    policies: policies.map((p, i) => ({
      id: p.id,
      label: p.label,
      hitRate: est[slots[i].hits],
      revenuePerCustomer: slots[i].revenue >= 0 ? est[slots[i].revenue] : null,
      vsBaseline: slots[i].diff >= 0 ? { hitRate: est[slots[i].diff] } : undefined
    }))
  };
}

/**
 * Means of equally long columns with 95% percentile intervals over B bootstrap resamples of
 * their rows (rows drawn with replacement from the seed; every column sees the same draws).
 */
export function bootstrapMeans(columns: readonly ArrayLike<number>[], B: number, seed: number): Estimate[] {
  const n = columns[0]?.length ?? 0;
  const rng = createRng(seed);
  const means = columns.map(() => new Float64Array(B));
  const sums = new Float64Array(columns.length);
  for (let b = 0; b < B; b++) {
    sums.fill(0);
    for (let k = 0; k < n; k++) {
      const row = (rng.next() * n) | 0;
      for (let c = 0; c < columns.length; c++) sums[c] += columns[c][row];
    }
    for (let c = 0; c < columns.length; c++) means[c][b] = sums[c] / n;
  }
  return columns.map((col, c) => {
    let s = 0;
    for (let k = 0; k < n; k++) s += col[k];
    const sorted = means[c].sort();
    return { mean: s / n, ci: [quantileSorted(sorted, 0.025), quantileSorted(sorted, 0.975)] };
  });
}

/**
 * Plan prices of an imported parity layout from its optional plans.csv (columns id and price,
 * as `generate` and the telco-5k folder write it), in the order of `itemIds`. Throws naming the
 * file and line on a missing plan or a price that is not a number ≥ 0.
 */
export function pricesFromPlansCsv(text: string, itemIds: readonly string[], file = 'plans.csv'): number[] {
  const table = parseCsv(text, file);
  const idCol = table.header.indexOf('id'),
    priceCol = table.header.indexOf('price');
  if (idCol < 0 || priceCol < 0)
    throw new CoreError(
      'bad_input',
      `${file}: needs columns "id" and "price", found ${table.header.join(', ')}`
    );
  const byId = new Map<string, number>();
  for (const { line, cells } of table.rows) {
    const raw = cells[priceCol]?.trim() ?? '',
      price = Number(raw);
    if (raw === '' || !(price >= 0) || !Number.isFinite(price))
      throw new CoreError('bad_input', `${file} line ${line}: price "${raw}" is not a number ≥ 0`);
    byId.set(cells[idCol], price);
  }
  return itemIds.map((id) => {
    const p = byId.get(id);
    if (p === undefined)
      throw new CoreError('bad_input', `${file}: no row for plan "${id}" (items.csv lists it)`);
    return p;
  });
}
