import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { parseParityLayout } from '../data/parity-layout.ts';
import { ablationVariants } from '../pipeline/ablation.ts';
import { prepareTrainingData, runTraining } from '../pipeline/run-training.ts';
import type { TrainTestData } from '../types.ts';
import {
  allImportedGroups,
  featureGroupOf,
  importedFeatureGroups,
  OTHER_GROUP,
  selectImportedFeatures
} from './imported-groups.ts';

const root = fileURLToPath(new URL('../../../../test/fixtures/parity/telco-5k/', import.meta.url));
const read = (f: string) => readFileSync(root + f, 'utf8');
const telco5k: TrainTestData = parseParityLayout({
  train: read('train.csv'),
  test: read('test.csv'),
  users: read('users.csv'),
  items: read('items.csv'),
  userFeatures: read('user_features.csv'),
  itemFeatures: read('item_features.csv')
});

/** Each row's values sum to 1 (LightFM's row normalisation). */
function rowSums(m: TrainTestData['space']['userFeatures']): number[] {
  return Array.from({ length: m.nRows }, (_, r) =>
    m.values.subarray(m.indptr[r], m.indptr[r + 1]).reduce((a, b) => a + b, 0)
  );
}

describe('feature groups of an imported dataset come from its own feature names', () => {
  it('groups by the text before the first ":" or "="', () => {
    expect(featureGroupOf('segment:business')).toBe('segment');
    expect(featureGroupOf('region=north')).toBe('region');
    expect(featureGroupOf('tenure=12:x')).toBe('tenure');
    expect(featureGroupOf('vip')).toBe(OTHER_GROUP);
    expect(featureGroupOf(':odd')).toBe(OTHER_GROUP);
  });

  it('telco-5k: the groups are its user_features/item_features prefixes, identity columns left out', () => {
    const g = importedFeatureGroups(telco5k.space);
    expect(g.customer.map((x) => x.id).sort()).toEqual([
      'age',
      'call_intensity',
      'data_intensity',
      'lines',
      'segment',
      'sms_intensity',
      'tenure'
    ]);
    expect(g.plan.map((x) => x.id).sort()).toEqual(['bundle', 'data_tier', 'plan_type', 'price_tier']);
    expect(g.customer.find((x) => x.id === 'segment')!.features).toEqual(
      ['segment:business', 'segment:residential', 'segment:premium'].filter((f) =>
        telco5k.space.userFeatureNames.includes(f)
      )
    );
    const sideColumns = telco5k.space.userFeatureNames.length - telco5k.space.userIds.length;
    expect(g.customer.reduce((n, x) => n + x.features.length, 0)).toBe(sideColumns);
  });

  it('a selection keeps identity plus the chosen groups, minus excluded names, rows normalised again', () => {
    const out = selectImportedFeatures(telco5k, {
      customer: ['segment', 'lines'],
      plan: [],
      exclude: ['segment:premium']
    });
    const nU = telco5k.space.userIds.length;
    const names = out.space.userFeatureNames;
    expect(names.slice(0, nU)).toEqual(telco5k.space.userFeatureNames.slice(0, nU));
    expect(new Set(names.slice(nU).map(featureGroupOf))).toEqual(new Set(['segment', 'lines']));
    expect(names).not.toContain('segment:premium');
    expect(out.space.itemFeatureNames).toEqual(telco5k.space.itemIds.map((id) => `item:${id}`));
    for (const s of [...rowSums(out.space.userFeatures), ...rowSums(out.space.itemFeatures)])
      expect(s).toBeCloseTo(1, 5);
    // Interactions and ids are the import's own.
    expect(out.train).toBe(telco5k.train);
    expect(out.test).toBe(telco5k.test);
  });

  it('every group on leaves the import as it is; an unknown group is an error naming it', () => {
    const all = selectImportedFeatures(telco5k, allImportedGroups(importedFeatureGroups(telco5k.space)));
    expect(all.space.userFeatures).toBe(telco5k.space.userFeatures);
    expect(all.space.itemFeatures).toBe(telco5k.space.itemFeatures);
    expect(() => selectImportedFeatures(telco5k, { customer: ['behavioural'], plan: [] })).toThrow(
      /no customer feature group "behavioural"/
    );
  });

  it('training uses only the ticked groups: identity-only and all-features runs differ, and the ablation variants train on different data', async () => {
    await tf.setBackend('cpu');
    const all = allImportedGroups(importedFeatureGroups(telco5k.space));
    const source = { kind: 'traintest' as const, data: telco5k };
    const variants = ablationVariants(all);
    expect(variants.map((v) => v.id)).toEqual([
      'full',
      ...all.customer.map((g) => `customer:${g}`),
      ...all.plan.map((g) => `plan:${g}`),
      'identity-only'
    ]);
    const columns = variants.map(
      (v) =>
        prepareTrainingData(source, { features: v.features }).data.space.userFeatureNames.length +
        prepareTrainingData(source, { features: v.features }).data.space.itemFeatureNames.length
    );
    expect(new Set(columns).size).toBeGreaterThan(1);
    expect(columns.at(-1)).toBe(telco5k.space.userIds.length + telco5k.space.itemIds.length);
    const run = async (features: typeof all) => {
      const out = await runTraining({
        job: {
          runId: 'r',
          datasetId: 'd',
          features,
          config: { loss: 'warp', epochs: 3, components: 8 },
          seed: 1
        },
        source
      });
      if (!out.ok) throw new Error(out.error.message);
      return out.result;
    };
    const full = await run(all);
    const identity = await run({ customer: [], plan: [] });
    expect(full.features).toEqual(all);
    expect(identity.model.userFeatureNames.length).toBe(telco5k.space.userIds.length);
    expect(full.test.metrics.auc).not.toBe(identity.test.metrics.auc);
    expect(full.test.metrics['precision@5']).not.toBe(identity.test.metrics['precision@5']);
  });
});
