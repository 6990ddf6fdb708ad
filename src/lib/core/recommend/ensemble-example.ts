/**
 * The Docs page's ensemble worked example, computed with the app's own normalisation: one
 * customer, four plans, two models on very different scales, mixed with equal weights after
 * z-score and after rank normalisation. The component only renders what this returns.
 */
import { normaliseScores, type Normalisation } from './normalise';

export interface EnsembleWorkedExample {
  plans: string[];
  warp: number[];
  logistic: number[];
  z: { warp: number[]; logistic: number[]; blend: number[] };
  rank: { warp: number[]; logistic: number[]; blend: number[] };
  /** The top plan of each model alone and of each blend. */
  top: { warp: string; logistic: string; z: string; rank: string };
  /** Plans tied at the top of the rank blend (more than one = a tie). */
  rankTies: string[];
  rankTop: number;
}

const blend = (a: number[], b: number[]) => a.map((x, k) => 0.5 * x + 0.5 * b[k]);

export function ensembleWorkedExample(): EnsembleWorkedExample {
  const plans = ['Data 30', 'Unlimited Max', 'Family 4', 'Prepaid 5'];
  const warp = [2.1, 1.9, -0.5, -3.0];
  const logistic = [0.62, 0.7, 0.55, 0.1];
  const norm = (s: number[], method: Normalisation) =>
    Array.from(normaliseScores({ scores: s, nItems: s.length, method }));
  const top = (s: number[]) => plans[s.indexOf(Math.max(...s))];
  const z = { warp: norm(warp, 'zscore'), logistic: norm(logistic, 'zscore'), blend: [] as number[] };
  z.blend = blend(z.warp, z.logistic);
  const rank = { warp: norm(warp, 'rank'), logistic: norm(logistic, 'rank'), blend: [] as number[] };
  rank.blend = blend(rank.warp, rank.logistic);
  const rankTop = Math.max(...rank.blend);
  return {
    plans,
    warp,
    logistic,
    z,
    rank,
    top: { warp: top(warp), logistic: top(logistic), z: top(z.blend), rank: top(rank.blend) },
    rankTies: plans.filter((_, k) => rank.blend[k] === rankTop),
    rankTop
  };
}
