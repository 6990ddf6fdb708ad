import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSimulateArgs, readGeneratedDir, runSimulate } from './simulate.ts';
import { setupNodeBackend } from './node-backend.ts';
import { buildTrainTestData } from '../lib/core/data/train-test.ts';
import { train } from '../lib/core/model/train.ts';
import { serializeModel } from '../lib/core/model/format.ts';
import { scoreUsers } from '../lib/core/model/predict.ts';
import { packRun } from '../lib/core/pipeline/run-file.ts';
import { buildWorld, fixedPolicy, oraclePolicy, simulateCampaigns } from '../lib/core/impact/index.ts';

/** The CLI contract, run as a user would: generate a dataset, then simulate on it twice. */
const cli = (args: string[]) =>
  execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe']
  });

type Row = {
  conversion: number;
  conversion_ci: [number, number];
  revenue_per_customer: number;
  revenue_per_customer_ci: [number, number];
  benefit_share: number;
};

describe('cli simulate', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-simulate-'));
    cli(['generate', '--customers', '3000', '--seed', '42', '--out', dir, '--no-parity']);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('generate writes the recipe simulate needs', () => {
    expect(existsSync(join(dir, 'recipe.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'recipe.json'), 'utf8'))).toEqual({
      generator: 'telco-recommender-lab',
      customers: 3000,
      seed: 42,
      name: 'synthetic-3000-s42'
    });
  });

  it('prints one JSON object, the same bytes for the same seed, with oracle ≥ warp ≥ popularity ≥ random ≥ none = 0', () => {
    const args = [
      'simulate',
      dir,
      '--policies',
      'oracle,warp,popularity,random,none',
      '--replications',
      '8',
      '--seed',
      '7'
    ];
    const a = cli(args),
      b = cli(args);
    expect(a).toBe(b);
    expect(a.trim().split('\n')).toHaveLength(1);
    const out = JSON.parse(a) as { policies: Record<string, Row>; setup: Record<string, unknown> };
    const p = out.policies;
    expect(Object.keys(p)).toEqual(['oracle', 'warp', 'popularity', 'random', 'none']);
    for (const row of Object.values(p)) {
      expect(row.conversion_ci[0]).toBeLessThanOrEqual(row.conversion);
      expect(row.conversion_ci[1]).toBeGreaterThanOrEqual(row.conversion);
      expect(row.revenue_per_customer_ci).toHaveLength(2);
      expect(typeof row.benefit_share).toBe('number');
    }
    expect(p.oracle.conversion).toBeGreaterThanOrEqual(p.warp.conversion);
    expect(p.warp.conversion).toBeGreaterThanOrEqual(p.popularity.conversion);
    expect(p.popularity.conversion).toBeGreaterThanOrEqual(p.random.conversion);
    expect(p.oracle.conversion_ci[0]).toBeGreaterThan(p.random.conversion_ci[1]);
    expect(p.none.conversion).toBe(0);
    expect(out.setup).toMatchObject({
      dataset: 'synthetic-3000-s42',
      customers: 3000,
      replications: 8,
      top_n: 3,
      seed: 7
    });
    const other = JSON.parse(cli([...args.slice(0, -1), '8'])) as { policies: Record<string, Row> };
    expect(other.policies.oracle.conversion).not.toBe(p.oracle.conversion);
  }, 120_000);

  it('--model scores a policy with an exported run file instead of training one (the same model gives the same numbers)', async () => {
    await setupNodeBackend('wasm');
    const dataset = readGeneratedDir(dir);
    const data = buildTrainTestData({ dataset });
    const model = await train({ data, config: { loss: 'warp', epochs: 3 }, seed: 2 });
    const { manifest, weights } = serializeModel(model);
    const file = join(dir, 'mine.tlrun');
    writeFileSync(
      file,
      packRun({
        id: 'r1',
        name: 'my warp',
        createdAt: 0,
        status: 'done',
        config: model.config,
        curves: [],
        metrics: {},
        manifest,
        weights,
        datasetId: 'd',
        datasetName: dataset.name,
        fitMs: 0
      })
    );
    const base = {
      dir,
      topN: 3,
      replications: 3,
      months: 1,
      seed: 5,
      learning: 'frozen' as const,
      exploration: 'epsilon' as const,
      epsilon: 0,
      coldStartDays: 15,
      bootstrap: 100
    };
    const fromFile = (await runSimulate({
      ...base,
      policies: ['oracle', 'mine'],
      models: { mine: file }
    })) as { policies: Record<string, Row & { label: string }> };
    expect(fromFile.policies.mine.label).toBe(`mine (${file})`);
    // The same model as a fixed score matrix, straight through the core: same conversion.
    const world = buildWorld(dataset);
    const direct = await simulateCampaigns({
      world,
      policies: [oraclePolicy(world), fixedPolicy('mine', 'm', scoreUsers({ model }))],
      topN: 3,
      replications: 3,
      seed: 5
    });
    expect(fromFile.policies.mine.conversion).toBeCloseTo(direct.policies[1].conversion.mean, 6);
    expect(() => parseSimulateArgs([dir, '--policies', 'oracle', '--model', 'mine=x.tlrun'])).toThrow(
      /names no policy/
    );
  }, 60_000);

  it.each([
    [[], /DIR is required/],
    [['d', '--policies', 'svd'], /unknown policy "svd"/],
    [['d', '--policies', 'warp@-1'], /λ in "warp@-1" must be a number ≥ 0/],
    [['d', '--top-n', '0'], /--top-n must be an integer ≥ 1/],
    [['d', '--segment', 'students'], /--segment must be one of/]
  ])('rejects %j with a message', (argv, message) => {
    expect(() => parseSimulateArgs(argv as string[])).toThrow(message);
  });
});
