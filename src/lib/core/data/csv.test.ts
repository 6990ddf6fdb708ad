import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { csvField, exportTelcoCsv, formatFloat32 } from './csv-export.ts';
import { CSV_FIXTURES, malformedSet, readCsvSet as readSet } from '../../../../test/fixtures/csv/load.ts';
import { importTelcoCsv } from './csv-import.ts';
import { CsvError } from './csv-read.ts';
import { csvSchemasMarkdown } from './csv-schemas.ts';
import { generateDataset } from './generator.ts';
import { standardCeilings } from './ceilings.ts';

const TABLES = ['customers', 'usage', 'plans', 'adoptions'] as const;

/** Each malformed fixture replaces one table of the valid set; the message must name file, row and column. */
const EXPECTED: Array<[string, string]> = [
  [
    'adoptions--bad-date.csv',
    'adoptions--bad-date.csv row 3, column date: "2024-02-30" is not a date (use YYYY-MM-DD)'
  ],
  [
    'adoptions--bad-kind.csv',
    'adoptions--bad-kind.csv row 3, column kind: "upgrade" is not one of signup, switch'
  ],
  [
    'adoptions--switch-before-signup.csv',
    'adoptions--switch-before-signup.csv row 3, column date: this switch is dated before customer "c1" signed up (row 2)'
  ],
  [
    'adoptions--two-signups.csv',
    'adoptions--two-signups.csv row 3, column kind: customer "c1" already has a signup (row 2)'
  ],
  [
    'adoptions--unknown-customer.csv',
    'adoptions--unknown-customer.csv row 5, column customer_id: unknown customer "c7" (not in customers.csv)'
  ],
  [
    'adoptions--unknown-plan.csv',
    'adoptions--unknown-plan.csv row 5, column plan_id: unknown plan "p9" (not in plans.csv)'
  ],
  [
    'customers--age-not-number.csv',
    'customers--age-not-number.csv row 2, column age: "thirty" is not a number'
  ],
  [
    'customers--age-out-of-range.csv',
    'customers--age-out-of-range.csv row 4, column age: 150 is out of range (16 to 110)'
  ],
  [
    'customers--bad-segment.csv',
    'customers--bad-segment.csv row 3, column segment: "gold" is not one of residential, business, premium'
  ],
  ['customers--blank-id.csv', 'customers--blank-id.csv row 3, column customer_id: required value is missing'],
  [
    'customers--duplicate-column.csv',
    'customers--duplicate-column.csv row 1, column age: the column appears twice (columns 3 and 6)'
  ],
  [
    'customers--duplicate-id.csv',
    'customers--duplicate-id.csv row 4, column customer_id: duplicate customer id "c1" (first at row 2)'
  ],
  ['customers--empty.csv', 'customers--empty.csv: the file is empty'],
  ['customers--header-only.csv', 'customers--header-only.csv: no data rows under the header'],
  [
    'customers--hidden-blank.csv',
    'customers--hidden-blank.csv row 3, column budget: value is missing (give this column for every row or leave it out)'
  ],
  [
    'customers--lines-fraction.csv',
    'customers--lines-fraction.csv row 3, column lines: "1.5" is not a whole number'
  ],
  [
    'customers--missing-column.csv',
    'customers--missing-column.csv: missing required column "segment" (header: customer_id, age, tenure_months, lines, region)'
  ],
  [
    'customers--choice-model-mixed.csv',
    'customers--choice-model-mixed.csv row 3, column choice_model: "standard" differs from "overage-family" in row 2: one choice model made the whole dataset'
  ],
  [
    'customers--choice-model-without-traits.csv',
    'customers--choice-model-without-traits.csv, column choice_model: a choice model needs the hidden-trait columns it reads (price_sensitivity, budget, taste_…)'
  ],
  [
    'customers--partial-hidden.csv',
    'customers--partial-hidden.csv: hidden-trait columns come all together or not at all: found price_sensitivity but not budget, taste_video, taste_music, taste_roaming, taste_protection'
  ],
  [
    'customers--sensitivity-out-of-range.csv',
    'customers--sensitivity-out-of-range.csv row 3, column price_sensitivity: 1.5 is out of range (0 to 1)'
  ],
  [
    'customers--too-many-fields.csv',
    'customers--too-many-fields.csv row 3: expected 6 fields like the header, found 8'
  ],
  [
    'customers--unclosed-quote.csv',
    'customers--unclosed-quote.csv row 4: a quoted field is never closed (unmatched ")'
  ],
  [
    'plans--age-limits-reversed.csv',
    'plans--age-limits-reversed.csv row 3, column max_age: 20 is below min_age 30'
  ],
  [
    'plans--bad-allowance.csv',
    'plans--bad-allowance.csv row 4, column data_gb: "lots" is not a number or "unlimited"'
  ],
  [
    'plans--bad-boolean.csv',
    'plans--bad-boolean.csv row 3, column video: "maybe" is not a yes/no value (use yes/no, true/false or 1/0)'
  ],
  [
    'plans--bad-type.csv',
    'plans--bad-type.csv row 4, column type: "contract" is not one of prepaid, postpaid, unlimited, family, business'
  ],
  [
    'plans--duplicate-id.csv',
    'plans--duplicate-id.csv row 4, column plan_id: duplicate plan id "p1" (first at row 2)'
  ],
  ['plans--zero-price.csv', 'plans--zero-price.csv row 2, column price: 0 is out of range (0.01 to 100000)'],
  [
    'usage--bad-month.csv',
    'usage--bad-month.csv row 4, column month: "2024-13" is not a month (use YYYY-MM)'
  ],
  [
    'usage--customer-without-usage.csv',
    'usage--customer-without-usage.csv, column customer_id: customer "c3" (customers.csv row 4) has no usage rows'
  ],
  [
    'usage--duplicate-month.csv',
    'usage--duplicate-month.csv row 4, column month: customer "c1" already has a row for 2024-02 (row 3)'
  ],
  [
    'usage--missing-month.csv',
    'usage--missing-month.csv, column month: customer "c2" has no row for 2024-02 (every customer needs every month)'
  ],
  [
    'usage--month-gap.csv',
    'usage--month-gap.csv, column month: months must be consecutive: no row has 2024-02 (between 2024-01 and 2024-04)'
  ],
  [
    'usage--negative-data.csv',
    'usage--negative-data.csv row 9, column data_gb: -2 is out of range (0 to 100000)'
  ],
  ['usage--not-a-number.csv', 'usage--not-a-number.csv row 7, column voice_minutes: "NaN" is not a number'],
  [
    'usage--unknown-customer.csv',
    'usage--unknown-customer.csv row 6, column customer_id: unknown customer "c9" (not in customers.csv)'
  ]
];

