import { buildFeatureMatrix } from '../features/matrix.ts';
import type { CsrMatrix, Interactions, TrainTestData } from '../types.ts';
import { CoreError } from '../types.ts';
import { assertCsvText } from './text-file.ts';

/**
 * The parity CSV layout (test/fixtures/parity/README.md) as file *texts*: pure, no file system,
 * so the CLI, tests and the browser's import/export share it.
 *
 *   train.csv, test.csv [, validation.csv]   user,item[,weight]   implicit positives
 *   users.csv, items.csv                     id                   the id universe, in index order
 *   user_features.csv, item_features.csv     id,feature[,weight]  one row per (entity, feature)
 *
 * Every file has a header row. Feature matrices follow LightFM's Dataset: an identity column
 * per entity ("user:<id>", "item:<id>") first, then side features, rows L1-normalised.
 */
export interface ParityLayoutTexts {
  train: string;
  test: string;
  validation?: string;
  users?: string;
  items?: string;
  userFeatures?: string;
  itemFeatures?: string;
}

/** File name of each text, as used in error messages and by `writeParityLayout`. */
export const PARITY_FILE_NAMES: Readonly<Record<keyof ParityLayoutTexts, string>> = {
  train: 'train.csv',
  test: 'test.csv',
  validation: 'validation.csv',
  users: 'users.csv',
  items: 'items.csv',
  userFeatures: 'user_features.csv',
  itemFeatures: 'item_features.csv'
};

export const USER_IDENTITY_PREFIX = 'user:';
export const ITEM_IDENTITY_PREFIX = 'item:';

export interface ParseParityLayoutOptions {
  /** Add the identity feature per user and item (LightFM's default). Default true. */
  identity?: boolean;
}

/** A parsed CSV: header plus rows, each with its 1-based line number for error messages. */
interface CsvTable {
  file: string;
  header: string[];
  rows: Array<{ line: number; cells: string[] }>;
}

/** RFC 4180 CSV (quotes, doubled quotes, CRLF); blank lines are skipped. */
export function parseCsv(text: string, file: string): CsvTable {
  assertCsvText(text, file); // binary or non-UTF-8 data gets one plain sentence, not a garbage header
  const records: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let k = text.charCodeAt(0) === 0xfeff ? 1 : 0; // skip a BOM
  const endRecord = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0] === '')) records.push({ line: recordLine, cells });
    cells = [];
    cell = '';
  };
  for (; k < text.length; k++) {
    const ch = text[k];
    if (quoted) {
      if (ch === '"') {
        if (text[k + 1] === '"') {
          cell += '"';
          k++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[k + 1] === '\n') k++;
      endRecord();
      line++;
      recordLine = line;
    } else cell += ch;
  }
  if (quoted)
    throw new CoreError('bad_csv', `${file}: a quoted field opened on line ${recordLine} is never closed`);
  if (cell !== '' || cells.length > 0) endRecord();
  if (records.length === 0)
    throw new CoreError('bad_csv', `${file} is empty: it needs at least a header row`);
  const [head, ...rows] = records;
  return { file, header: head.cells.map((h) => h.trim()), rows };
}

/** Column positions of `required` (+ `optional`) in the header, or an error naming the file. */
function columns(t: CsvTable, required: string[], optional: string[] = []): Record<string, number> {
  const pos: Record<string, number> = {};
  for (const name of [...required, ...optional]) {
    const at = t.header.indexOf(name);
    if (at < 0 && required.includes(name)) {
      throw new CoreError(
        'bad_csv',
        `${t.file}: the header must have a "${name}" column (found: ${t.header.join(',') || 'nothing'}); expected ${required.join(',')}`
      );
    }
    pos[name] = at;
  }
  return pos;
}

function cellOf(t: CsvTable, row: { line: number; cells: string[] }, col: number, name: string): string {
  const v = row.cells[col];
  if (v === undefined || v.trim() === '')
    throw new CoreError('bad_csv', `${t.file} line ${row.line}, column "${name}": the value is missing`);
  return v.trim();
}

function weightOf(t: CsvTable, row: { line: number; cells: string[] }, col: number): number {
  if (col < 0 || row.cells[col] === undefined || row.cells[col].trim() === '') return 1;
  const w = Number(row.cells[col]);
  if (!Number.isFinite(w) || w < 0)
    throw new CoreError(
      'bad_csv',
      `${t.file} line ${row.line}, column "weight": "${row.cells[col]}" is not a finite number ≥ 0`
    );
  return w;
}

