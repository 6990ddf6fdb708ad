/**
 * The fast parity subset for `npm test`: telco-5k, WARP with features, 64 components, 30
 * epochs, seed 1 (about 5 s on WASM). The whole grid is `npm run parity`.
 * Bar, as in issue 4: ours ≥ LightFM mean − 2·max(sd, 0.002), read from reference.json.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupNodeBackend } from '../../../cli/node-backend.ts';
import { parseParityLayout } from '../data/parity-layout.ts';
import { evaluateRanking } from '../eval/metrics.ts';
import { scoreUsers } from './predict.ts';
import { train } from './train.ts';

const dir = fileURLToPath(new URL('../../../../test/fixtures/parity/telco-5k/', import.meta.url));
const read = (f: string) => readFileSync(dir + f, 'utf8');

beforeAll(async () => {
  await setupNodeBackend('wasm');
});

describe('parity with LightFM 1.17 (fast subset)', () => {
  it('telco-5k WARP with features reaches LightFM’s test P@5 and AUC', async () => {
    const data = parseParityLayout({
      train: read('train.csv'),
      test: read('test.csv'),
      users: read('users.csv'),
      items: read('items.csv'),
      userFeatures: read('user_features.csv'),
      itemFeatures: read('item_features.csv')
    });
    const ref = (JSON.parse(read('reference.json')) as { cells: Array<Record<string, unknown>> }).cells.find(
      (c) => c.loss === 'warp' && c.features === true && c.components === 64
    )!;
    const bar = (s: unknown) => {
      const { mean, sd } = s as { mean: number; sd: number };
      return mean - 2 * Math.max(sd, 0.002);
    };
    const model = await train({ data, config: { loss: 'warp', components: 64, epochs: 30 }, seed: 1 });
    const m = evaluateRanking({ nItems: data.space.itemIds.length, scores: scoreUsers({ model }), train: data.train, test: data.test, ks: [5], perUser: false }).metrics;
    expect(m['precision@5']).toBeGreaterThanOrEqual(bar(ref['test.precision@5']));
    expect(m.auc).toBeGreaterThanOrEqual(bar(ref['test.auc']));
  });
});
