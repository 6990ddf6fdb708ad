import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main as exportMain, parseExportArgs } from './export.ts';
import { runImportFactors } from './import-factors.ts';
import { parseTrainArgs, runTrain } from './train.ts';
import { PARITY_LAYOUT_FILES } from './cli-fixture.ts';

const tiny = join(import.meta.dirname, '../../test/fixtures/factors/tiny');
afterEach(() => vi.restoreAllMocks());

const testMetrics = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([k]) => k.startsWith('test.')));

describe('train --save-factors, then import-factors', () => {
  it('re-imported factors give identical test metrics, per entity and per feature', async () => {
    const out = mkdtempSync(join(tmpdir(), 'factors-'));
    const args = parseTrainArgs([tiny, '--epochs', '3', '--seed', '2', '--save-factors', out]);
    expect(args.saveFactors).toBe(out);
    const trained = await runTrain(args);
    const f = (name: string) => join(out, name);
    const perEntity = await runImportFactors({
      dir: tiny,
      users: f('user_factors.csv'),
      items: f('item_factors.csv'),
      source: 'other',
      ks: [3, 5, 10]
    });
    const perFeature = await runImportFactors({
      dir: tiny,
      users: f('user_feature_factors.csv'),
      items: f('item_feature_factors.csv'),
      source: 'other',
      ks: [3, 5, 10]
    });
    expect(perEntity.keying).toEqual({ users: 'per-entity', items: 'per-entity' });
    expect(perFeature.keying).toEqual({ users: 'per-feature', items: 'per-feature' });
    expect(testMetrics(perEntity)).toEqual(testMetrics(trained));
    expect(testMetrics(perFeature)).toEqual(testMetrics(trained));
    expect(Object.keys(testMetrics(trained)).length).toBeGreaterThan(5);
  }, 60_000);
});

describe('export --format lightfm|spark', () => {
  it('writes the Spark ALS layout: integer indices, ratings and the id mappings', async () => {
    const out = mkdtempSync(join(tmpdir(), 'spark-'));
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await exportMain([tiny, '--format', 'spark', '--out', out])).toBe(0);
    const train = readFileSync(join(out, 'ratings_train.csv'), 'utf8').trim().split('\n');
    const users = readFileSync(join(out, 'user_index.csv'), 'utf8').trim().split('\n');
    const items = readFileSync(join(out, 'item_index.csv'), 'utf8').trim().split('\n');
    expect(train[0]).toBe('user,item,rating');
    expect(users[0]).toBe('index,id');
    // Row k of the index file is index k, and the first train row maps back to the first train.csv row.
    const source = readFileSync(join(tiny, 'train.csv'), 'utf8').trim().split('\n');
    const [u, i] = train[1].split(',').map(Number);
    expect(`${users[u + 1].split(',')[1]},${items[i + 1].split(',')[1]}`).toBe(
      source[1].split(',').slice(0, 2).join(',')
    );
    expect(train.length).toBe(source.length);
    expect(existsSync(join(out, 'ratings_test.csv'))).toBe(true);
  });

  it('writes the LightFM (parity) layout', async () => {
    const out = mkdtempSync(join(tmpdir(), 'lightfm-'));
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await exportMain([tiny, '--format', 'lightfm', '--out', out])).toBe(0);
    for (const f of PARITY_LAYOUT_FILES) expect(existsSync(join(out, f))).toBe(true);
  });

  it.each([
    [['d', '--out', 'o'], /--format must be lightfm or spark/],
    [['d', '--format', 'parquet', '--out', 'o'], /--format must be lightfm or spark, got "parquet"/],
    [['--format', 'spark', '--out', 'o'], /DIR is required/],
    [['d', '--format', 'spark'], /--out OUT is required/]
  ])('rejects %j', (argv, message) => {
    expect(() => parseExportArgs(argv as string[])).toThrow(message);
  });
});
