import type { TelcoDataset } from '../data/schema.ts';
import type { TrainedModel } from '../model/model.ts';
import { CoreError, type Interactions } from '../types.ts';
import { onlinePolicy, type Exploration, type LearningStrategy } from './online.ts';
import { oraclePolicy, popularityPolicy, type Policy } from './policies.ts';
import { simulateCampaigns, type SimulateProgress, type SimulationResult } from './simulate.ts';
import { buildWorld, checkBrowserSize } from './world.ts';

/**
 * The Impact page's 12-month job: one run's model learning month by month under each strategy
 * (frozen, fit_partial, retrain, and fit_partial with exploration: ε-greedy when ε > 0, or Thompson sampling), beside
 * popularity and the oracle, in one paired simulation.
 */
export interface OnlineLabOptions {
  dataset: TelcoDataset;
  model: TrainedModel;
  /** Label of the run the model comes from. */
  runName: string;
  /** The adoptions the model was trained on (popularity counts them; retrain starts from them). */
  baseTrain: Interactions;
  strategies?: readonly LearningStrategy[];
  /** How the exploring variant explores. Default 'epsilon'. */
  exploration?: Exploration;
  /** ε of the ε-greedy variant; 0 = none. Default 0.1. */
  epsilon?: number;
  months?: number;
  replications?: number;
  topN?: number;
  segment?: number;
  seed: number;
  onProgress?: (p: SimulateProgress) => void;
  signal?: { readonly aborted: boolean };
  yieldControl?: () => Promise<void>;
}

export async function runOnlineLab(o: OnlineLabOptions): Promise<SimulationResult> {
  checkBrowserSize(o.dataset);
  const world = buildWorld(o.dataset);
  if (o.model.userIds.length !== world.nCustomers || o.model.itemIds.length !== world.nPlans) {
    throw new CoreError(
      'bad_model',
      `run "${o.runName}" was trained on ${o.model.userIds.length} customers × ${o.model.itemIds.length} plans, not this dataset's ${world.nCustomers} × ${world.nPlans}`
    );
  }
  const epsilon = o.epsilon ?? 0.1;
  const common = { model: o.model, baseTrain: o.baseTrain, seed: o.seed, signal: o.signal };
  const policies: Policy[] = [oraclePolicy(world)];
  for (const strategy of o.strategies ?? (['frozen', 'fit_partial', 'retrain'] as const)) {
    policies.push(onlinePolicy({ ...common, id: strategy, label: `${o.runName}: ${strategy}`, strategy }));
  }
  if (o.exploration === 'thompson') {
    policies.push(
      onlinePolicy({
        ...common,
        id: 'fit_partial+thompson',
        label: `${o.runName}: fit_partial, Thompson sampling`,
        strategy: 'fit_partial',
        exploration: 'thompson'
      })
    );
  } else if (epsilon > 0) {
    policies.push(
      onlinePolicy({
        ...common,
        id: `fit_partial+explore`,
        label: `${o.runName}: fit_partial, ε-greedy ε = ${epsilon}`,
        strategy: 'fit_partial',
        epsilon
      })
    );
  }
  policies.push(popularityPolicy(world, o.baseTrain));
  const targets =
    o.segment === undefined
      ? undefined
      : Int32Array.from({ length: world.nCustomers }, (_, c) => c).filter(
          (c) => world.segment[c] === o.segment
        );
  return simulateCampaigns({
    world,
    policies,
    targets,
    topN: o.topN,
    replications: o.replications ?? 3,
    months: o.months ?? 12,
    seed: o.seed,
    onProgress: o.onProgress,
    signal: o.signal,
    yieldControl: o.yieldControl
  });
}
