/**
 * `npm run cli -- generate --customers N --seed S --out DIR [--choice overage-family] [--name NAME] [--split random|temporal|cold_start] [--no-parity]`
 *
 * Writes a synthetic dataset from Node: the raw tables as CSV (customers, usage, plans,
 * adoptions; docs/csv-schemas.md), the parity layout (train.csv, test.csv, users.csv,
 * items.csv, user_features.csv, item_features.csv, plans.csv) with all feature groups, and
 * ceilings.json + summary.json + recipe.json (seed and name, for `simulate`). Same arguments, same bytes.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { csvChunks } from '../lib/core/data/csv-export.ts';
import { CSV_SCHEMAS, CSV_TABLES } from '../lib/core/data/csv-schemas.ts';
import { DEFAULT_CUSTOMERS, DEFAULT_SEED, generateDataset, PRESETS } from '../lib/core/data/generator.ts';
import { CHOICE_MODELS, type ChoiceModel } from '../lib/core/data/utility.ts';
import { exportParityLayout } from '../lib/core/data/parity-io.ts';
import type { SplitKind } from '../lib/core/data/split.ts';
import { summarizeDataset } from '../lib/core/data/summary.ts';
import { RECIPE_FILE, type Recipe } from './recipe.ts';

/** Above this the parity layout (one text per file, a row per customer feature) would not fit in one JS string. */
const PARITY_MAX_CUSTOMERS = 200_000;

const USAGE = `usage: npm run cli -- generate [--customers N | --preset ${PRESETS.map((p) => p.id).join('|')}] [--seed S] --out DIR
       [--choice ${CHOICE_MODELS.map((m) => m.id).join('|')}] [--name NAME] [--split random|temporal|cold_start] [--no-parity]`;

interface Args {
  customers: number;
  seed: number;
  out: string;
  name?: string;
  split: SplitKind;
  parity: boolean;
  choiceModel: ChoiceModel;
}

function parseArgs(argv: string[]): Args | string {
  const args: Partial<Args> = {
    customers: DEFAULT_CUSTOMERS,
    seed: DEFAULT_SEED,
    split: 'random',
    parity: true,
    choiceModel: 'standard'
  };
  for (let k = 0; k < argv.length; k++) {
    const flag = argv[k];
    const value = () => {
      const v = argv[++k];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
      return v;
    };
    const integer = () => {
      const raw = value();
      const v = Number(raw.replace(/_/g, ''));
      if (!Number.isInteger(v)) throw new Error(`${flag} must be an integer, got "${raw}"`);
      return v;
    };
    try {
      if (flag === '--customers') args.customers = integer();
      else if (flag === '--preset') {
        const id = value();
        const preset = PRESETS.find((p) => p.id.toLowerCase() === id.toLowerCase());
        if (!preset) return `unknown preset "${id}" (use ${PRESETS.map((p) => p.id).join(', ')})`;
        args.customers = preset.customers;
      } else if (flag === '--seed') args.seed = integer();
      else if (flag === '--out') args.out = value();
      else if (flag === '--name') args.name = value();
      else if (flag === '--choice') {
        const c = value();
        const model = CHOICE_MODELS.find((m) => m.id === c);
        if (!model) return `--choice must be ${CHOICE_MODELS.map((m) => m.id).join(' or ')}, got "${c}"`;
        args.choiceModel = model.id;
      } else if (flag === '--split') {
        const s = value();
        if (s !== 'random' && s !== 'temporal' && s !== 'cold_start')
          return `--split must be random, temporal or cold_start, got "${s}"`;
        args.split = s;
      } else if (flag === '--no-parity') args.parity = false;
      else if (flag === '--help' || flag === '-h') return '';
      else return `unknown option "${flag}"`;
    } catch (e) {
      return (e as Error).message;
    }
  }
  if (!args.out) return '--out DIR is required';
  return args as Args;
}

/** Streams a big text to disk chunk by chunk (1M customers' usage is ~400 MB). */
function writeChunks(path: string, chunks: Iterable<string>): void {
  const fd = openSync(path, 'w');
  try {
    for (const c of chunks) writeSync(fd, c);
  } finally {
    closeSync(fd);
  }
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`${args ? `${args}\n` : ''}${USAGE}\n`);
    return args ? 2 : 0;
  }
  const t0 = performance.now();
  let lastPct = -1;
  const ds = generateDataset({
    customers: args.customers,
    seed: args.seed,
    name: args.name,
    choiceModel: args.choiceModel,
    onProgress: (p) => {
      const pct = Math.floor(p.fraction * 10) * 10;
      if (pct !== lastPct) {
        lastPct = pct;
        process.stderr.write(`generate: ${pct}% (${p.phase})\n`);
      }
    }
  });
  mkdirSync(args.out, { recursive: true });
  for (const t of CSV_TABLES) writeChunks(join(args.out, CSV_SCHEMAS[t].file), csvChunks(ds, t));
  const written = CSV_TABLES.map((t) => CSV_SCHEMAS[t].file);
  if (args.parity && args.customers > PARITY_MAX_CUSTOMERS) {
    process.stderr.write(
      `parity layout skipped: more than ${PARITY_MAX_CUSTOMERS.toLocaleString('en')} customers (use --customers ≤ ${PARITY_MAX_CUSTOMERS} for it)\n`
    );
  } else if (args.parity) {
    const files = exportParityLayout({ dataset: ds, split: { kind: args.split } });
    for (const [file, text] of Object.entries(files)) {
      writeFileSync(join(args.out, file), text);
      if (!written.includes(file)) written.push(file);
    }
  }
  writeFileSync(join(args.out, 'ceilings.json'), JSON.stringify(ds.ceilings ?? [], null, 1) + '\n');
  const { ceilings: _omit, ...summary } = summarizeDataset(ds);
  writeFileSync(join(args.out, 'summary.json'), JSON.stringify(summary, null, 1) + '\n');
  const recipe: Recipe = {
    generator: 'telco-recommender-lab',
    customers: args.customers,
    seed: args.seed,
    name: ds.name,
    ...(ds.choiceModel ? { choiceModel: ds.choiceModel } : {})
  };
  writeFileSync(join(args.out, RECIPE_FILE), JSON.stringify(recipe, null, 1) + '\n');
  written.push('ceilings.json', 'summary.json', RECIPE_FILE);
  process.stderr.write(
    `wrote ${written.join(', ')} to ${args.out} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`
  );
  return 0;
}
