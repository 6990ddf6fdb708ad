import { UTILITY_MODEL } from './utility.ts';

/**
 * The customers' choice rule, shared by the generator (which draws the adoptions) and the
 * impact simulator (which replays offers against the same customers): among the candidate
 * plans the customer takes the one with the highest true utility + noise · Gumbel. Keeping it
 * in one place is what makes a simulated campaign answer to the model that made the data.
 */

/** A standard Gumbel draw from a uniform in [0, 1) (0 is mapped to the smallest positive double's log). */
export function gumbel(uniform: number): number {
  return -Math.log(-Math.log(uniform || 1e-300));
}

/**
 * Noise scale of a customer's k-th choice (k = 0 is the signup): signupNoise · noiseDecay^k,
 * by repeated multiplication, as the generator has always computed it (same bits).
 */
export function choiceNoise(k: number): number {
  let noise: number = UTILITY_MODEL.signupNoise;
  for (let i = 0; i < k; i++) noise *= UTILITY_MODEL.noiseDecay;
  return noise;
}

export interface ChooseOptions {
  /** True utility of every plan for this customer (−∞ = not eligible). */
  utilities: ArrayLike<number>;
  /** Plan indices the customer chooses among, in the order their noise is drawn. */
  candidates: ArrayLike<number>;
  /** How many candidates to read from `candidates` (default all). */
  count?: number;
  /** Noise scale (choiceNoise). */
  noise: number;
  /** Standard Gumbel noise of candidate plan j, called once per candidate in order. */
  draw: (plan: number) => number;
}

/** The chosen plan: argmax over candidates of utility + noise · Gumbel; −1 when none is eligible. Ties go to the earlier candidate. */
export function chooseByUtility(opts: ChooseOptions): number {
  const { utilities, candidates, noise, draw } = opts;
  const n = opts.count ?? candidates.length;
  let best = -1,
    bestValue = -Infinity;
  for (let k = 0; k < n; k++) {
    const j = candidates[k];
    if (utilities[j] === -Infinity) continue;
    const v = utilities[j] + noise * draw(j);
    if (v > bestValue) {
      bestValue = v;
      best = j;
    }
  }
  return best;
}
