import { describe, expect, it } from 'vitest';
import { importWideTable } from './import.ts';
import { checkMapping, type WideMapping } from './mapping.ts';

/** A small valid wide table (CRLF); each malformed case below breaks it one way. */
export const BASE_ROWS = [
  'customerID,gender,tenure,PhoneService,InternetService,StreamingTV,Contract,Churn',
  'C1,Female,1,Yes,DSL,No,Month-to-month,No',
  'C2,Male,34,Yes,Fiber optic,Yes,One year,No',
  'C3,Male,2,No,DSL,Yes,Month-to-month,Yes',
  'C4,Female,45,Yes,No,No internet service,Two year,No',
  'C5,Female,8,Yes,Fiber optic,Yes,Month-to-month,Yes',
  'C6,Male,22,No,DSL,No,One year,No'
];
export const BASE = BASE_ROWS.join('\r\n') + '\r\n';

/** Replaces cell `col` of data row `row` (1-based, header = 0). */
function withCell(row: number, col: number, value: string): string {
  return BASE_ROWS.map((line, r) => (r === row ? line.split(',').map((c, k) => (k === col ? value : c)).join(',') : line)).join('\r\n');
}
/** Keeps only the columns at `cols`. */
function columns(...cols: number[]): string {
  return BASE_ROWS.map((line) => cols.map((k) => line.split(',')[k]).join(',')).join('\n');
}
function inferred(text: string): WideMapping {
  return importWideTable({ text, file: 't.csv' }).mapping;
}

const MALFORMED: Array<[string, string, string]> = [
  ['a 0-byte file', '', 't.csv: the file is empty (0 bytes): choose the CSV file with your customer table'],
  ['only blank lines', '\r\n \r\n\n', 't.csv: the file holds only blank lines: it needs a header row and one row per customer'],
  ['binary bytes (NUL)', 'customerID\u0000\u0001\u0002,x\n', 't.csv: this is not a CSV file: it contains NUL bytes, so it is a binary file (a spreadsheet, image or archive?), not CSV text'],
  ['an .xlsx (zip) file', 'PK\u0003\u0004\u0014\u0000\u0006\u0000', 't.csv: this is not a CSV file: it is a zip archive (an .xlsx or .zip file?): save the sheet as CSV first'],
  ['text that is not UTF-8', 'customerID,gender\n' + 'C\ufffd\ufffd,\ufffd\n'.repeat(4), 't.csv: this is not a CSV file: 12 of its first 42 characters are not readable text (not UTF-8 CSV): save it as "CSV UTF-8"'],
  ['header only', BASE_ROWS[0] + '\r\n', 't.csv: the file has a header row but no customer rows under it'],
  ['a single column', 'customerID\nC1\nC2\n', 't.csv row 1: only one column found: the header has no comma, semicolon, tab or pipe between column names (one row per customer, one column per attribute or service is needed)'],
  ['no header row', '1,2,3\n4,5,6\n', 't.csv row 1: the first row looks like data (1, 2, 3…), not column names: add a header row naming each column'],
  ['a single customer', BASE_ROWS.slice(0, 2).join('\n'), 't.csv: only 1 customer row: a recommender learns from many customers (at least 2, ideally thousands)'],
  ['no id column', columns(1, 3, 4, 5, 6), 't.csv: no customer id column: no column has a different, non-blank value on every row (6 rows). Add one (for example customerID) or mark one in the mapping'],
  ['duplicate ids', withCell(4, 0, 'C2'), 't.csv row 5, column customerID: customer id "C2" appears twice (rows 3 and 5): one row per customer'],
  ['a blank id', withCell(3, 0, ''), 't.csv row 4, column customerID: the customer id is blank: every row needs its own id'],
  ['all-blank item columns', BASE_ROWS.map((l, r) => (r === 0 ? l : l.split(',').map((c, k) => (k >= 3 && k <= 5 ? '' : c)).join(','))).join('\n'),
    't.csv: no column is an item: mark at least one yes/no service column (or a categorical one such as the internet service) as an item'],
  ['nobody adopted anything', columns(0, 1, 2, 6).replace('customerID,gender,tenure,Contract', 'customerID,gender,tenure,Contract,Roaming,Insurance').split('\n').map((l, r) => (r ? `${l},No,No` : l)).join('\n'),
    't.csv: no customer adopted any item: every cell of the item columns is no or blank (Roaming, Insurance)'],
  ['a single item', columns(0, 1, 2, 3, 6), 't.csv: only one item ("PhoneService"): a recommender needs at least 2 items to choose between'],
  ['a column of mixed yes and numbers', withCell(3, 5, '3'), 't.csv row 4, column StreamingTV: the column mixes yes/no values and numbers (row 2 has "No", row 4 has "3"): use one kind of value per column'],
  ['a row with too few fields', BASE_ROWS.map((l, r) => (r === 2 ? l.split(',').slice(0, 5).join(',') : l)).join('\n'),
    't.csv row 3: this row has 5 fields but the header has 8: a missing or extra comma, or an unquoted comma inside a value?'],
  ['an unclosed quote', BASE_ROWS.map((l, r) => (r === 3 ? l.replace('Male', '"Male') : l)).join('\n'), 't.csv row 4: a quoted field is never closed (unmatched "): check the quotes on this row'],
  ['two columns with one name', BASE.replace('StreamingTV', 'phoneservice'), 't.csv row 1, column phoneservice: columns 4 and 6 have the same name: give every column its own name'],
  ['values under an unnamed column', BASE_ROWS.map((l, r) => (r === 0 ? l + ',' : l + ',x')).join('\n'), 't.csv row 1: column 9 has no name in the header but row 2 has a value in it: name the column']
];

