import { SEGMENTS } from '../data/schema.ts';
import type { ChoiceWorld, WorldState } from './world.ts';

/**
 * What one replication of one policy did to the targeted customers, comparing where they end
 * up with where they started. Benefit is judged by the TRUE utility (no noise): a customer who
 * accepted a plan they are worse off on counts in harmShare, so revenue won by mis-selling shows.
 */
export interface ReplicationOutcome {
  /** Share of targets who accepted at least one offer. */
  conversion: number;
  /** Mean monthly bill of the targets on their final plan. */
  revenuePerCustomer: number;
  /** Mean change of the monthly bill against staying put ("no offer"). */
  revenueChange: number;
  /** Share of targets now on a plan with higher true utility than their starting plan. */
  benefitShare: number;
  /** Share of targets now on a plan with lower true utility (accepted a worse deal). */
  harmShare: number;
  /** Share of targets accepting in each month. */
  monthlyConversion: number[];
  /** Per segment (SEGMENTS order): conversion and benefit share (NaN where no target). */
  segmentConversion: number[];
  segmentBenefit: number[];
}

export function replicationOutcome(opts: {
  world: ChoiceWorld;
  start: WorldState;
  final: WorldState;
  targets: Int32Array;
  acceptedPerMonth: number[];
}): ReplicationOutcome {
  const { world, start, final, targets } = opts;
  const nP = world.nPlans,
    n = targets.length;
  const segN = new Float64Array(SEGMENTS.length),
    segConv = new Float64Array(SEGMENTS.length),
    segBen = new Float64Array(SEGMENTS.length);
  let converted = 0,
    revenue = 0,
    change = 0,
    better = 0,
    worse = 0;
  for (const c of targets) {
    const a = start.current[c],
      b = final.current[c];
    if (a < 0) continue;
    const s = world.segment[c];
    segN[s]++;
    revenue += world.bills[c * nP + b];
    change += world.bills[c * nP + b] - world.bills[c * nP + a];
    if (a !== b) {
      converted++;
      segConv[s]++;
    }
    const du = world.utilities[c * nP + b] - world.utilities[c * nP + a];
    if (du > 0) {
      better++;
      segBen[s]++;
    } else if (du < 0) worse++;
  }
  const share = (x: number, d: number) => (d > 0 ? x / d : NaN);
  return {
    conversion: share(converted, n),
    revenuePerCustomer: share(revenue, n),
    revenueChange: share(change, n),
    benefitShare: share(better, n),
    harmShare: share(worse, n),
    monthlyConversion: opts.acceptedPerMonth.map((a) => share(a, n)),
    segmentConversion: Array.from(segConv, (x, s) => share(x, segN[s])),
    segmentBenefit: Array.from(segBen, (x, s) => share(x, segN[s]))
  };
}
