import { CoreError } from '../types.ts';
import { monthNoise, offerMonth } from './campaign.ts';
import { meanInterval, pairedInterval, type Estimate } from './interval.ts';
import { replicationOutcome, type ReplicationOutcome } from './outcome.ts';
import type { Policy, PolicyRun } from './policies.ts';
import { cloneState, type ChoiceWorld, type WorldState } from './world.ts';

/**
 * Offer campaigns, replicated: every policy faces the same customers with the same noise in
 * replication r (common random numbers), so differences between policies are paired.
 */

export interface SimulateProgress {
  replication: number;
  replications: number;
  month: number;
  months: number;
  /** In [0, 1]. */
  fraction: number;
}

export interface SimulateOptions {
  world: ChoiceWorld;
  policies: readonly Policy[];
  /** Customers offered to (default everybody). */
  targets?: Int32Array;
  /** Plans per offer. Default 3. */
  topN?: number;
  /** Seeded replications of the customers' noise. Default 20. */
  replications?: number;
  /** Monthly campaigns in a row. Default 1. */
  months?: number;
  seed: number;
  /** Policy id the paired differences are taken against. Default 'popularity' (skipped if absent). */
  baseline?: string;
  onProgress?: (p: SimulateProgress) => void;
  /** Checked between months; throws CoreError('aborted') when set. */
  signal?: { readonly aborted: boolean };
  /** Awaited between months, so a worker can see a cancel message. */
  yieldControl?: () => Promise<void>;
}

export interface PolicyResult {
  id: string;
  label: string;
  conversion: Estimate;
  revenuePerCustomer: Estimate;
  revenueChange: Estimate;
  benefitShare: Estimate;
  harmShare: Estimate;
  monthlyConversion: Estimate[];
  segmentConversion: Estimate[];
  segmentBenefit: Estimate[];
  /** Share of all offered slots that went to each plan (mean over replications). */
  offerShare: number[];
  /** Mean number of distinct plan types in one customer's offer (1 … N): the diversity of the top-N. NaN without offers. */
  typesPerOffer: number;
  /** Paired differences against the baseline policy (absent for the baseline itself). */
  vsBaseline?: { conversion: Estimate; revenueChange: Estimate; benefitShare: Estimate };
}

export interface SimulationResult {
  customers: number;
  topN: number;
  replications: number;
  months: number;
  seed: number;
  baseline?: string;
  policies: PolicyResult[];
}

export async function simulateCampaigns(opts: SimulateOptions): Promise<SimulationResult> {
  const { world, policies, seed } = opts;
  const topN = opts.topN ?? 3,
    R = opts.replications ?? 20,
    months = opts.months ?? 1;
  for (const [name, v, min] of [
    ['topN', topN, 1],
    ['replications', R, 1],
    ['months', months, 1]
  ] as const) {
    if (!Number.isInteger(v) || v < min)
      throw new CoreError('bad_input', `${name} must be an integer ≥ ${min}, got ${v}`);
  }
  if (new Set(policies.map((p) => p.id)).size !== policies.length)
    throw new CoreError('bad_input', 'policy ids must be distinct');
  const targets = opts.targets ?? Int32Array.from({ length: world.nCustomers }, (_, c) => c);
  const outcomes: ReplicationOutcome[][] = policies.map(() => []);
  const offerCounts = policies.map(() => new Float64Array(world.nPlans));
  const typeTallies = policies.map(() => new Float64Array(2));
  for (let r = 0; r < R; r++) {
    const states: WorldState[] = policies.map(() => cloneState(world.start));
    const runs: PolicyRun[] = policies.map((p) => p.start(r));
    const accepted: number[][] = policies.map(() => []);
    for (let m = 0; m < months; m++) {
      if (opts.yieldControl) await opts.yieldControl();
      if (opts.signal?.aborted) throw new CoreError('aborted', 'the simulation was cancelled');
      opts.onProgress?.({
        replication: r,
        replications: R,
        month: m,
        months,
        fraction: (r * months + m) / (R * months)
      });
      const noise = monthNoise(world, seed, r, m);
      for (let p = 0; p < policies.length; p++) {
        const scores = await runs[p].scores(m, states[p]);
        const offered = new Float64Array(world.nPlans);
        const got = offerMonth({
          world,
          state: states[p],
          scores,
          targets,
          topN,
          noise,
          offerCounts: offered,
          typeTally: typeTallies[p]
        });
        for (let j = 0; j < world.nPlans; j++) offerCounts[p][j] += offered[j];
        const who: number[] = [],
          what: number[] = [];
        got.forEach((j, k) => {
          if (j >= 0) {
            who.push(targets[k]);
            what.push(j);
          }
        });
        accepted[p].push(who.length);
        await runs[p].observe?.(m, {
          customers: Int32Array.from(who),
          plans: Int32Array.from(what),
          offered
        });
      }
    }
    policies.forEach((_, p) =>
      outcomes[p].push(
        replicationOutcome({
          world,
          start: world.start,
          final: states[p],
          targets,
          acceptedPerMonth: accepted[p]
        })
      )
    );
  }
  opts.onProgress?.({ replication: R, replications: R, month: months, months, fraction: 1 });
  const baseIndex = policies.findIndex((p) => p.id === (opts.baseline ?? 'popularity'));
  return {
    customers: targets.length,
    topN,
    replications: R,
    months,
    seed,
    baseline: baseIndex >= 0 ? policies[baseIndex].id : undefined,
    policies: policies.map((p, i) =>
      summarise(
        p,
        outcomes[i],
        offerCounts[i],
        typeTallies[i],
        baseIndex >= 0 && baseIndex !== i ? outcomes[baseIndex] : undefined
      )
    )
  };
}

function summarise(
  p: Policy,
  rows: ReplicationOutcome[],
  offers: Float64Array,
  types: Float64Array,
  base?: ReplicationOutcome[]
): PolicyResult {
  const col = (f: (o: ReplicationOutcome) => number) => rows.map(f);
  const est = (f: (o: ReplicationOutcome) => number) => meanInterval(col(f));
  const total = offers.reduce((a, b) => a + b, 0);
  const nSeg = rows[0].segmentConversion.length;
  return {
    id: p.id,
    label: p.label,
    conversion: est((o) => o.conversion),
    revenuePerCustomer: est((o) => o.revenuePerCustomer),
    revenueChange: est((o) => o.revenueChange),
    benefitShare: est((o) => o.benefitShare),
    harmShare: est((o) => o.harmShare),
    monthlyConversion: rows[0].monthlyConversion.map((_, m) => est((o) => o.monthlyConversion[m])),
    segmentConversion: Array.from({ length: nSeg }, (_, s) => est((o) => o.segmentConversion[s])),
    segmentBenefit: Array.from({ length: nSeg }, (_, s) => est((o) => o.segmentBenefit[s])),
    offerShare: Array.from(offers, (x) => (total > 0 ? x / total : 0)),
    typesPerOffer: types[1] > 0 ? types[0] / types[1] : NaN,
    vsBaseline: base && {
      conversion: pairedInterval(
        col((o) => o.conversion),
        base.map((o) => o.conversion)
      ),
      revenueChange: pairedInterval(
        col((o) => o.revenueChange),
        base.map((o) => o.revenueChange)
      ),
      benefitShare: pairedInterval(
        col((o) => o.benefitShare),
        base.map((o) => o.benefitShare)
      )
    }
  };
}
