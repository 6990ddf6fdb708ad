import Papa from 'papaparse';
import { CoreError } from '../types.ts';
import type { CsvColumn, CsvTableSchema } from './csv-schemas.ts';
import { assertCsvText } from './text-file.ts';

/**
 * Reading one CSV file against its schema: text → header-mapped rows → typed, range-checked
 * cells. Every problem throws a CsvError whose message names the file, row and column.
 */
export class CsvError extends CoreError {
  constructor(
    public readonly file: string,
    public readonly row: number | null,
    public readonly column: string | null,
    public readonly problem: string
  ) {
    super(
      'csv',
      `${file}${row !== null ? ` row ${row}` : ''}${column !== null ? `, column ${column}` : ''}: ${problem}`
    );
  }
}

/** "Customer ID" → "customer_id": header names match ignoring case, spaces and hyphens. */
export function normaliseHeader(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

export interface CsvRows {
  file: string;
  schema: CsvTableSchema;
  /** Normalised header names, in file order. */
  header: string[];
  /** Data records (blank records dropped); rowNumbers[i] is the spreadsheet row of records[i]. */
  records: string[][];
  rowNumbers: number[];
  /** Index of each schema column present in the header. */
  index: Map<string, number>;
}

/** Parses `text` (BOM, CRLF, sniffed delimiter) and maps its header onto `schema`. */
export function readCsvRows(opts: { text: string; schema: CsvTableSchema; file?: string }): CsvRows {
  const { schema } = opts;
  const file = opts.file ?? schema.file;
  const text = opts.text.charCodeAt(0) === 0xfeff ? opts.text.slice(1) : opts.text;
  if (text.trim() === '') throw new CsvError(file, null, null, 'the file is empty');
  assertCsvText(text, file); // binary or non-UTF-8 data gets one plain sentence, not a parser error
  const parsed = Papa.parse<string[]>(text, {
    delimiter: '',
    header: false,
    skipEmptyLines: false,
    delimitersToGuess: [',', ';', '\t', '|']
  });
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteError) {
    throw new CsvError(
      file,
      (quoteError.row ?? 0) + 1,
      null,
      quoteError.code === 'MissingQuotes'
        ? 'a quoted field is never closed (unmatched ")'
        : `bad quoting: ${quoteError.message}`
    );
  }
  const all = parsed.data;
  const header = all[0].map(normaliseHeader);
  const seen = new Map<string, number>();
  header.forEach((h, i) => {
    if (h === '') return;
    const first = seen.get(h);
    if (first !== undefined)
      throw new CsvError(file, 1, h, `the column appears twice (columns ${first + 1} and ${i + 1})`);
    seen.set(h, i);
  });
  const index = new Map<string, number>();
  for (const c of schema.columns) {
    const i = seen.get(c.name);
    if (i !== undefined) index.set(c.name, i);
    else if (c.required)
      throw new CsvError(
        file,
        null,
        null,
        `missing required column "${c.name}" (header: ${header.filter(Boolean).join(', ') || 'empty'})`
      );
  }
  const records: string[][] = [];
  const rowNumbers: number[] = [];
  for (let r = 1; r < all.length; r++) {
    const rec = all[r];
    if (rec.every((cell) => cell.trim() === '')) continue;
    if (rec.length !== header.length) {
      // Trailing empty cells (a spreadsheet's stray delimiters) are harmless; anything else is a broken row.
      const extraBlank =
        rec.length > header.length && rec.slice(header.length).every((cell) => cell.trim() === '');
      if (!extraBlank)
        throw new CsvError(
          file,
          r + 1,
          null,
          `expected ${header.length} fields like the header, found ${rec.length}`
        );
    }
    records.push(rec);
    rowNumbers.push(r + 1);
  }
  if (records.length === 0) throw new CsvError(file, null, null, 'no data rows under the header');
  return { file, schema, header, records, rowNumbers, index };
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TRUE = new Set(['yes', 'y', 'true', 't', '1']);
const FALSE = new Set(['no', 'n', 'false', 'f', '0']);

/** Days since 1970-01-01 of a valid YYYY-MM-DD date, else null. */
export function parseIsoDay(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return t / 86_400_000;
}

/** Months since year 0 of a valid YYYY-MM, else null. */
export function parseIsoMonth(s: string): number | null {
  const m = /^(\d{4})-(\d{2})$/.exec(s);
  if (!m) return null;
  const mo = Number(m[2]);
  return mo >= 1 && mo <= 12 ? Number(m[1]) * 12 + mo - 1 : null;
}

export function formatIsoDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

export function formatIsoMonth(month: number): string {
  return `${String(Math.floor(month / 12)).padStart(4, '0')}-${String((month % 12) + 1).padStart(2, '0')}`;
}

/** A typed cell: string for id/string/enum, number for numbers/dates/months, boolean, or null (unlimited / none). */
export type Cell = string | number | boolean | null;

/**
 * Reads record `i`'s value of `column`, converted and checked. An absent optional column
 * reads as its blank value.
 */
export function cell(t: CsvRows, i: number, column: CsvColumn): Cell {
  const at = t.index.get(column.name);
  const raw = at === undefined ? '' : (t.records[i][at] ?? '').trim();
  let text = raw;
  if (text === '') {
    if (column.blank === 'error')
      fail(
        t,
        i,
        column,
        column.required
          ? 'required value is missing'
          : 'value is missing (give this column for every row or leave it out)'
      );
    if (column.blank === '') return null;
    text = column.blank;
  }
  switch (column.type) {
    case 'id':
    case 'string':
      return text;
    case 'enum': {
      const v = text.toLowerCase();
      if (!column.values!.includes(v))
        fail(t, i, column, `"${raw}" is not one of ${column.values!.join(', ')}`);
      return v;
    }
    case 'integer': {
      const v = toNumber(t, i, column, text, raw);
      if (!Number.isInteger(v)) fail(t, i, column, `"${raw}" is not a whole number`);
      return inRange(t, i, column, v);
    }
    case 'number':
      return inRange(t, i, column, toNumber(t, i, column, text, raw));
    case 'allowance': {
      if (text.length === 9 && text.toLowerCase() === 'unlimited') return null;
      if (!NUMBER.test(text)) fail(t, i, column, `"${raw}" is not a number or "unlimited"`);
      return inRange(t, i, column, Number(text));
    }
    case 'boolean': {
      const v = text.toLowerCase();
      if (TRUE.has(v)) return true;
      if (FALSE.has(v)) return false;
      return fail(t, i, column, `"${raw}" is not a yes/no value (use yes/no, true/false or 1/0)`);
    }
    case 'date': {
      const d = parseIsoDay(text);
      return d === null ? fail(t, i, column, `"${raw}" is not a date (use YYYY-MM-DD)`) : d;
    }
    case 'month': {
      const m = parseIsoMonth(text);
      return m === null ? fail(t, i, column, `"${raw}" is not a month (use YYYY-MM)`) : m;
    }
  }
}

function fail(t: CsvRows, i: number, column: CsvColumn, problem: string): never {
  throw new CsvError(t.file, t.rowNumbers[i], column.name, problem);
}

function toNumber(t: CsvRows, i: number, column: CsvColumn, text: string, raw: string): number {
  // Fast path for plain numbers; the regex rejects NaN, Infinity, hex and "1,5".
  const v = Number(text);
  if (!Number.isFinite(v) || !NUMBER.test(text)) fail(t, i, column, `"${raw}" is not a number`);
  return v;
}

function inRange(t: CsvRows, i: number, column: CsvColumn, v: number): number {
  if ((column.min !== undefined && v < column.min) || (column.max !== undefined && v > column.max))
    fail(t, i, column, `${v} is out of range (${column.min} to ${column.max})`);
  return v;
}

/** The column definition by name (throws on a typo in our own code, not in user data). */
export function columnOf(schema: CsvTableSchema, name: string): CsvColumn {
  const c = schema.columns.find((x) => x.name === name);
  if (!c) throw new CoreError('internal', `schema ${schema.table} has no column ${name}`);
  return c;
}
