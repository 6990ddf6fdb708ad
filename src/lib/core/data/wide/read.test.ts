import { describe, expect, it } from 'vitest';
import { telcoChurnCsv } from '../../../../../test/fixtures/wide/telco-churn.ts';
import { importWideTable } from './import.ts';
import { mappingJson, parseMapping } from './mapping.ts';
import { readWideTable } from './read.ts';
import { detectNumberFormat, parseNumberAs, yesNoOf } from './values.ts';

const read = (text: string) => readWideTable({ text, file: 'm.csv' });

describe('reading messy files', () => {
  it('gives the same table for CRLF, LF and CR line ends, with or without a BOM', () => {
    const rows = ['id,plan,fee', 'a,Yes,1', 'b,No,2'];
    const lf = read(rows.join('\n'));
    for (const [text, ending] of [
      [rows.join('\r\n') + '\r\n', 'CRLF'],
      ['\ufeff' + rows.join('\r'), 'CR']
    ] as const) {
      const t = read(text);
      expect(t.lineEnding).toBe(ending);
      expect({ header: t.header, rows: t.rows }).toEqual({ header: lf.header, rows: lf.rows });
    }
    expect(read('\ufeff' + rows.join('\n')).hadBom).toBe(true);
    expect(read('\ufeff' + rows.join('\n')).header[0]).toBe('id');
  });

  it('detects ; tab and | delimiters, and a comma inside quotes does not fool it', () => {
    expect(read('id;plan;fee\na;Yes;"1,5"\nb;No;2').delimiter).toBe(';');
    expect(read('id\tplan\na\tYes\nb\tNo').delimiter).toBe('\t');
    expect(read('id|plan\na|Yes\nb|No').delimiter).toBe('|');
    const t = read(
      'id,"Payment, method",note\na,"Bank transfer, automatic","says ""hi""\non two lines"\nb,Card,'
    );
    expect(t.delimiter).toBe(',');
    expect(t.header).toEqual(['id', 'Payment, method', 'note']);
    expect(t.rows[0]).toEqual(['a', 'Bank transfer, automatic', 'says "hi"\non two lines']);
    // Rows count records, as a spreadsheet shows them (a quoted line break stays inside its row).
    expect(t.rowNumbers).toEqual([2, 3]);
  });

  it('trims cells and drops blank rows and a trailing unnamed empty column', () => {
    const t = read('  id , plan ,\n a , Yes ,\n\n , , \nb,No,\n');
    expect(t.header).toEqual(['id', 'plan']);
    expect(t.rows).toEqual([
      ['a', 'Yes'],
      ['b', 'No']
    ]);
  });

  it('reads thousands separators and decimal commas only when unambiguous', () => {
    expect(detectNumberFormat(['1,234.5', '12', '99.9'])).toBe('dot');
    expect(detectNumberFormat(['1.234,5', '12', '29,85'])).toBe('comma');
    expect(detectNumberFormat(['1,234', '2,500'])).toBe('ambiguous');
    expect(detectNumberFormat(['1,234', '29,85'])).toBe('comma');
    expect(detectNumberFormat(['12', 'abc'])).toBeNull();
    expect(parseNumberAs('1,234.5', 'dot')).toBe(1234.5);
    expect(parseNumberAs('1.234,5', 'comma')).toBe(1234.5);
    expect(parseNumberAs('1,5', 'dot')).toBeNull();
  });

  it('counts yes/no spellings, with "No internet service" as no', () => {
    expect(['Yes', 'TRUE', '1', ' y '].map(yesNoOf)).toEqual(['yes', 'yes', 'yes', 'yes']);
    expect(['No', 'false', '0', 'No internet service', 'No phone service', 'none'].map(yesNoOf)).toEqual(
      Array(6).fill('no')
    );
    expect(yesNoOf('Maybe')).toBeNull();
  });
});

