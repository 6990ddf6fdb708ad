import { describe, expect, it } from 'vitest';
import { buildFeatureMatrix } from '../features/matrix.ts';
import type { FeatureSpace } from '../types.ts';
import { blendColdStart, featureSimilarity, similarityReason } from './feature-similarity.ts';
import { interactions as inter } from '../model/synthetic-fixture.ts';

// Four customers, three items; the hand computation is in the comments.
const users = buildFeatureMatrix({
  ids: ['u0', 'u1', 'u2', 'u3'],
  features: [
    [
      ['contract:Two year', 1],
      ['gender:F', 1]
    ],
    [
      ['contract:Two year', 1],
      ['gender:M', 1]
    ],
    [
      ['contract:Month', 1],
      ['gender:F', 1]
    ],
    [
      ['contract:Two year', 1],
      ['gender:F', 1],
      ['tenure:scaled', 0.4]
    ]
  ],
  identityPrefix: 'user:'
});
const items = buildFeatureMatrix({ ids: ['A', 'B', 'C'], features: [[], [], []], identityPrefix: 'item:' });
const space: FeatureSpace = {
  userIds: ['u0', 'u1', 'u2', 'u3'],
  itemIds: ['A', 'B', 'C'],
  userFeatureNames: users.names,
  itemFeatureNames: items.names,
  userFeatures: users.matrix,
  itemFeatures: items.matrix
};
// Train: u0 → A, B; u1 → A; u2 → C; u3 → B. (u3 → C is held out and must not count.)
const train = inter([
  [0, 0],
  [0, 1],
  [1, 0],
  [2, 2],
  [3, 1]
]);

describe('cold start by feature similarity (co-occurrence on the train split)', () => {
  it('scores items by the mean adoption rate of customers sharing each profile feature', () => {
    const r = featureSimilarity({
      space,
      train,
      features: ['contract:Two year', 'gender:F', 'tenure:scaled']
    });
    // contract:Two year → u0, u1, u3: A 2/3, B 2/3, C 0.   gender:F → u0, u2, u3: A 1/3, B 2/3, C 1/3.
    // Means: A (2/3 + 1/3)/2 = 1/2, B (2/3 + 2/3)/2 = 2/3, C (0 + 1/3)/2 = 1/6. tenure:scaled is not shared.
    expect(Array.from(r.scores)).toEqual([0.5, 2 / 3, 1 / 6].map((x) => expect.closeTo(x, 12)));
    expect(r.best[0]).toEqual({ feature: 'contract:Two year', customers: 3, adopters: 2, rate: 2 / 3 });
    expect(r.best[2]).toEqual({ feature: 'gender:F', customers: 3, adopters: 1, rate: 1 / 3 });
    expect(similarityReason(r.best[0]!)).toBe(
      'adopted by 67% of training customers with contract:Two year (2 of 3)'
    );
    expect(r.unseen).toEqual([]);
  });

  it('leaves a feature no training customer has out of the mean, and says so', () => {
    const r = featureSimilarity({ space, train, features: ['gender:F', 'contract:Three year'] });
    expect(Array.from(r.scores)).toEqual([1 / 3, 2 / 3, 1 / 3].map((x) => expect.closeTo(x, 12)));
    expect(r.unseen).toEqual(['contract:Three year']);
    expect(featureSimilarity({ space, train, features: [] }).best).toEqual([null, null, null]);
  });

  it('blends half model, half similarity on z-scores', () => {
    // z([1, 0, −1]) = [1.2247, 0, −1.2247]; z([1/2, 2/3, 1/6]) = [0.2673, 1.0690, −1.3363].
    const b = blendColdStart([1, 0, -1], [0.5, 2 / 3, 1 / 6]);
    expect(Array.from(b, (x) => +x.toFixed(4))).toEqual([0.746, 0.5345, -1.2805]);
    expect(Array.from(blendColdStart([3, 3, 3], [1, 1, 1]))).toEqual([0, 0, 0]);
  });
});
