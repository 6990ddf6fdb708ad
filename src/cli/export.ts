/**
 * `npm run cli -- export DIR --format lightfm|spark --out OUT`: a dataset in the parity layout
 * (what `generate` and `import` write) → the layout LightFM's Dataset reads (the parity layout
 * itself, re-written normalised) or the one Spark ALS reads (core/data/export-spark.ts).
 * docs/factors.md shows the Python that trains on either and writes the factors back.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseParityLayout, writeParityLayout } from '../lib/core/data/parity-layout.ts';
import { writeSparkLayout } from '../lib/core/data/export-spark.ts';
import { readLayoutDir } from './train.ts';

export const USAGE = 'usage: npm run cli -- export DIR --format lightfm|spark --out OUT';

export function parseExportArgs(argv: string[]): { dir: string; format: 'lightfm' | 'spark'; out: string } {
  let dir: string | undefined;
  let format: string | undefined;
  let out: string | undefined;
  for (let k = 0; k < argv.length; k++) {
    const flag = argv[k];
    if (flag === '--format') format = argv[++k];
    else if (flag === '--out') out = argv[++k];
    else if (flag.startsWith('-')) throw new Error(`unknown option "${flag}"`);
    else if (dir === undefined) dir = flag;
    else throw new Error(`unexpected argument "${flag}" (DIR is already "${dir}")`);
  }
  if (!dir) throw new Error('DIR is required: a folder in the parity layout (train.csv, test.csv, …)');
  if (format !== 'lightfm' && format !== 'spark')
    throw new Error(`--format must be lightfm or spark, got "${format ?? ''}"`);
  if (!out) throw new Error('--out OUT is required');
  return { dir, format, out };
}

export async function main(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parseExportArgs>;
  try {
    args = parseExportArgs(argv);
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const data = parseParityLayout(readLayoutDir(args.dir));
  const files = args.format === 'spark' ? writeSparkLayout(data) : writeParityLayout(data);
  mkdirSync(args.out, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(args.out, name), text);
  process.stdout.write(
    `wrote ${Object.keys(files).length} files (${args.format} layout) to ${args.out}: ${Object.keys(files).join(', ')}\n`
  );
  return 0;
}