describe('the telco-churn-shaped table, no mapping', () => {
  const text = telcoChurnCsv({ customers: 1500, seed: 11 });
  const r = importWideTable({ text, file: 'telco.csv' });
  const role = (name: string) => r.mapping.columns.find((c) => c.name === name)!;

  it('proposes the id, the services as items and the customer facts as features', () => {
    expect(role('customerID').role).toBe('id');
    for (const s of [
      'PhoneService',
      'MultipleLines',
      'OnlineSecurity',
      'OnlineBackup',
      'DeviceProtection',
      'TechSupport',
      'StreamingTV',
      'StreamingMovies'
    ]) {
      expect(role(s)).toMatchObject({ role: 'item', type: 'yesno' });
    }
    expect(role('InternetService')).toMatchObject({ role: 'item', type: 'categorical', noValues: ['No'] });
    for (const f of [
      'gender',
      'SeniorCitizen',
      'Partner',
      'Dependents',
      'Contract',
      'PaperlessBilling',
      'PaymentMethod'
    ])
      expect(role(f).role).toBe('feature');
    for (const f of ['tenure', 'MonthlyCharges', 'TotalCharges'])
      expect(role(f)).toMatchObject({ role: 'feature', type: 'numeric', numberFormat: 'dot' });
    expect(role('Churn').role).toBe('ignore');
    expect(r.data.space.itemIds).toContain('InternetService=Fiber optic');
    expect(r.data.space.itemIds).not.toContain('InternetService=No');
  });

  it('gives items features of their own: the column each came from (service:StreamingTV)', () => {
    const { itemIds, itemFeatureNames, itemFeatures: m } = r.data.space;
    const namesOf = (id: string) => {
      const i = itemIds.indexOf(id);
      return Array.from(m.indices.subarray(m.indptr[i], m.indptr[i + 1]), (f) => itemFeatureNames[f]).filter(
        (n) => !n.startsWith('item:')
      );
    };
    expect(namesOf('StreamingTV')).toEqual(['service:StreamingTV']);
    expect(namesOf('InternetService=Fiber optic')).toEqual(['service:InternetService']);
    expect(namesOf('InternetService=DSL')).toEqual(['service:InternetService']);
  });

  it('counts the blank TotalCharges as missing, never as 0', () => {
    expect(r.report.missingCells).toBe(11);
    expect(r.report.missingByColumn).toEqual([{ column: 'TotalCharges', blank: 11 }]);
    expect(r.report.featureCounts.find((f) => f.feature === 'total_charges_band:missing')?.customers).toBe(
      11
    );
  });

  it('names features by column prefix (contract:Two year, tenure_band:lo-hi, tenure:scaled)', () => {
    const names = r.data.space.userFeatureNames.filter((n) => !n.startsWith('user:'));
    expect(names).toContain('contract:Two year');
    expect(names).toContain('senior_citizen:yes');
    expect(names).toContain('tenure:scaled');
    expect(names.filter((n) => n.startsWith('tenure_band:'))).toHaveLength(4);
    for (const n of names) expect(n).toMatch(/^[a-z0-9_]+:.+$/);
  });

  it('is the same dataset from the same table written with ; and decimal commas, a BOM and LF', () => {
    const euro = importWideTable({
      text: telcoChurnCsv({
        customers: 1500,
        seed: 11,
        delimiter: ';',
        decimalComma: true,
        bom: true,
        lineEnding: '\n'
      }),
      file: 'telco.csv'
    });
    expect(euro.mapping.columns.find((c) => c.name === 'MonthlyCharges')?.numberFormat).toBe('comma');
    expect(euro.data.space.userFeatureNames).toEqual(r.data.space.userFeatureNames);
    expect(euro.data.train).toEqual(r.data.train);
    expect(euro.data.space.userFeatures).toEqual(r.data.space.userFeatures);
  });

  it('round-trips its mapping through JSON and maps the same table the same way', () => {
    const again = importWideTable({ text, file: 'telco.csv', mapping: parseMapping(mappingJson(r.mapping)) });
    expect(again.inferred).toBe(false);
    expect(again.data).toEqual(r.data);
    expect(again.mapping).toEqual(r.mapping);
  });

  it("splits adoptions with the mapping's seed: same seed same split, another seed another", () => {
    expect(r.report.train + r.report.test).toBe(r.report.adoptions);
    const other = importWideTable({
      text,
      file: 'telco.csv',
      mapping: { ...r.mapping, split: { testFraction: 0.2, seed: 5 } }
    });
    expect(other.data.test.userIdx).not.toEqual(r.data.test.userIdx);
    expect(other.data.test.userIdx.length).toBe(r.data.test.userIdx.length);
  });
});

