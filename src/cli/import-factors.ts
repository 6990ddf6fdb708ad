/**
 * `npm run cli -- import-factors DIR --users FILE --items FILE [--source lightfm|spark|other] [--k 3,5,10]`
 *
 * Evaluates factors trained elsewhere on a parity-layout dataset's test split, with the same
 * validation and model the app's import uses (core/pipeline/factors-import.ts), and prints ONE
 * JSON object: source, keying (per-entity / per-feature per side), dimensions and test.* metrics
 * named as `train` prints them. FILE is a factor CSV (id,bias,f0,… or id,features), or a .npy of
 * embeddings with the ids in FILE's stem + "_ids.csv" and optional biases in stem + "_biases.npy".
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseParityLayout } from '../lib/core/data/parity-layout.ts';
import { decodeCsvBytes } from '../lib/core/data/text-file.ts';
import { evaluateFactors } from '../lib/core/pipeline/factors-import.ts';
import type { FactorSource } from '../lib/core/pipeline/factors-info.ts';
import {
  npyFactorTable,
  parseFactorCsv,
  parseIdList,
  parseNpy,
  type FactorTable
} from '../lib/core/pipeline/factors-read.ts';
import { readLayoutDir } from './train.ts';

export const USAGE =
  'usage: npm run cli -- import-factors DIR --users FILE --items FILE [--source lightfm|spark|other] [--k 3,5,10]';

const buf = (path: string) => {
  const b = readFileSync(path);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};

/** A factor file from disk: CSV, or .npy with its companion ids (and biases) files. */
export function readFactorFile(path: string): FactorTable {
  if (!path.endsWith('.npy')) return parseFactorCsv(decodeCsvBytes(readFileSync(path), path), path);
  const stem = path.slice(0, -4);
  const idsFile = `${stem}_ids.csv`;
  if (!existsSync(idsFile))
    throw new Error(`${path} is a .npy array; its ids must be in ${idsFile} (one per row, header "id")`);
  const biasesFile = `${stem}_biases.npy`;
  return npyFactorTable({
    ids: parseIdList(decodeCsvBytes(readFileSync(idsFile), idsFile), idsFile),
    idsFile,
    embeddings: parseNpy(buf(path), path),
    embeddingsFile: path,
    ...(existsSync(biasesFile) ? { biases: parseNpy(buf(biasesFile), biasesFile), biasesFile } : {})
  });
}

export async function runImportFactors(args: {
  dir: string;
  users: string;
  items: string;
  source: FactorSource;
  ks: number[];
}): Promise<Record<string, unknown>> {
  const data = parseParityLayout(readLayoutDir(args.dir));
  const { result, keying } = evaluateFactors({
    runId: 'cli',
    data,
    users: readFactorFile(args.users),
    items: readFactorFile(args.items),
    ks: args.ks
  });
  const { model, test } = result;
  return {
    source: args.source,
    keying,
    components: model.weights.components,
    data: {
      n_users: data.space.userIds.length,
      n_items: data.space.itemIds.length,
      n_test: data.test.userIdx.length
    },
    ...Object.fromEntries(Object.entries(test.metrics).map(([k, v]) => [`test.${k}`, v]))
  };
}

export async function main(argv: string[]): Promise<number> {
  const a: { dir?: string; users?: string; items?: string; source: FactorSource; ks: number[] } = {
    source: 'other',
    ks: [3, 5, 10]
  };
  for (let k = 0; k < argv.length; k++) {
    const flag = argv[k];
    if (flag === '--users') a.users = argv[++k];
    else if (flag === '--items') a.items = argv[++k];
    else if (flag === '--source') {
      const v = argv[++k];
      if (v !== 'lightfm' && v !== 'spark' && v !== 'other')
        return usage(`--source must be lightfm, spark or other, got "${v}"`);
      a.source = v;
    } else if (flag === '--k') a.ks = (argv[++k] ?? '').split(',').map(Number);
    else if (flag.startsWith('-')) return usage(`unknown option "${flag}"`);
    else a.dir = flag;
  }
  if (!a.dir || !a.users || !a.items) return usage('DIR, --users and --items are required');
  try {
    process.stdout.write(JSON.stringify(await runImportFactors(a as Required<typeof a>)) + '\n');
    return 0;
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    return 1;
  }
}

function usage(message: string): number {
  process.stderr.write(`error: ${message}\n${USAGE}\n`);
  return 2;
}
