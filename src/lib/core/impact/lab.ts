import type { TelcoDataset } from '../data/schema.ts';
import { combineEnsemble, prepareEnsemble } from '../recommend/ensemble.ts';
import { revenueRerank } from '../recommend/revenue-rerank.ts';
import type { DeepModelParts } from '../recommend/tower-scoring.ts';
import { coldStartLabel, coldStartScores } from './cold-start-policy.ts';
import { CoreError, type Interactions } from '../types.ts';
import { offerConcentration, type OfferConcentration } from './concentration.ts';
import {
  fixedPolicy,
  noOfferPolicy,
  oraclePolicy,
  popularityPolicy,
  randomPolicy,
  type Policy
} from './policies.ts';
import { simulateCampaigns, type SimulateProgress, type SimulationResult } from './simulate.ts';
import { buildWorld, checkBrowserSize } from './world.ts';

/**
 * The Impact page's campaign job in one call (what its worker runs): the stored runs, their
 * equal-weight ensemble, the price re-rank at the chosen λ and along a λ grid (the frontier),
 * popularity, random, no offer and the oracle, all in ONE simulation so they share the noise.
 */

/** A trained run's scores for every customer × plan of the dataset. */
export interface LabModel {
  id: string;
  label: string;
  scores: ArrayLike<number>;
}

export interface ImpactLabOptions {
  dataset: TelcoDataset;
  models: readonly LabModel[];
  /** Training adoptions of the runs' split: popularity counts them. */
  train: Interactions;
  /** Segment code to target (default everybody). */
  segment?: number;
  topN?: number;
  replications?: number;
  seed: number;
  /** λ of the price re-rank shown in the table and marked on the frontier. */
  lambda: number;
  /** Also simulate the cold-start blend (every target treated as joining `days` ago). */
  coldStart?: { model: DeepModelParts | null; days: number; modelName?: string };
  /** λ grid of the frontier. Default [0, 0.25, 0.5, 1, 2, 4]. */
  lambdas?: readonly number[];
  onProgress?: (p: SimulateProgress) => void;
  signal?: { readonly aborted: boolean };
  yieldControl?: () => Promise<void>;
}

export interface FrontierPoint {
  lambda: number;
  /** Policy id in the simulation's results. */
  policy: string;
}

export interface ImpactLabResult {
  simulation: SimulationResult;
  /** What the re-rank and the frontier rank: one run, or the ensemble of all. */
  frontierBase: { id: string; label: string } | null;
  frontier: FrontierPoint[];
  lambda: number;
  concentration: Record<string, OfferConcentration>;
}

export const DEFAULT_LAMBDAS = [0, 0.25, 0.5, 1, 2, 4] as const;
export const rerankId = (lambda: number) => `rerank@${lambda}`;

export async function runImpactLab(opts: ImpactLabOptions): Promise<ImpactLabResult> {
  const { dataset, models } = opts;
  checkBrowserSize(dataset);
  const world = buildWorld(dataset);
  const size = world.nCustomers * world.nPlans;
  for (const m of models) {
    if (m.scores.length !== size)
      throw new CoreError(
        'bad_input',
        `run "${m.label}" has ${m.scores.length} scores; this dataset needs ${world.nCustomers} customers × ${world.nPlans} plans`
      );
  }
  const policies: Policy[] = [
    oraclePolicy(world),
    ...models.map((m) => fixedPolicy(m.id, m.label, m.scores))
  ];
  let base: { id: string; label: string; scores: ArrayLike<number> } | null = models[0] ?? null;
  if (models.length > 1) {
    const prepared = prepareEnsemble({ models: models.map((m) => m.scores), nItems: world.nPlans });
    base = {
      id: 'ensemble',
      label: `Ensemble of ${models.length} runs (equal weights)`,
      scores: combineEnsemble({ prepared, weights: models.map(() => 1) })
    };
    policies.push(fixedPolicy(base.id, base.label, base.scores));
  }
  const lambdas = [...new Set([...(opts.lambdas ?? DEFAULT_LAMBDAS), opts.lambda])].sort((a, b) => a - b);
  const frontier: FrontierPoint[] = [];
  if (base) {
    const prices = dataset.plans.map((p) => p.price);
    for (const lambda of lambdas) {
      const scores = revenueRerank({ scores: base.scores, nItems: world.nPlans, prices, lambda });
      policies.push(fixedPolicy(rerankId(lambda), `${base.label} re-ranked by price, λ = ${lambda}`, scores));
      frontier.push({ lambda, policy: rerankId(lambda) });
    }
  }
  if (opts.coldStart) {
    const { model, days, modelName } = opts.coldStart;
    policies.push(
      fixedPolicy(
        'cold-start',
        coldStartLabel(days, model ? (modelName ?? 'model') : null),
        coldStartScores({ dataset, model, days })
      )
    );
  }
  policies.push(popularityPolicy(world, opts.train), randomPolicy(world, opts.seed), noOfferPolicy());
  const targets =
    opts.segment === undefined
      ? undefined
      : Int32Array.from({ length: world.nCustomers }, (_, c) => c).filter(
          (c) => world.segment[c] === opts.segment
        );
  if (targets && targets.length === 0)
    throw new CoreError('bad_input', 'no customer is in the chosen segment');
  const simulation = await simulateCampaigns({
    world,
    policies,
    targets,
    topN: opts.topN,
    replications: opts.replications,
    seed: opts.seed,
    onProgress: opts.onProgress,
    signal: opts.signal,
    yieldControl: opts.yieldControl
  });
  return {
    simulation,
    frontier,
    lambda: opts.lambda,
    frontierBase: base && { id: base.id, label: base.label },
    concentration: Object.fromEntries(
      simulation.policies.map((p) => [p.id, offerConcentration(p.offerShare)])
    )
  };
}
