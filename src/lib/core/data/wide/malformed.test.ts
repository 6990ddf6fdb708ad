import { describe, expect, it } from 'vitest';
import { importWideTable } from './import.ts';
import { checkMapping, type WideMapping } from './mapping.ts';
import { BASE, MALFORMED, withCell } from '../../../../../test/fixtures/wide/malformed.ts';

function inferred(text: string): WideMapping {
  return importWideTable({ text, file: 't.csv' }).mapping;
}

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
    expect(() =>
      importWideTable({ text: withCell(2, 3, 'Maybe'), file: 't.csv', mapping: mapping() })
    ).toThrowError(
      't.csv row 3, column PhoneService: "Maybe" is not yes/no (yes/no, true/false, 1/0 or "No … service"): make the column categorical or fix the cell'
    );
  });
  it('reads text in a numeric column', () => {
    expect(() =>
      importWideTable({ text: withCell(5, 2, 'ten'), file: 't.csv', mapping: mapping() })
    ).toThrowError(
      't.csv row 6, column tenure: "ten" is not a number, but the column is numeric (numbers written like 1234.5 or 1,234.5); make it categorical or fix the cell'
    );
  });
  it('has no id, or is not a mapping at all', () => {
    const m = mapping();
    m.columns[0].role = 'ignore';
    expect(() => checkMapping(m)).toThrowError(
      'mapping: no column has role "id": mark the customer id column'
    );
    expect(() => checkMapping({ columns: [] })).toThrowError(
      'mapping: "format" must be "telco-lab/wide-mapping" (is this a mapping exported by this app?)'
    );
  });
});