/** An id universe: from its own file (strict), or grown in first-seen order. */
class IdIndex {
  readonly ids: string[] = [];
  private readonly index = new Map<string, number>();
  constructor(
    readonly kind: 'user' | 'item',
    readonly fixedBy?: string
  ) {}
  add(id: string, where: string): void {
    if (this.index.has(id))
      throw new CoreError('bad_csv', `${where}: ${this.kind} id "${id}" is listed twice`);
    this.index.set(id, this.ids.length);
    this.ids.push(id);
  }
  resolve(id: string, where: string): number {
    const at = this.index.get(id);
    if (at !== undefined) return at;
    if (this.fixedBy)
      throw new CoreError('bad_csv', `${where}: unknown ${this.kind} id "${id}" (not in ${this.fixedBy})`);
    this.index.set(id, this.ids.length);
    this.ids.push(id);
    return this.ids.length - 1;
  }
}

function readIds(text: string | undefined, file: string, kind: 'user' | 'item'): IdIndex {
  if (text === undefined) return new IdIndex(kind);
  const t = parseCsv(text, file);
  const c = columns(t, ['id']);
  const idx = new IdIndex(kind, file);
  for (const row of t.rows) idx.add(cellOf(t, row, c.id, 'id'), `${file} line ${row.line}`);
  return idx;
}

interface ParsedInteractions {
  interactions: Interactions;
  lineOf: Map<number, number>; // user*nItems+item key is not stable before ids are final, so keyed later
  pairs: Array<{ u: number; i: number; line: number }>;
}

function readInteractions(text: string, file: string, users: IdIndex, items: IdIndex): ParsedInteractions {
  const t = parseCsv(text, file);
  const c = columns(t, ['user', 'item'], ['weight']);
  const pairs: Array<{ u: number; i: number; line: number }> = [];
  const weights: number[] = [];
  for (const row of t.rows) {
    const where = `${file} line ${row.line}`;
    const u = users.resolve(cellOf(t, row, c.user, 'user'), `${where}, column "user"`);
    const i = items.resolve(cellOf(t, row, c.item, 'item'), `${where}, column "item"`);
    pairs.push({ u, i, line: row.line });
    weights.push(weightOf(t, row, c.weight));
  }
  return {
    interactions: {
      userIdx: Int32Array.from(pairs.map((p) => p.u)),
      itemIdx: Int32Array.from(pairs.map((p) => p.i)),
      weight: Float32Array.from(weights)
    },
    lineOf: new Map(),
    pairs
  };
}

/** Rejects a pair listed twice in one file, or present in two splits, naming both places. */
function checkDisjoint(
  splits: Array<{ file: string; pairs: Array<{ u: number; i: number; line: number }> }>,
  users: IdIndex,
  items: IdIndex
): void {
  const seen = new Map<string, string>();
  for (const s of splits) {
    for (const p of s.pairs) {
      const key = `${p.u},${p.i}`;
      const here = `${s.file} line ${p.line}`;
      const before = seen.get(key);
      if (before) {
        throw new CoreError(
          'bad_csv',
          `${here}: user "${users.ids[p.u]}" and item "${items.ids[p.i]}" already appear at ${before}; each interaction must be listed once and in one split only`
        );
      }
      seen.set(key, here);
    }
  }
}

function readFeatures(
  text: string | undefined,
  file: string,
  ids: IdIndex
): Array<Array<readonly [string, number]>> {
  const rows: Array<Array<readonly [string, number]>> = [];
  if (text === undefined) return rows;
  const t = parseCsv(text, file);
  const c = columns(t, ['id', 'feature'], ['weight']);
  for (const row of t.rows) {
    const where = `${file} line ${row.line}`;
    const r = ids.resolve(cellOf(t, row, c.id, 'id'), `${where}, column "id"`);
    (rows[r] ??= []).push([cellOf(t, row, c.feature, 'feature'), weightOf(t, row, c.weight)]);
  }
  return rows;
}

/**
 * Parses the layout into TrainTestData. Throws CoreError('bad_csv') naming file, line and
 * column for a missing header column, a missing value, an unknown id (when users.csv/items.csv
 * fix the universe), a duplicate id or interaction, a train/test overlap, or a bad weight.
 */
