import { createRng } from '../data/rng.ts';
import { buildFeatureMatrix } from '../features/matrix.ts';
import type { Interactions, TrainTestData } from '../types.ts';

/** (user, item) pairs as interactions of weight 1. */
export function interactions(pairs: ReadonlyArray<readonly [number, number]>): Interactions {
  return {
    userIdx: Int32Array.from(pairs, (p) => p[0]),
    itemIdx: Int32Array.from(pairs, (p) => p[1]),
    weight: new Float32Array(pairs.length).fill(1)
  };
}

export interface FixtureWorld {
  userIds: string[];
  itemIds: string[];
  /** Each user's feature names, beside its identity column ("user:<id>"). */
  userFeatures: string[][];
  /** Each item's feature names, beside its identity column (`itemPrefix` + id). */
  itemFeatures: string[][];
  /** Default 'item:'. */
  itemPrefix?: string;
  train: ReadonlyArray<readonly [number, number]>;
  test: ReadonlyArray<readonly [number, number]>;
}

/** A train/test dataset for the model's tests from ids, feature names and (user, item) pairs. */
export function fixtureData(w: FixtureWorld): TrainTestData {
  const uf = buildFeatureMatrix({ ids: w.userIds, features: w.userFeatures, identityPrefix: 'user:' });
  const itf = buildFeatureMatrix({
    ids: w.itemIds,
    features: w.itemFeatures,
    identityPrefix: w.itemPrefix ?? 'item:'
  });
  return {
    space: {
      userIds: w.userIds,
      itemIds: w.itemIds,
      userFeatureNames: uf.names,
      itemFeatureNames: itf.names,
      userFeatures: uf.matrix,
      itemFeatures: itf.matrix
    },
    train: interactions(w.train),
    test: interactions(w.test)
  };
}

/**
 * A small synthetic world with structure features can explain: users in segment A like items
 * 0..nItems/2, segment B the rest. Each user has 3 positives, one held out for test.
 */
export function syntheticData(nUsers: number, nItems: number, seed: number): TrainTestData {
  const rng = createRng(seed);
  const userIds = Array.from({ length: nUsers }, (_, u) => `u${u}`);
  const itemIds = Array.from({ length: nItems }, (_, i) => `i${i}`);
  const half = Math.ceil(nItems / 2);
  const tr: Array<[number, number]> = [];
  const te: Array<[number, number]> = [];
  for (let u = 0; u < nUsers; u++) {
    const seg = u % 2;
    const pool =
      seg === 0
        ? Array.from({ length: half }, (_, i) => i)
        : Array.from({ length: nItems - half }, (_, i) => half + i);
    rng.shuffle(pool);
    const take = pool.slice(0, Math.min(3, pool.length));
    take.forEach((i, k) => (k === 0 && take.length > 1 ? te : tr).push([u, i]));
  }
  return fixtureData({
    userIds,
    itemIds,
    userFeatures: userIds.map((_, u) => [`segment:${u % 2 ? 'B' : 'A'}`]),
    itemFeatures: itemIds.map((_, i) => [`half:${i < half ? 'low' : 'high'}`]),
    train: tr,
    test: te
  });
}
