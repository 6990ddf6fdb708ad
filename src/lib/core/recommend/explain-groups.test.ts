import { beforeAll, describe, expect, it } from 'vitest';
import { setupNodeBackend } from '../../../cli/node-backend.ts';
import { generateDataset } from '../data/generator.ts';
import { createRng } from '../data/rng.ts';
import { buildTrainTestData } from '../data/train-test.ts';
import { train } from '../model/train.ts';
import type { TrainedModel } from '../model/model.ts';
import type { TrainTestData } from '../types.ts';
import { identityFeatureName } from './explain.ts';
import { catalogueCustomerGrouper, describeGroup, groupContributions } from './explain-groups.ts';
import { explanationLines, type ExplanationLinesResult } from './explanation-lines.ts';
import { scoreAll } from './scoring.ts';
import { randomModel } from './test-model.test.ts';
import { explainModelScore } from './tower-scoring.ts';

/** |remainder line| as a share of what the named parts explain (the score less the baseline). */
function remainderShare(r: ExplanationLinesResult): number {
  const rest = r.lines.filter((l) => l.kind === 'rest').reduce((s, l) => s + l.value, 0);
  const explained = r.lines
    .filter((l) => l.kind === 'term' || l.kind === 'rest')
    .reduce((s, l) => s + l.value, 0);
  return Math.abs(rest) / Math.abs(explained);
}

describe('grouped explanations on the default 5k dataset with a trained WARP', () => {
  let data: TrainTestData;
  let model: TrainedModel;
  beforeAll(async () => {
    await setupNodeBackend('wasm');
    data = buildTrainTestData({ dataset: generateDataset({ customers: 5000 }) });
    model = await train({ data, config: { loss: 'warp' }, seed: 1 });
  }, 120_000);

  /** 30 random customers, each with their top plan and one random plan: the lines the Recommend page builds. */
  function sample(grouped: boolean): ExplanationLinesResult[] {
    const { space } = data;
    const nItems = space.itemIds.length;
    const S = scoreAll({ weights: model.weights, space });
    const rng = createRng(7);
    const out: ExplanationLinesResult[] = [];
    for (let t = 0; t < 30; t++) {
      const u = rng.int(space.userIds.length);
      let best = 0;
      for (let i = 1; i < nItems; i++) if (S[u * nItems + i] > S[u * nItems + best]) best = i;
      const row = space.userFeatures.indices.subarray(
        space.userFeatures.indptr[u],
        space.userFeatures.indptr[u + 1]
      );
      for (const item of [best, rng.int(nItems)]) {
        const explanation = explainModelScore({ weights: model.weights, space, user: u, item });
        const itemRow = space.itemFeatures.indices.subarray(
          space.itemFeatures.indptr[item],
          space.itemFeatures.indptr[item + 1]
        );
        const context = {
          userIdentity: identityFeatureName(space.userFeatureNames, row, space.userIds[u]),
          itemIdentity: identityFeatureName(space.itemFeatureNames, itemRow, space.itemIds[item])
        };
        // The default call is the Recommend page's own (recommend-page.svelte.ts).
        out.push(explanationLines({ explanation, top: 4, context, ...(grouped ? {} : { grouped: false }) }));
      }
    }
    return out;
  }

  it('named parts carry at least 80% of the score, the remainder at most 20%, and the parts add up', () => {
    for (const r of sample(true)) {
      expect(remainderShare(r)).toBeLessThanOrEqual(0.2);
      expect(Math.abs(r.sum - r.score)).toBeLessThan(1e-4);
      // A handful of parts a reader can take in, each with a short chart label.
      expect(r.lines.length).toBeLessThanOrEqual(10);
      for (const l of r.lines) expect(l.label?.length ?? 99).toBeLessThanOrEqual(40);
    }
  });

  it('the same criterion fails the single-term lines (the old "220 smaller effects together")', () => {
    const shares = sample(false).map(remainderShare);
    expect(shares.filter((s) => s > 0.2).length).toBeGreaterThan(shares.length / 2);
  });

  it('groups by the catalogue: segment, account, usage… and one popularity part', () => {
    const [r] = sample(true);
    const labels = r.lines.map((l) => l.label);
    expect(labels).toEqual(expect.arrayContaining(['Segment', 'Plan popularity']));
    expect(r.lines.find((l) => l.label === 'Segment')!.text).toMatch(
      /^The customer's segment makes this plan a (better|worse) fit \([+−]\d+\.\d\d; largest part: segment \w+ with /
    );
  });
});

describe('groupContributions', () => {
  it('sums exactly, falls back to name prefixes and names the identity column own history', () => {
    const { space, weights } = randomModel(3);
    const e = explainModelScore({ weights, space, user: 4, item: 2 });
    const groups = groupContributions(e);
    const total = groups.reduce((s, g) => s + g.value, 0);
    expect(total).toBeCloseTo(e.total - e.userBias, 9);
    const ids = groups.map((g) => g.group?.id ?? 'popularity').sort();
    // segment and data_intensity are catalogue attributes; "lines:multi" is not (its prefix is the group).
    expect(ids.every((id) => ['own', 'segment', 'usage', 'lines', 'popularity'].includes(id))).toBe(true);
    expect(ids).toContain('own');
    expect(catalogueCustomerGrouper('tenure_band:<12', false).id).toBe('account');
    expect(catalogueCustomerGrouper('plan=gold', false)).toEqual({ id: 'plan', label: 'plan' });
    expect(catalogueCustomerGrouper('__:x', false).label).toBe('__');
  });

  it('puts groups beyond maxGroups into one remainder line that keeps the sum exact', () => {
    const { space, weights } = randomModel(5);
    const explanation = explainModelScore({ weights, space, user: 1, item: 0 });
    const r = explanationLines({ explanation, maxGroups: 2 });
    expect(r.lines.filter((l) => l.kind === 'term')).toHaveLength(2);
    expect(r.lines.find((l) => l.kind === 'rest')!.text).toMatch(/^\d+ smaller groups together/);
    expect(Math.abs(r.sum - r.score)).toBeLessThan(1e-4);
  });

  it('describes a popularity part in plain words', () => {
    const { space, weights } = randomModel(3);
    const g = groupContributions(explainModelScore({ weights, space, user: 0, item: 1 })).find(
      (x) => x.kind === 'item-bias'
    )!;
    expect(describeGroup(g).text).toMatch(
      /^How popular this plan and plans like it are overall \([+−]\d\.\d\d; largest part: /
    );
  });
});
