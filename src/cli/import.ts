/**
 * `npm run cli -- import FILE [--mapping mapping.json] --out DIR [--seed N] [--test-fraction F]`
 * `npm run cli -- import ADOPTIONS --long [--customers FILE] [--plans FILE] [--mapping mapping.json] --out DIR`
 *
 * Imports one wide customer table (one row per customer; docs/csv-schemas.md) with the same
 * core the Overview page uses, and writes the parity layout (train.csv, test.csv, users.csv,
 * items.csv, user_features.csv, item_features.csv) plus the mapping it used (mapping.json,
 * inferred when none is given), then prints a one-line summary. With --long (implied by
 * --customers / --plans) FILE is an adoptions table (customer, plan[, date][, weight]) joined
 * with optional customer and plan attribute tables; its --mapping is the mapping.json a long
 * import wrote (adoption columns by header, the attribute tables' column mappings).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeParityLayout } from '../lib/core/data/parity-layout.ts';
import { importWideTable, type WideImport } from '../lib/core/data/wide/import.ts';
import { importLongTables, parseLongMapping } from '../lib/core/data/wide/long.ts';
import { DEFAULT_SPLIT, mappingJson, parseMapping, type WideMapping } from '../lib/core/data/wide/mapping.ts';

export const USAGE = `usage: npm run cli -- import FILE [--mapping mapping.json] --out DIR [--seed N] [--test-fraction F]
       npm run cli -- import ADOPTIONS --long [--customers FILE] [--plans FILE] [--mapping mapping.json] --out DIR [--seed N] [--test-fraction F]
  --mapping: a wide table's mapping.json, or with --long the long-format mapping.json a long import wrote`;

interface ImportArgs {
  file: string;
  out: string;
  mapping?: string;
  seed?: number;
  testFraction?: number;
  long?: boolean;
  customers?: string;
  plans?: string;
}

function parseArgs(argv: string[]): ImportArgs | string {
  const a: Partial<ImportArgs> = {};
  for (let k = 0; k < argv.length; k++) {
    const flag = argv[k];
    const value = () => {
      const v = argv[++k];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
      return v;
    };
    try {
      if (flag === '--out') a.out = value();
      else if (flag === '--mapping') a.mapping = value();
      else if (flag === '--long') a.long = true;
      else if (flag === '--customers') {
        a.customers = value();
        a.long = true;
      } else if (flag === '--plans') {
        a.plans = value();
        a.long = true;
      } else if (flag === '--seed') {
        const v = value();
        if (!Number.isInteger(Number(v))) return `--seed must be an integer, got "${v}"`;
        a.seed = Number(v);
      } else if (flag === '--test-fraction') {
        const v = Number(value());
        if (!(v > 0 && v < 1)) return '--test-fraction must be between 0 and 1';
        a.testFraction = v;
      } else if (flag.startsWith('-')) return `unknown option "${flag}"`;
      else if (a.file === undefined) a.file = flag;
      else return `unexpected argument "${flag}" (FILE is already "${a.file}")`;
    } catch (e) {
      return (e as Error).message;
    }
  }
  if (!a.file) return 'FILE is required: a CSV with one row per customer';
  if (!a.out) return '--out DIR is required';
  return a as ImportArgs;
}

/** The one-line summary printed after an import. */
export function summaryLine(r: WideImport, out: string): string {
  const s = r.report;
  return (
    `imported ${s.customers.toLocaleString('en')} customers, ${s.items} items, ${s.adoptions.toLocaleString('en')} adoptions ` +
    `(${s.train.toLocaleString('en')} train / ${s.test.toLocaleString('en')} test), ${s.features} features, ${s.missingCells} missing cells` +
    `${s.missingByColumn.length ? ` (${s.missingByColumn.map((m) => `${m.column} ${m.blank}`).join(', ')})` : ''}; ` +
    `${r.inferred ? 'inferred' : 'given'} mapping → ${join(out, 'mapping.json')}`
  );
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`error: ${args}\n${USAGE}\n`);
    return 2;
  }
  for (const f of [args.file, args.customers, args.plans]) {
    if (f !== undefined && !existsSync(f)) {
      process.stderr.write(`error: ${f} does not exist\n`);
      return 2;
    }
  }
  try {
    if (args.long) return importLong(args);
    let mapping: WideMapping | undefined = args.mapping
      ? parseMapping(readFileSync(args.mapping, 'utf8'))
      : undefined;
    const text = readFileSync(args.file, 'utf8');
    if (args.seed !== undefined || args.testFraction !== undefined) {
      const split = {
        testFraction: args.testFraction ?? mapping?.split.testFraction ?? 0.2,
        seed: args.seed ?? mapping?.split.seed ?? 42
      };
      if (mapping) mapping = { ...mapping, split };
      else {
        // Infer first, then apply the split options to the inferred mapping.
        const inferred = importWideTable({ text, file: args.file }).mapping;
        mapping = { ...inferred, split };
      }
    }
    const result = importWideTable({ text, file: args.file, mapping });
    mkdirSync(args.out, { recursive: true });
    for (const [name, body] of Object.entries(writeParityLayout(result.data)))
      writeFileSync(join(args.out, name), body);
    writeFileSync(join(args.out, 'mapping.json'), mappingJson(result.mapping));
    for (const w of result.report.warnings) process.stderr.write(`note: ${w}\n`);
    process.stdout.write(summaryLine({ ...result, inferred: !args.mapping }, args.out) + '\n');
    return 0;
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    return 1;
  }
}

/** The long format: adoptions + optional attribute tables → the parity layout + mapping.json. */
function importLong(args: ImportArgs): number {
  const read = (f: string) => ({ text: readFileSync(f, 'utf8'), file: f });
  const mapping = args.mapping ? parseLongMapping(readFileSync(args.mapping, 'utf8')) : undefined;
  const r = importLongTables({
    ...(mapping ? { mapping } : {}),
    adoptions: read(args.file),
    ...(args.customers ? { customers: read(args.customers) } : {}),
    ...(args.plans ? { plans: read(args.plans) } : {}),
    split: {
      testFraction: args.testFraction ?? DEFAULT_SPLIT.testFraction,
      seed: args.seed ?? DEFAULT_SPLIT.seed
    }
  });
  mkdirSync(args.out, { recursive: true });
  for (const [name, body] of Object.entries(writeParityLayout(r.data)))
    writeFileSync(join(args.out, name), body);
  writeFileSync(join(args.out, 'mapping.json'), JSON.stringify(r.mapping, null, 2) + '\n');
  const s = r.report;
  process.stdout.write(
    `imported ${s.customers.toLocaleString('en')} customers, ${s.items} items, ${s.adoptions.toLocaleString('en')} adoptions ` +
      `(${s.train.toLocaleString('en')} train / ${s.test.toLocaleString('en')} test${s.merged ? `; ${s.merged} repeated adoptions merged` : ''}), ` +
      `${s.userFeatures} customer features, ${s.itemFeatures} plan features, ${s.missingCells} missing cells; long format → ${join(args.out, 'mapping.json')}\n`
  );
  return 0;
}
