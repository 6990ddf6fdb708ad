import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { telcoChurnCsv } from '../../test/fixtures/wide/telco-churn.ts';
import { parseMapping } from '../lib/core/data/wide/mapping.ts';
import { main } from './import.ts';
import { runTrain } from './train.ts';
import { capture, PARITY_LAYOUT_FILES } from './cli-fixture.ts';

afterEach(() => vi.restoreAllMocks());

const PARITY_FILES = [...PARITY_LAYOUT_FILES, 'mapping.json'];

describe('cli import of a wide customer table', () => {
  it('telco-churn shape, no mapping: ≥ 7,000 customers, ≥ 8 items, and WARP beats popularity on test P@5 and AUC', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-import-'));
    const file = join(dir, 'telco-churn.csv');
    writeFileSync(file, telcoChurnCsv());
    const out = join(dir, 'out');
    const io = capture();
    expect(await main([file, '--out', out])).toBe(0);
    vi.restoreAllMocks();
    expect(io.out).toHaveLength(1);
    expect(io.out[0]).toMatch(
      /^imported 7,043 customers, 10 items, [\d,]+ adoptions \([\d,]+ train \/ [\d,]+ test\), \d+ features, 11 missing cells \(TotalCharges 11\); inferred mapping/
    );
    for (const f of PARITY_FILES) expect(readFileSync(join(out, f), 'utf8').length).toBeGreaterThan(0);
    const items = readFileSync(join(out, 'items.csv'), 'utf8').trim().split('\n').slice(1);
    expect(items.length).toBeGreaterThanOrEqual(8);
    expect(
      parseMapping(readFileSync(join(out, 'mapping.json'), 'utf8')).columns.find((c) => c.role === 'id')?.name
    ).toBe('customerID');

    const r = await runTrain({
      dir: out,
      config: { loss: 'warp' } as never,
      seed: 1,
      ks: [5],
      backend: 'wasm'
    });
    expect((r.data as { n_users: number }).n_users).toBeGreaterThanOrEqual(7000);
    expect(r['test.precision@5'] as number).toBeGreaterThan(r['popularity.test.precision@5'] as number);
    expect(r['test.auc'] as number).toBeGreaterThan((r['popularity.test.auc'] as number) + 0.05);
  }, 60_000);

  it('the written mapping.json, given back, reproduces the same files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-import-'));
    const file = join(dir, 'small.csv');
    writeFileSync(
      file,
      telcoChurnCsv({
        customers: 300,
        seed: 3,
        delimiter: ';',
        decimalComma: true,
        bom: true,
        lineEnding: '\n'
      })
    );
    capture();
    expect(await main([file, '--out', join(dir, 'a')])).toBe(0);
    expect(await main([file, '--mapping', join(dir, 'a', 'mapping.json'), '--out', join(dir, 'b')])).toBe(0);
    vi.restoreAllMocks();
    for (const f of PARITY_FILES)
      expect(readFileSync(join(dir, 'b', f), 'utf8')).toBe(readFileSync(join(dir, 'a', f), 'utf8'));
  });

  it("exits 2 with usage for bad arguments and 1 with the reader's message for a bad file", async () => {
    let io = capture();
    expect(await main(['x.csv'])).toBe(2);
    expect(io.err.join('')).toMatch(/--out DIR is required[\s\S]*usage: npm run cli -- import FILE/);
    vi.restoreAllMocks();
    const dir = mkdtempSync(join(tmpdir(), 'cli-import-'));
    writeFileSync(join(dir, 'empty.csv'), '');
    io = capture();
    expect(await main([join(dir, 'empty.csv'), '--out', join(dir, 'o')])).toBe(1);
    expect(io.err.join('')).toMatch(/empty\.csv: the file is empty \(0 bytes\)/);
  });
});

describe('cli import of the long format', () => {
  it('adoptions + attribute tables → the parity layout the train command reads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-long-'));
    writeFileSync(
      join(dir, 'adoptions.csv'),
      ['customer_id,plan_id', 'a,p1', 'a,p2', 'b,p2', 'c,p1', 'c,p3', 'd,p3', 'a,p1'].join('\n')
    );
    writeFileSync(
      join(dir, 'customers.csv'),
      ['customer_id,segment', 'a,home', 'b,business', 'c,home', 'd,home'].join('\n')
    );
    writeFileSync(join(dir, 'plans.csv'), ['plan_id,price', 'p1,10', 'p2,20', 'p3,30'].join('\n'));
    const io = capture();
    expect(
      await main([
        join(dir, 'adoptions.csv'),
        '--customers',
        join(dir, 'customers.csv'),
        '--plans',
        join(dir, 'plans.csv'),
        '--out',
        join(dir, 'out')
      ])
    ).toBe(0);
    vi.restoreAllMocks();
    expect(io.out[0]).toMatch(
      /^imported 4 customers, 3 items, 6 adoptions \(5 train \/ 1 test; 1 repeated adoptions merged\), 2 customer features, \d+ plan features, 0 missing cells; long format/
    );
    expect(readFileSync(join(dir, 'out', 'item_features.csv'), 'utf8')).toContain('p1,price_band:');
    const r = await runTrain({
      dir: join(dir, 'out'),
      config: { loss: 'warp', epochs: 2, components: 4 } as never,
      seed: 1,
      ks: [1],
      backend: 'cpu'
    });
    expect(r.data).toMatchObject({ n_users: 4, n_items: 3 });
  });

  it('--mapping with --long: the written mapping.json, given back, maps renamed headers the same way', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-long-map-'));
    const rows = ['a,p1', 'a,p2', 'b,p2', 'c,p1', 'c,p3', 'd,p3'];
    writeFileSync(join(dir, 'adoptions.csv'), ['customer_id,plan_id', ...rows].join('\n'));
    writeFileSync(join(dir, 'odd.csv'), ['who,what', ...rows].join('\n'));
    let io = capture();
    expect(await main([join(dir, 'adoptions.csv'), '--long', '--out', join(dir, 'a')])).toBe(0);
    // The headers cannot be recognised by name, so without a mapping the import says what it needs.
    expect(await main([join(dir, 'odd.csv'), '--long', '--out', join(dir, 'x')])).toBe(1);
    expect(io.err.join('')).toContain('needs a customer column and a plan column');
    const mapping = JSON.parse(readFileSync(join(dir, 'a', 'mapping.json'), 'utf8'));
    writeFileSync(
      join(dir, 'odd-mapping.json'),
      JSON.stringify({ ...mapping, adoptions: { customer: 'who', plan: 'what' } })
    );
    expect(
      await main([
        join(dir, 'odd.csv'),
        '--long',
        '--mapping',
        join(dir, 'odd-mapping.json'),
        '--out',
        join(dir, 'b')
      ])
    ).toBe(0);
    vi.restoreAllMocks();
    for (const f of ['train.csv', 'test.csv', 'items.csv'])
      expect(readFileSync(join(dir, 'b', f), 'utf8')).toBe(readFileSync(join(dir, 'a', f), 'utf8'));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ columns: [] }));
    io = capture();
    expect(
      await main([
        join(dir, 'odd.csv'),
        '--long',
        '--mapping',
        join(dir, 'bad.json'),
        '--out',
        join(dir, 'c')
      ])
    ).toBe(1);
    expect(io.err.join('')).toContain(
      'long-format mapping: it needs an "adoptions" object naming the customer and plan columns'
    );
  });
});
