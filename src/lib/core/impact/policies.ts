import { createRng, hashString } from '../data/rng.ts';
import { popularityScores } from '../eval/popularity.ts';
import type { Interactions } from '../types.ts';
import type { ChoiceWorld, WorldState } from './world.ts';

/** New adoptions of one month, for policies that learn online. */
export interface MonthAdoptions {
  customers: Int32Array;
  plans: Int32Array;
  /** Times each plan was offered this month (accepted or not): what an exploring policy has observed. */
  offered?: Float64Array;
}

/** A policy within one replication: scores each month, optionally learns from what was accepted. */
export interface PolicyRun {
  /** nCustomers × nPlans scores (higher = offered first), or null for "no offer". */
  scores(month: number, state: WorldState): ArrayLike<number> | null | Promise<ArrayLike<number> | null>;
  /** Called after each month with the offers accepted in it. */
  observe?(month: number, adoptions: MonthAdoptions): void | Promise<void>;
}

export interface Policy {
  /** Key in the results, e.g. "warp", "popularity". */
  id: string;
  /** What the page shows. */
  label: string;
  /** A fresh run for replication r (seeded from r, so replications are independent). */
  start(replication: number): PolicyRun;
}

/** Fixed scores every month (a trained run, an ensemble, a re-rank, popularity). */
export function fixedPolicy(id: string, label: string, scores: ArrayLike<number>): Policy {
  return { id, label, start: () => ({ scores: () => scores }) };
}

/** "No offer": nobody is contacted, so nobody converts (by definition). */
export function noOfferPolicy(): Policy {
  return { id: 'none', label: 'No offer', start: () => ({ scores: () => null }) };
}

/** The ceiling: offers by the true utility the customers choose with (no policy can know it). */
export function oraclePolicy(world: ChoiceWorld): Policy {
  return fixedPolicy('oracle', 'Oracle (true utility)', world.utilities);
}

/** The most-adopted plans in `train` for everybody (eval/popularity.ts's baseline). */
export function popularityPolicy(world: ChoiceWorld, train: Interactions): Policy {
  return fixedPolicy('popularity', 'Popularity', popularityScores(train, world.nCustomers, world.nPlans));
}

/** Uniformly random offers, drawn afresh per replication and month from the seed. */
export function randomPolicy(world: ChoiceWorld, seed: number): Policy {
  return {
    id: 'random',
    label: 'Random',
    start: (r) => ({
      scores: (m) => {
        const rng = createRng((seed ^ hashString(`random:${r}:${m}`)) >>> 0);
        return Float32Array.from({ length: world.nCustomers * world.nPlans }, () => rng.next());
      }
    })
  };
}
