import Papa from 'papaparse';
import { CsvError } from '../csv-read.ts';
import { assertCsvText } from '../text-file.ts';
import { parseNumberAs } from './values.ts';

/**
 * Reading one messy customer table as it comes out of a spreadsheet or a database export:
 * UTF-8 BOM, CRLF/LF/CR line ends, a `,` `;` tab or `|` delimiter (detected), quoted fields,
 * leading/trailing spaces (trimmed). Cells stay strings here; types are decided per column
 * (profile.ts). Every problem throws a CsvError naming the file, row and column.
 */
export interface WideTable {
  file: string;
  /** Column names as written (trimmed), in file order. */
  header: string[];
  /** Data rows, cells trimmed, blank rows dropped; rows[r].length === header.length. */
  rows: string[][];
  /** rowNumbers[r] is the file row (1 = header) of rows[r], for messages. */
  rowNumbers: number[];
  delimiter: string;
  lineEnding: 'CRLF' | 'LF' | 'CR';
  hadBom: boolean;
}

const DELIMITERS = [',', ';', '\t', '|'];
export const DELIMITER_NAMES: Record<string, string> = {
  ',': 'comma',
  ';': 'semicolon',
  '\t': 'tab',
  '|': 'pipe'
};

/** Delimiters outside quotes on each of the first lines (a quoted field may span lines). */
function countPerLine(text: string, delimiter: string, maxLines: number): number[] {
  const counts: number[] = [];
  let n = 0;
  let quoted = false;
  for (let k = 0; k < text.length && counts.length < maxLines; k++) {
    const ch = text[k];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === delimiter) n++;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      if (ch === '\r' && text[k + 1] === '\n') k++;
      counts.push(n);
      n = 0;
    }
  }
  if (counts.length < maxLines && n > 0) counts.push(n);
  return counts;
}

/**
 * The delimiter that splits the header into the most columns while splitting the following
 * lines the same way; null when no candidate appears in the header.
 */
export function detectDelimiter(text: string): string | null {
  let best: { d: string; consistent: number; columns: number } | null = null;
  for (const d of DELIMITERS) {
    const counts = countPerLine(text, d, 50).filter((c, i) => i === 0 || c > 0);
    if (!counts.length || counts[0] === 0) continue;
    const consistent = counts.filter((c) => c === counts[0]).length / counts.length;
    if (
      !best ||
      consistent > best.consistent + 1e-9 ||
      (Math.abs(consistent - best.consistent) < 1e-9 && counts[0] > best.columns)
    ) {
      best = { d, consistent, columns: counts[0] };
    }
  }
  return best?.d ?? null;
}

function lineEndingOf(text: string): WideTable['lineEnding'] {
  const n = text.indexOf('\n');
  if (n > 0 && text[n - 1] === '\r') return 'CRLF';
  if (n < 0 && text.includes('\r')) return 'CR';
  return 'LF';
}

/** Parses `text` into a WideTable; `onProgress` gets fractions 0..1 of the rows checked. */
export function readWideTable(opts: {
  text: string;
  file: string;
  onProgress?: (fraction: number) => void;
}): WideTable {
  const { file } = opts;
  const hadBom = opts.text.charCodeAt(0) === 0xfeff;
  const text = hadBom ? opts.text.slice(1) : opts.text;
  if (opts.text.length === 0)
    throw new CsvError(
      file,
      null,
      null,
      'the file is empty (0 bytes): choose the CSV file with your customer table'
    );
  assertCsvText(text, file);
  if (text.trim() === '')
    throw new CsvError(
      file,
      null,
      null,
      'the file holds only blank lines: it needs a header row and one row per customer'
    );
  const delimiter = detectDelimiter(text);
  if (delimiter === null) {
    throw new CsvError(
      file,
      1,
      null,
      'only one column found: the header has no comma, semicolon, tab or pipe between column names (one row per customer, one column per attribute or service is needed)'
    );
  }
  const parsed = Papa.parse<string[]>(text, { delimiter, header: false, skipEmptyLines: false });
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteError)
    throw new CsvError(
      file,
      (quoteError.row ?? 0) + 1,
      null,
      'a quoted field is never closed (unmatched "): check the quotes on this row'
    );
  const all = parsed.data;
  const header = all[0].map((h) => h.trim());
  checkHeader(file, header);
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  const step = Math.max(1, Math.floor(all.length / 20));
  for (let r = 1; r < all.length; r++) {
    if (opts.onProgress && r % step === 0) opts.onProgress(r / all.length);
    const rec = all[r];
    if (rec.every((c) => c.trim() === '')) continue;
    if (rec.length !== header.length) {
      const strayBlanks =
        rec.length > header.length && rec.slice(header.length).every((c) => c.trim() === '');
      if (!strayBlanks)
        throw new CsvError(
          file,
          r + 1,
          null,
          `this row has ${rec.length} fields but the header has ${header.length}: a missing or extra ${DELIMITER_NAMES[delimiter]}, or an unquoted ${DELIMITER_NAMES[delimiter]} inside a value?`
        );
    }
    const cells = new Array<string>(header.length);
    for (let c = 0; c < header.length; c++) cells[c] = rec[c].trim();
    rows.push(cells);
    rowNumbers.push(r + 1);
  }
  const table = { file, header, rows, rowNumbers, delimiter, lineEnding: lineEndingOf(text), hadBom };
  checkBlankNames(table);
  if (rows.length === 0)
    throw new CsvError(file, null, null, 'the file has a header row but no customer rows under it');
  return dropUnnamedBlankColumns(table);
}

function checkHeader(file: string, header: string[]): void {
  const seen = new Map<string, number>();
  header.forEach((h, i) => {
    if (h === '') return;
    const key = h.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined)
      throw new CsvError(
        file,
        1,
        h,
        `columns ${first + 1} and ${i + 1} have the same name: give every column its own name`
      );
    seen.set(key, i);
  });
  const named = header.filter((h) => h !== '');
  if (
    named.length > 0 &&
    named.every((h) => parseNumberAs(h, 'dot') !== null || parseNumberAs(h, 'comma') !== null)
  ) {
    throw new CsvError(
      file,
      1,
      null,
      `the first row looks like data (${named.slice(0, 3).join(', ')}…), not column names: add a header row naming each column`
    );
  }
}

/** A column with no name is fine only when it is empty (a spreadsheet's trailing delimiter). */
function checkBlankNames(t: WideTable): void {
  t.header.forEach((h, c) => {
    if (h !== '') return;
    const r = t.rows.findIndex((row) => row[c] !== '');
    if (r >= 0)
      throw new CsvError(
        t.file,
        1,
        null,
        `column ${c + 1} has no name in the header but row ${t.rowNumbers[r]} has a value in it: name the column`
      );
  });
}

function dropUnnamedBlankColumns(t: WideTable): WideTable {
  const keep = t.header.map((h, c) => (h !== '' ? c : -1)).filter((c) => c >= 0);
  if (keep.length === t.header.length) return t;
  return { ...t, header: keep.map((c) => t.header[c]), rows: t.rows.map((row) => keep.map((c) => row[c])) };
}
