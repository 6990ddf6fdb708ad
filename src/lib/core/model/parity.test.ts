/**
 * The fast parity subset for `npm test`: telco-5k WARP and catalog-3k WARP-KOS (the cell that
 * once missed the bar), features on, 64 components, 30 epochs, seed 1 (about 2–4 s each on
 * WASM in Node). The whole grid, with seeds 1–3, is `npm run parity`.
 * Bar, as in issue 4: ours ≥ LightFM mean − 2·max(sd, 0.002), read from reference.json.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupNodeBackend } from '../../../cli/node-backend.ts';
import { parseParityLayout } from '../data/parity-layout.ts';
import { testMetrics } from './test-metrics.ts';
import { train } from './train.ts';
import { trainWithEarlyStopping } from './early-stopping.ts';

const root = fileURLToPath(new URL('../../../../test/fixtures/parity/', import.meta.url));

const bar = (s: unknown) => {
  const { mean, sd } = s as { mean: number; sd: number };
  return mean - 2 * Math.max(sd, 0.002);
};

function load(dataset: string) {
  const read = (f: string) => readFileSync(`${root}${dataset}/${f}`, 'utf8');
  return {
    read,
    data: parseParityLayout({
      train: read('train.csv'),
      test: read('test.csv'),
      users: read('users.csv'),
      items: read('items.csv'),
      userFeatures: read('user_features.csv'),
      itemFeatures: read('item_features.csv')
    })
  };
}

async function checkCell(dataset: string, loss: 'warp' | 'warp-kos', alpha = 0): Promise<void> {
  const { read, data } = load(dataset);
  const ref = (
    JSON.parse(read(alpha > 0 ? 'reference-alpha.json' : 'reference.json')) as {
      cells: Array<Record<string, unknown>>;
    }
  ).cells.find(
    (c) =>
      c.loss === loss && c.features === true && c.components === 64 && (alpha === 0 || c.item_alpha === alpha)
  )!;
  const model = await train({
    data,
    config: { loss, components: 64, epochs: 30, itemAlpha: alpha, userAlpha: alpha },
    seed: 1
  });
  const m = testMetrics(model, data);
  expect(m['precision@5']).toBeGreaterThanOrEqual(bar(ref['test.precision@5']));
  expect(m.auc).toBeGreaterThanOrEqual(bar(ref['test.auc']));
}

beforeAll(async () => {
  await setupNodeBackend('wasm');
});

/** Popularity ranking figures of ../shared/parity/README.md (train positives excluded). */
const POPULARITY: Record<string, { p5: number; auc: number }> = {
  'telco-5k': { p5: 0.125, auc: 0.677 },
  'catalog-3k': { p5: 0.299, auc: 0.951 }
};

describe('features off: WARP is not below the popularity ranking (epochs chosen on a validation split)', () => {
  for (const dataset of ['telco-5k', 'catalog-3k']) {
    it(dataset, async () => {
      const { data } = load(dataset);
      const model = await trainWithEarlyStopping({
        data,
        config: { loss: 'warp', components: 64, epochs: 30, useFeatures: false },
        seed: 1
      });
      const m = testMetrics(model, data);
      expect(m['precision@5']).toBeGreaterThanOrEqual(POPULARITY[dataset].p5);
      expect(m.auc).toBeGreaterThanOrEqual(POPULARITY[dataset].auc);
    });
  }
});

describe('parity with LightFM 1.17 (fast subset)', () => {
  it('telco-5k WARP with features reaches LightFM’s test P@5 and AUC', async () => {
    await checkCell('telco-5k', 'warp');
  });
  it('catalog-3k WARP-KOS with features reaches LightFM’s test P@5 and AUC', async () => {
    await checkCell('catalog-3k', 'warp-kos');
  });
  // Decaying once per sample (not per update) and shared feature rows as hard as identity rows
  // scored P@5 0.146 / AUC 0.746 here (LightFM 0.197 / 0.863): regularisation.ts.
  it('telco-5k WARP with item_alpha = user_alpha = 1e-3 reaches LightFM’s test P@5 and AUC', async () => {
    await checkCell('telco-5k', 'warp', 1e-3);
  });
});