describe('editing a proposal', () => {
  it('moves the id, and a type change recomputes what belongs to the type', async () => {
    const { editColumn } = await import('./edit.ts');
    const text = telcoChurnCsv({ customers: 200, seed: 2 });
    const r = importWideTable({ text, file: 't.csv' });
    const moved = editColumn(r.mapping, 'TotalCharges', { role: 'id' });
    expect(moved.columns.filter((c) => c.role === 'id').map((c) => c.name)).toEqual(['TotalCharges']);
    expect(moved.columns.find((c) => c.name === 'customerID')?.role).toBe('ignore');
    const churnFeature = editColumn(r.mapping, 'Churn', { role: 'feature' });
    const withChurn = importWideTable({ text, file: 't.csv', mapping: churnFeature });
    expect(withChurn.data.space.userFeatureNames).toContain('churn:yes');
    const tenureCategorical = editColumn(r.mapping, 'tenure', { type: 'categorical' });
    expect(tenureCategorical.columns.find((c) => c.name === 'tenure')).toMatchObject({
      type: 'categorical',
      noValues: []
    });
    const back = editColumn(tenureCategorical, 'tenure', { type: 'numeric' });
    const again = importWideTable({ text, file: 't.csv', mapping: back });
    expect(again.mapping.columns.find((c) => c.name === 'tenure')?.bandEdges).toEqual(
      r.mapping.columns.find((c) => c.name === 'tenure')?.bandEdges
    );
  });
});

describe('the documented worked example (docs/csv-schemas.md, Docs page)', () => {
  it('imports to exactly the items and adoptions the docs state', async () => {
    const { WIDE_EXAMPLE } = await import('../layout-docs.ts');
    const r = importWideTable({ text: WIDE_EXAMPLE.csv, file: 'example.csv' });
    expect([...r.data.space.itemIds].sort()).toEqual([...WIDE_EXAMPLE.items].sort());
    const u = r.data.space.userIds.indexOf(WIDE_EXAMPLE.adoptionsOf.customer);
    const adopted = new Set<string>();
    for (const x of [r.data.train, r.data.test])
      x.userIdx.forEach((uu, k) => uu === u && adopted.add(r.data.space.itemIds[x.itemIdx[k]]));
    expect([...adopted].sort()).toEqual([...WIDE_EXAMPLE.adoptionsOf.items].sort());
    expect(r.mapping.columns.find((c) => c.name === 'Churn')?.role).toBe('ignore');
    expect(r.report.missingByColumn).toEqual([{ column: 'MonthlyCharges', blank: 1 }]);
    expect(r.data.space.userFeatureNames).toContain('monthly_charges_band:missing');
  });
});

describe('the proposal preview', () => {
  it('reports exactly what the import gives, without building it', async () => {
    const { previewMapping, readAndProfile } = await import('./import.ts');
    const text = telcoChurnCsv({ customers: 400, seed: 9 });
    const full = importWideTable({ text, file: 't.csv' });
    const { table } = readAndProfile({ text, file: 't.csv' });
    const check = previewMapping(table, full.mapping);
    expect(check).toEqual({ mapping: full.mapping, report: full.report, problem: null });
    expect(full.report.test).toBe(full.data.test.userIdx.length);
    expect(full.report.train).toBe(full.data.train.userIdx.length);
  });
});