export function parseParityLayout(
  texts: ParityLayoutTexts,
  opts: ParseParityLayoutOptions = {}
): TrainTestData {
  const identity = opts.identity ?? true;
  const users = readIds(texts.users, PARITY_FILE_NAMES.users, 'user');
  const items = readIds(texts.items, PARITY_FILE_NAMES.items, 'item');
  const train = readInteractions(texts.train, PARITY_FILE_NAMES.train, users, items);
  const test = readInteractions(texts.test, PARITY_FILE_NAMES.test, users, items);
  const validation =
    texts.validation !== undefined
      ? readInteractions(texts.validation, PARITY_FILE_NAMES.validation, users, items)
      : undefined;
  checkDisjoint(
    [
      { file: PARITY_FILE_NAMES.train, pairs: train.pairs },
      { file: PARITY_FILE_NAMES.test, pairs: test.pairs },
      ...(validation ? [{ file: PARITY_FILE_NAMES.validation, pairs: validation.pairs }] : [])
    ],
    users,
    items
  );
  const userRows = readFeatures(texts.userFeatures, PARITY_FILE_NAMES.userFeatures, users);
  const itemRows = readFeatures(texts.itemFeatures, PARITY_FILE_NAMES.itemFeatures, items);
  const build = (ids: string[], rows: Array<Array<readonly [string, number]>>, prefix: string) =>
    buildFeatureMatrix({ ids, features: ids.map((_, r) => rows[r] ?? []), identity, identityPrefix: prefix });
  const uf = build(users.ids, userRows, USER_IDENTITY_PREFIX);
  const itf = build(items.ids, itemRows, ITEM_IDENTITY_PREFIX);
  return {
    space: {
      userIds: users.ids,
      itemIds: items.ids,
      userFeatureNames: uf.names,
      itemFeatureNames: itf.names,
      userFeatures: uf.matrix,
      itemFeatures: itf.matrix
    },
    train: train.interactions,
    test: test.interactions,
    ...(validation ? { validation: validation.interactions } : {})
  };
}

/** Quotes a CSV cell when it needs it. */
function csvCell(s: string): string {
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

function writeInteractions(x: Interactions, userIds: string[], itemIds: string[]): string {
  const weighted = x.weight.some((w) => w !== 1);
  const lines = [weighted ? 'user,item,weight' : 'user,item'];
  for (let k = 0; k < x.userIdx.length; k++) {
    const base = `${csvCell(userIds[x.userIdx[k]])},${csvCell(itemIds[x.itemIdx[k]])}`;
    lines.push(weighted ? `${base},${x.weight[k]}` : base);
  }
  return lines.join('\n') + '\n';
}

/**
 * Side features of each row (its own identity column left out). Weights are relative to the
 * row's identity weight (which the reader sets to 1), or to its largest weight without one, so
 * the reader's L1 normalisation rebuilds the same row; written only when some differ from 1.
 */
function writeFeatures(x: CsrMatrix, ids: string[], names: string[], prefix: string): string {
  const rows: string[][] = [];
  let weighted = false;
  for (let r = 0; r < ids.length; r++) {
    const own = prefix + ids[r];
    let scale = 0;
    for (let p = x.indptr[r]; p < x.indptr[r + 1]; p++) if (names[x.indices[p]] === own) scale = x.values[p];
    if (!(scale > 0))
      for (let p = x.indptr[r]; p < x.indptr[r + 1]; p++) scale = Math.max(scale, Math.abs(x.values[p]));
    for (let p = x.indptr[r]; p < x.indptr[r + 1]; p++) {
      const name = names[x.indices[p]];
      if (name === own) continue;
      const w = scale > 0 ? x.values[p] / scale : 1;
      if (Math.abs(w - 1) > 1e-6) weighted = true;
      rows.push([csvCell(ids[r]), csvCell(name), String(Number(w.toPrecision(7)))]);
    }
  }
  const head = weighted ? 'id,feature,weight' : 'id,feature';
  return [head, ...rows.map((c) => (weighted ? c.join(',') : `${c[0]},${c[1]}`))].join('\n') + '\n';
}

/** The inverse of parseParityLayout: file name → text, for export. */
export function writeParityLayout(data: TrainTestData): Record<string, string> {
  const { space } = data;
  const out: Record<string, string> = {
    [PARITY_FILE_NAMES.train]: writeInteractions(data.train, space.userIds, space.itemIds),
    [PARITY_FILE_NAMES.test]: writeInteractions(data.test, space.userIds, space.itemIds),
    [PARITY_FILE_NAMES.users]: ['id', ...space.userIds.map(csvCell)].join('\n') + '\n',
    [PARITY_FILE_NAMES.items]: ['id', ...space.itemIds.map(csvCell)].join('\n') + '\n',
    [PARITY_FILE_NAMES.userFeatures]: writeFeatures(
      space.userFeatures,
      space.userIds,
      space.userFeatureNames,
      USER_IDENTITY_PREFIX
    ),
    [PARITY_FILE_NAMES.itemFeatures]: writeFeatures(
      space.itemFeatures,
      space.itemIds,
      space.itemFeatureNames,
      ITEM_IDENTITY_PREFIX
    )
  };
  if (data.validation)
    out[PARITY_FILE_NAMES.validation] = writeInteractions(data.validation, space.userIds, space.itemIds);
  return out;
}
