import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readGeneratedDir } from './simulate.ts';
import { generateDataset } from '../lib/core/data/generator.ts';

/** `generate --choice overage-family`: the recipe records the model and `simulate` reads it back. */
const cli = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8' });

describe('cli generate --choice', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-choice-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the model into the recipe, and the folder reads back as that dataset', () => {
    execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'generate',
        '--customers',
        '300',
        '--seed',
        '4',
        '--choice',
        'overage-family',
        '--out',
        dir,
        '--no-parity'
      ],
      { stdio: 'ignore' }
    );
    expect(JSON.parse(readFileSync(join(dir, 'recipe.json'), 'utf8'))).toEqual({
      generator: 'telco-recommender-lab',
      customers: 300,
      seed: 4,
      name: 'synthetic-300-s4-overage-family',
      choiceModel: 'overage-family'
    });
    const read = readGeneratedDir(dir);
    expect(read.choiceModel).toBe('overage-family');
    const made = generateDataset({ customers: 300, seed: 4, choiceModel: 'overage-family' });
    expect(Array.from(read.adoptions.planIdx)).toEqual(Array.from(made.adoptions.planIdx));
  });

  it('an unknown model is refused in plain words', () => {
    const r = cli(['generate', '--choice', 'quadratic', '--out', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--choice must be standard or overage-family, got "quadratic"');
  });
});
