import { createRng } from '../data/rng.ts';
import { buildFeatureMatrix } from '../features/matrix.ts';
import type { TrainTestData } from '../types.ts';

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
  const uf = buildFeatureMatrix({
    ids: userIds,
    features: userIds.map((_, u) => [`segment:${u % 2 ? 'B' : 'A'}`]),
    identityPrefix: 'user:'
  });
  const itf = buildFeatureMatrix({
    ids: itemIds,
    features: itemIds.map((_, i) => [`half:${i < half ? 'low' : 'high'}`]),
    identityPrefix: 'item:'
  });
  const inter = (p: Array<[number, number]>) => ({
    userIdx: Int32Array.from(p.map((x) => x[0])),
    itemIdx: Int32Array.from(p.map((x) => x[1])),
    weight: new Float32Array(p.length).fill(1)
  });
  return {
    space: {
      userIds,
      itemIds,
      userFeatureNames: uf.names,
      itemFeatureNames: itf.names,
      userFeatures: uf.matrix,
      itemFeatures: itf.matrix
    },
    train: inter(tr),
    test: inter(te)
  };
}
