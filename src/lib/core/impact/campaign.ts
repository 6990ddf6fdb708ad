import { chooseByUtility, choiceNoise, gumbel } from '../data/choice.ts';
import { createRng, hashString } from '../data/rng.ts';
import { topN } from '../recommend/scoring.ts';
import type { ChoiceWorld, WorldState } from './world.ts';

/**
 * One month of one campaign: every targeted customer is offered the policy's top-N plans and
 * chooses among "stay on my current plan" and the offers with the generator's own rule
 * (chooseByUtility: true utility + noise · Gumbel, noise by the number of choices made so far).
 *
 * Offers leave out the plans the customer holds or held (the choice model never returns to
 * one) and plans whose published age limits exclude the customer (an operator would not offer
 * them; the limits are plan attributes, not hidden traits).
 */

/** Standard Gumbel noise for every customer × plan in replication r, month m: the same for every policy (common random numbers). */
export function monthNoise(
  world: ChoiceWorld,
  seed: number,
  replication: number,
  month: number
): Float64Array {
  const rng = createRng((seed ^ hashString(`noise:${replication}:${month}`)) >>> 0);
  const out = new Float64Array(world.nCustomers * world.nPlans);
  for (let k = 0; k < out.length; k++) out[k] = gumbel(rng.next());
  return out;
}

export interface OfferMonthOptions {
  world: ChoiceWorld;
  /** Mutated: current plan, held plans and choice counts of customers who accept. */
  state: WorldState;
  /** Policy scores, nCustomers × nPlans (higher = offered first); null = no offer. */
  scores: ArrayLike<number> | null;
  /** Customers offered to. */
  targets: Int32Array;
  /** Plans per offer. */
  topN: number;
  /** monthNoise for this replication and month. */
  noise: Float64Array;
  /** Adds 1 per offered plan (length nPlans), for coverage and concentration. */
  offerCounts?: Float64Array;
  /** Adds the number of distinct plan types in each offer to [0] and 1 per offer to [1] (diversity of the top-N). */
  typeTally?: Float64Array;
}

/** The plan each target accepted this month (−1: stayed), aligned with `targets`. */
export function offerMonth(opts: OfferMonthOptions): Int32Array {
  const { world, state, scores, targets, noise } = opts;
  const nP = world.nPlans;
  const accepted = new Int32Array(targets.length).fill(-1);
  if (scores === null) return accepted;
  const exclude = new Int32Array(nP);
  const candidates = new Int32Array(opts.topN + 1);
  for (let k = 0; k < targets.length; k++) {
    const c = targets[k],
      row = c * nP,
      current = state.current[c];
    if (current < 0) continue;
    let nEx = 0;
    for (let j = 0; j < nP; j++)
      if (state.held[row + j] || world.utilities[row + j] === -Infinity) exclude[nEx++] = j;
    const offers = topN({ scores, nItems: nP, user: c, n: opts.topN, exclude: exclude.subarray(0, nEx) });
    candidates[0] = current;
    candidates.set(offers, 1);
    if (opts.offerCounts) for (const j of offers) opts.offerCounts[j]++;
    if (opts.typeTally && offers.length > 0) {
      let types = 0;
      for (const j of offers) types |= 1 << world.planType[j];
      let distinct = 0;
      for (; types; types &= types - 1) distinct++;
      opts.typeTally[0] += distinct;
      opts.typeTally[1]++;
    }
    const chosen = chooseByUtility({
      utilities: world.utilities.subarray(row, row + nP),
      candidates,
      count: offers.length + 1,
      noise: choiceNoise(state.choices[c]),
      draw: (j) => noise[row + j]
    });
    if (chosen >= 0 && chosen !== current) {
      accepted[k] = chosen;
      state.current[c] = chosen;
      state.held[row + chosen] = 1;
      state.choices[c]++;
    }
  }
  return accepted;
}
