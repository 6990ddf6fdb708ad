// Test-only helper (named *.test.ts so the core type-check and the bundle skip it): a small
// random hybrid model over a LightFM-style feature space.
import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng.ts';
import { buildFeatureMatrix } from '../features/matrix.ts';
import type { FactorWeights, FeatureSpace } from '../types.ts';

export function randomModel(
  seed: number,
  nUsers = 30,
  nItems = 8,
  components = 6
): { space: FeatureSpace; weights: FactorWeights } {
  const rng = createRng(seed);
  const userIds = Array.from({ length: nUsers }, (_, u) => `C${u}`);
  const itemIds = Array.from({ length: nItems }, (_, i) => `P${i}`);
  const segs = ['residential', 'business', 'premium'];
  const users = buildFeatureMatrix({
    ids: userIds,
    identityPrefix: 'user:',
    features: userIds.map(() => [
      `segment:${segs[rng.int(3)]}`,
      ['data_intensity', 0.2 + rng.next()] as const,
      ...(rng.chance(0.5) ? ['lines:multi'] : [])
    ])
  });
  const items = buildFeatureMatrix({
    ids: itemIds,
    identityPrefix: 'plan:',
    features: itemIds.map(() => [
      `type:${['prepaid', 'postpaid', 'family'][rng.int(3)]}`,
      `price_tier:${rng.int(3)}`,
      ...(rng.chance(0.5) ? ['bundle:video'] : [])
    ])
  });
  const w = (n: number) => Float32Array.from({ length: n }, () => rng.normal() * 0.5);
  return {
    space: {
      userIds,
      itemIds,
      userFeatureNames: users.names,
      itemFeatureNames: items.names,
      userFeatures: users.matrix,
      itemFeatures: items.matrix
    },
    weights: {
      components,
      userEmbeddings: w(users.names.length * components),
      userBiases: w(users.names.length),
      itemEmbeddings: w(items.names.length * components),
      itemBiases: w(items.names.length)
    }
  };
}

describe('randomModel helper', () => {
  it('builds a consistent space', () => {
    const { space, weights } = randomModel(1);
    expect(weights.userEmbeddings.length).toBe(space.userFeatureNames.length * weights.components);
  });
});