function importMalformed(file: string): unknown {
  const { files, table } = malformedSet(file);
  return importTelcoCsv({ files, fileNames: { [table]: file } });
}

describe('CSV import of malformed files', () => {
  it('covers every fixture, at least 25, each with its own message', () => {
    const files = readdirSync(`${CSV_FIXTURES}/malformed`).sort();
    expect(files.length).toBeGreaterThanOrEqual(25);
    expect(EXPECTED.map((e) => e[0]).sort()).toEqual(files);
    expect(new Set(EXPECTED.map((e) => e[1])).size).toBe(EXPECTED.length);
  });

  it.each(EXPECTED)('rejects %s', (file, message) => {
    let error: unknown;
    try {
      importMalformed(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CsvError);
    expect((error as CsvError).message).toBe(message);
    expect((error as CsvError).name).toBe('CoreError:csv');
  });
});

describe('CSV import of valid files', () => {
  it('reads the hand-made set', () => {
    const ds = importTelcoCsv({ files: readSet('valid'), name: 'hand' });
    expect(ds.customers.ids).toEqual(['c1', 'c2', 'c3']);
    expect(Array.from(ds.customers.segment)).toEqual([0, 1, 2]);
    expect(ds.customers.regionNames).toEqual(['north', 'south']);
    expect(ds.usage.months).toBe(3);
    expect(ds.startDate).toBe('2024-01-01');
    expect(Array.from(ds.usage.dataGb.subarray(0, 3))).toEqual([8.5, 9.25, 10]);
    expect(ds.usage.sms[4]).toBe(0); // blank sms = 0
    expect(ds.plans[2]).toMatchObject({ id: 'p3', dataGb: 60, minutes: null, sms: null, lines: 3 });
    expect(Array.from(ds.adoptions.day)).toEqual([-351, 31, -975, 9]);
    expect(Array.from(ds.adoptions.kind)).toEqual([0, 1, 0, 0]);
    expect(ds.customers.hidden).toBeUndefined();
  });

  it('copes with a BOM, CRLF, sniffed delimiters, header case and spacing, mixed booleans, blank cells and row order', () => {
    const plain = importTelcoCsv({ files: readSet('valid') });
    const quirky = importTelcoCsv({ files: readSet('quirky') });
    expect(quirky.customers).toEqual(plain.customers);
    expect(quirky.usage).toEqual(plain.usage); // usage rows out of order and tab-separated
    expect(quirky.plans.map((p) => p.bundles)).toEqual([
      { video: false, music: false, roaming: false, protection: false },
      { video: true, music: false, roaming: false, protection: false },
      { video: false, music: true, roaming: false, protection: false }
    ]);
    expect(quirky.plans[2].name).toBe('Family; pooled');
    expect(quirky.adoptions).toEqual(plain.adoptions); // blank kind = switch, "Signup" case-insensitive
  });
});

describe('CSV export', () => {
  const ds = generateDataset({ customers: 600, seed: 11, ceilings: false });

  it('then import gives the identical dataset', () => {
    const back = importTelcoCsv({ files: exportTelcoCsv(ds), name: ds.name, seed: ds.seed });
    expect(back).toEqual({ ...ds });
    expect(back.customers.hidden).toBeDefined();
  });

  it("keeps the overage & family choice model: re-imported, the ceilings come out as the generator's", () => {
    const of = generateDataset({ customers: 600, seed: 11, choiceModel: 'overage-family' });
    const back = importTelcoCsv({ files: exportTelcoCsv(of), name: of.name, seed: of.seed });
    expect(back.choiceModel).toBe('overage-family');
    // What a lost choice model costs: the ceilings recomputed on import read the wrong utility.
    expect(standardCeilings(back)).toEqual(of.ceilings);
    const { ceilings: _c, ...rest } = of;
    expect(back).toEqual(rest);
  });

  it('is byte-identical for the same seed and differs for another', () => {
    const a = exportTelcoCsv(generateDataset({ customers: 600, seed: 11, ceilings: false }));
    const b = exportTelcoCsv(ds);
    const c = exportTelcoCsv(generateDataset({ customers: 600, seed: 12, ceilings: false }));
    for (const t of TABLES) expect(a[t]).toBe(b[t]);
    expect(a.customers).not.toBe(c.customers);
    expect(a.usage).not.toBe(c.usage);
    expect(a.adoptions).not.toBe(c.adoptions);
  });

  it('writes float32 values in their shortest exact form and quotes text that needs it', () => {
    for (const v of [0.1, 9.37, 1234.5, 1e-7, 3]) {
      const f = Math.fround(v);
      expect(Math.fround(Number(formatFloat32(f)))).toBe(f);
    }
    expect(formatFloat32(Math.fround(9.37))).toBe('9.37');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('plain')).toBe('plain');
  });

  it('documents every table as markdown', () => {
    const md = csvSchemasMarkdown();
    for (const t of TABLES) expect(md).toContain(`## ${t}.csv`);
    expect(md).toContain('| customer_id | id | yes | rejected |');
  });
});

describe('dataset summary', () => {
  it('counts customers, plans, adoptions, segment mix and usage quantiles of a hand-made dataset', async () => {
    const { summarizeDataset } = await import('./summary.ts');
    const s = summarizeDataset(importTelcoCsv({ files: readSet('valid') }));
    expect(s).toMatchObject({
      customers: 3,
      plans: 3,
      adoptions: 4,
      usageMonths: 3,
      startDate: '2024-01-01',
      synthetic: false,
      ceilings: []
    });
    expect(s.adoptionsPerCustomer).toBeCloseTo(4 / 3, 12);
    expect(s.segmentMix.map((m) => m.count)).toEqual([1, 1, 1]);
    expect(s.usageQuantiles.dataGb.p50).toBe(12); // sorted: 8.5 9.25 10 11 12 13.5 25 28.75 30
    expect(s.planAdoptions.map((p) => p.count)).toEqual([1, 2, 1]);
  });
});
