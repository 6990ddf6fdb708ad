import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSimulateArgs, runSimulate } from './simulate.ts';
import { PARITY_LAYOUT_FILES } from './cli-fixture.ts';

/** `simulate` on data without a choice model (offline replay), and its cold-start and Thompson policies on generated data. */
const cli = (args: string[]) =>
  execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe']
  });
const TELCO_5K = 'test/fixtures/parity/telco-5k';
const args = (dir: string, extra: string[]) => parseSimulateArgs([dir, ...extra]);

type Est = {
  hit_rate: number;
  hit_rate_ci: [number, number];
  revenue_per_customer: number | null;
  label: string;
};

describe('cli simulate without a known choice model: the offline replay estimate', () => {
  let bare = '';
  beforeAll(() => {
    bare = mkdtempSync(join(tmpdir(), 'cli-replay-'));
    for (const f of PARITY_LAYOUT_FILES) copyFileSync(join(TELCO_5K, f), join(bare, f));
  });
  afterAll(() => rmSync(bare, { recursive: true, force: true }));

  it('a parity layout prints the replay estimate, labelled, the same bytes for the same seed; oracle and none are skipped with the reason', () => {
    const argv = [
      'simulate',
      TELCO_5K,
      '--policies',
      'oracle,warp,popularity,random,none',
      '--bootstrap',
      '200',
      '--seed',
      '3'
    ];
    const a = cli(argv);
    expect(cli(argv)).toBe(a);
    const out = JSON.parse(a) as {
      estimate: string;
      note: string;
      policies: Record<string, Est>;
      skipped: Record<string, string>;
      setup: Record<string, unknown>;
    };
    expect(out.estimate).toBe('offline replay');
    expect(out.note).toMatch(/not the effect of an offer/);
    expect(Object.keys(out.policies)).toEqual(['warp', 'popularity', 'random']);
    expect(Object.keys(out.skipped)).toEqual(['oracle', 'none']);
    expect(out.skipped.oracle).toMatch(/true choice model/);
    const p = out.policies;
    for (const row of Object.values(p)) {
      expect(row.hit_rate_ci[0]).toBeLessThanOrEqual(row.hit_rate);
      expect(row.hit_rate_ci[1]).toBeGreaterThanOrEqual(row.hit_rate);
      expect(row.revenue_per_customer).toBeGreaterThan(0); // plans.csv has prices
    }
    expect(p.warp.hit_rate_ci[0]).toBeGreaterThan(p.popularity.hit_rate_ci[1]);
    expect(p.popularity.hit_rate_ci[0]).toBeGreaterThan(p.random.hit_rate_ci[1]);
    expect(out.setup).toMatchObject({ dataset: 'telco-5k', top_n: 3, bootstrap: 200, seed: 3 });
  }, 120_000);

  it('without plans.csv there is no revenue, and it says so; re-ranks by price are skipped', async () => {
    const out = (await runSimulate(
      args(bare, ['--policies', 'popularity,random,warp@1', '--bootstrap', '50'])
    )) as { policies: Record<string, Est>; skipped: Record<string, string>; setup: { revenue: string } };
    expect(out.policies.popularity.revenue_per_customer).toBeNull();
    expect(out.setup.revenue).toBe('none: the dataset has no plan prices');
    expect(out.skipped['warp@1']).toBe('no plan prices to re-rank by');
  });

  it('raw tables without hidden traits replay too (with the cold-start blend); multi-month options are refused with the reason', async () => {
    const out = (await runSimulate(
      args('test/fixtures/csv/valid', [
        '--policies',
        'popularity,cold-start',
        '--top-n',
        '1',
        '--bootstrap',
        '20'
      ])
    )) as { estimate: string; policies: Record<string, Est> };
    expect(out.estimate).toBe('offline replay');
    expect(out.policies['cold-start'].label).toMatch(
      /^Cold-start blend as new customers \(day 15: \d+% content rules\)$/
    );
    await expect(runSimulate(args(bare, ['--months', '12']))).rejects.toThrow(
      /--months, --learning and --segment need a known choice model/
    );
  });
});

describe('cli simulate on generated data: cold-start blend and Thompson sampling', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-simulate-cold-'));
    cli(['generate', '--customers', '600', '--seed', '9', '--out', dir, '--no-parity']);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('cold-start is a policy, blended with the first model policy; --exploration thompson explores the learning model', async () => {
    type Row = { label: string; conversion: number };
    const one = (await runSimulate(
      args(dir, [
        '--policies',
        'oracle,warp,cold-start,random',
        '--replications',
        '3',
        '--cold-start-days',
        '30'
      ])
    )) as { policies: Record<string, Row> };
    expect(one.policies['cold-start'].label).toMatch(
      /^Cold-start blend as new customers \(day 30: \d+% content rules \+ warp from attributes\)$/
    );
    expect(one.policies['cold-start'].conversion).toBeGreaterThan(0);
    const online = (await runSimulate(
      args(dir, [
        '--policies',
        'warp',
        '--months',
        '2',
        '--replications',
        '2',
        '--learning',
        'fit_partial',
        '--exploration',
        'thompson'
      ])
    )) as { policies: Record<string, Row>; setup: Record<string, unknown> };
    expect(online.policies.warp.label).toBe('warp, fit_partial, Thompson sampling');
    expect(online.setup.exploration).toBe('thompson');
    const greedy = (await runSimulate(
      args(dir, ['--policies', 'warp', '--months', '2', '--replications', '2', '--learning', 'fit_partial'])
    )) as { policies: Record<string, Row> };
    expect(online.policies.warp.conversion).not.toBe(greedy.policies.warp.conversion);
    expect(() => parseSimulateArgs([dir, '--exploration', 'ucb'])).toThrow(
      /--exploration must be one of epsilon, thompson/
    );
  }, 120_000);
});
