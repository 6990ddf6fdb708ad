import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main, parseTrainArgs } from './train.ts';
import { capture } from './cli-fixture.ts';

afterEach(() => vi.restoreAllMocks());

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'cli-train-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

describe('cli train arguments', () => {
  it('--item-tower trains Hybrid Deep with its plan-side tower; without it the option is left to the default', () => {
    expect(parseTrainArgs(['data', '--loss', 'hybrid-deep', '--item-tower']).config).toMatchObject({
      loss: 'hybrid-deep',
      itemTower: true
    });
    expect(parseTrainArgs(['data', '--loss', 'hybrid-deep']).config).not.toHaveProperty('itemTower');
  });

  it('maps flags onto the model config', () => {
    const a = parseTrainArgs([
      'data',
      '--loss',
      'warp-kos',
      '--components',
      '32',
      '--lr=0.1',
      '--kos-k',
      '3',
      '--kos-n',
      '7',
      '--no-features',
      '--k',
      '1,5',
      '--backend',
      'cpu',
      '--seed',
      '4',
      '--training-path',
      'tensor'
    ]);
    expect(a).toMatchObject({
      dir: 'data',
      seed: 4,
      ks: [1, 5],
      backend: 'cpu',
      trainingPath: 'tensor',
      config: { loss: 'warp-kos', components: 32, learningRate: 0.1, k: 3, n: 7, useFeatures: false }
    });
  });

  it.each([
    [[], /DIR is required/],
    [['d', '--loss', 'svd'], /--loss must be one of/],
    [['d', '--epochs', 'ten'], /--epochs must be an integer, got "ten"/],
    [['d', '--frobnicate'], /unknown option "--frobnicate"/],
    [['d', '--backend', 'webgpu'], /--backend must be wasm or cpu/],
    [['d', '--training-path', 'gpu'], /--training-path must be auto, measure, cpu or tensor, got "gpu"/]
  ])('rejects %j with exit 2 and a usage line', async (argv, message) => {
    const io = capture();
    expect(await main(argv as string[])).toBe(2);
    expect(io.err.join('')).toMatch(message);
    expect(io.err.join('')).toMatch(/usage: npm run cli -- train DIR/);
    expect(io.out).toEqual([]);
  });

  it('fails with exit 2 when train.csv is missing, and 1 naming the line of a bad row', async () => {
    let io = capture();
    expect(await main([dir({ 'test.csv': 'user,item\na,x\n' })])).toBe(2);
    expect(io.err.join('')).toMatch(/train.csv is missing/);
    vi.restoreAllMocks();
    io = capture();
    expect(
      await main([
        dir({ 'train.csv': 'user,item\na,x\nb\n', 'test.csv': 'user,item\na,y\n' }),
        '--backend',
        'cpu'
      ])
    ).toBe(1);
    expect(io.err.join('')).toMatch(/train.csv line 3, column "item": the value is missing/);
  });

  it('prints one JSON object with params, sizes, fit time and reference-named metrics', async () => {
    const train = ['user,item', 'a,x', 'a,y', 'b,y', 'b,z', 'c,x', 'c,z', 'd,y'].join('\n');
    const test = ['user,item', 'a,z', 'b,x', 'd,x'].join('\n');
    const io = capture();
    expect(
      await main([
        dir({ 'train.csv': train, 'test.csv': test }),
        '--components',
        '4',
        '--epochs',
        '2',
        '--backend',
        'cpu',
        '--k',
        '2'
      ])
    ).toBe(0);
    expect(io.out).toHaveLength(1);
    const json = JSON.parse(io.out[0]);
    expect(json.params).toMatchObject({ loss: 'warp', components: 4, epochs: 2, seed: 1 });
    expect(json.backend).toBe('cpu');
    expect(json.data).toMatchObject({ n_users: 4, n_items: 3, n_train: 7, n_test: 3 });
    expect(json.fit_seconds).toBeGreaterThan(0);
    for (const key of [
      'test.precision@2',
      'test.recall@2',
      'test.ndcg@2',
      'test.auc',
      'test.reciprocal_rank',
      'test.n_users_evaluated',
      'train.auc'
    ]) {
      expect(json).toHaveProperty([key]);
    }
    expect(json['test.n_users_evaluated']).toBe(3);
    // WARP could run on the TF.js full-tensor path too, but TF.js cpu computes on the same cores
    // as the kernel: by default ('auto') it is not tried, and the line says so.
    expect(json.training_path).toBe(
      "WebAssembly SIMD kernel (f32) · the TF.js cpu full-tensor path was not tried (TF.js cpu computes on the same CPU cores as the kernel; 'measure' times both)"
    );
  });
});