describe('malformed wide tables: each gets its own plain-words message', () => {
  it('has at least 15 distinct cases with distinct messages', () => {
    expect(MALFORMED.length).toBeGreaterThanOrEqual(15);
    expect(new Set(MALFORMED.map((m) => m[2])).size).toBe(MALFORMED.length);
  });
  it.each(MALFORMED)('%s', (_name, text, message) => {
    expect(() => importWideTable({ text, file: 't.csv' })).toThrowError(message);
    try {
      importWideTable({ text, file: 't.csv' });
    } catch (e) {
      expect((e as Error).message).toBe(message);
    }
  });
});

describe('a mapping that does not fit the file', () => {
  const mapping = () => checkMapping(JSON.parse(JSON.stringify(inferred(BASE))));
  it('names a column the file lacks', () => {
    const m = mapping();
    m.columns.push({ name: 'Roaming', role: 'item', type: 'yesno' });
    expect(() => importWideTable({ text: BASE, file: 't.csv', mapping: m })).toThrowError(
      't.csv: the mapping names column "Roaming", which this file does not have (its columns: customerID, gender, tenure, PhoneService, InternetService, StreamingTV, Contract, Churn)'
    );
  });
  it('reads a non-yes/no cell in a yes/no item column', () => {
    expect(() => importWideTable({ text: withCell(2, 3, 'Maybe'), file: 't.csv', mapping: mapping() })).toThrowError(
      't.csv row 3, column PhoneService: "Maybe" is not yes/no (yes/no, true/false, 1/0 or "No … service"): make the column categorical or fix the cell'
    );
  });
  it('reads text in a numeric column', () => {
    expect(() => importWideTable({ text: withCell(5, 2, 'ten'), file: 't.csv', mapping: mapping() })).toThrowError(
      't.csv row 6, column tenure: "ten" is not a number, but the column is numeric (numbers written like 1234.5 or 1,234.5); make it categorical or fix the cell'
    );
  });
  it('has no id, or is not a mapping at all', () => {
    const m = mapping();
    m.columns[0].role = 'ignore';
    expect(() => checkMapping(m)).toThrowError('mapping: no column has role "id": mark the customer id column');
    expect(() => checkMapping({ columns: [] })).toThrowError('mapping: "format" must be "telco-lab/wide-mapping" (is this a mapping exported by this app?)');
  });
});
