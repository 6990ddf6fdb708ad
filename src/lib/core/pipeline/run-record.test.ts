import { describe, expect, it } from 'vitest';
import { storedRunSummary, type LabRunWithWeights } from './run-record';

describe('storedRunSummary (what the training worker sends the page of a run it stored)', () => {
  it('carries no per-customer list: no customer ids, feature names, weights, scores or per-customer values', () => {
    const userIds = Array.from({ length: 1000 }, (_, k) => `C${k}`);
    const run = {
      id: 'r',
      name: 'WARP',
      createdAt: 1,
      status: 'done',
      config: { loss: 'warp' },
      curves: [],
      metrics: { 'precision@5': 0.2 },
      datasetId: 'd',
      datasetName: 'synthetic',
      fitMs: 5,
      manifest: {
        seed: 3,
        userIds,
        itemIds: ['P1'],
        userFeatureNames: [...userIds.map((id) => `user:${id}`), 'segment:young'],
        itemFeatureNames: ['item:P1']
      },
      weights: new ArrayBuffer(8),
      scores: new Float32Array(4),
      perUser: { users: new Int32Array(2), values: {} }
    } as unknown as LabRunWithWeights;
    const summary = storedRunSummary(run);
    const manifest = summary.manifest as unknown as Record<string, unknown>;
    expect(manifest.userIds).toBeUndefined();
    expect(manifest.userFeatureNames).toBeUndefined();
    expect([manifest.seed, manifest.itemIds, manifest.itemFeatureNames]).toEqual([3, ['P1'], ['item:P1']]);
    expect(summary.scoresLength).toBe(4);
    for (const key of ['weights', 'scores', 'perUser']) expect(key in summary).toBe(false);
  });
});
