import { BUNDLES, PLAN_TYPES, SEGMENTS } from './schema.ts';
import { layoutDocsMarkdown } from './layout-docs.ts';
import { CHOICE_MODELS } from './utility.ts';

/**
 * The documented CSV schemas of the four raw tables, as data: the importer validates against
 * them, and README, docs/csv-schemas.md and the Docs page render them (csvSchemasMarkdown).
 *
 * Common rules: UTF-8 (a BOM is fine); comma, semicolon, tab or pipe delimited (sniffed);
 * CRLF or LF; a header row whose names are matched ignoring case, spaces and hyphens
 * ("Customer ID" = customer_id); unknown columns are ignored; booleans accept
 * yes/no, true/false, y/n, t/f, 1/0; row numbers in messages count the header as row 1.
 */
export type CsvTable = 'customers' | 'usage' | 'plans' | 'adoptions';
export const CSV_TABLES: readonly CsvTable[] = ['customers', 'usage', 'plans', 'adoptions'];

export type CsvColumnType =
  'id' | 'string' | 'integer' | 'number' | 'boolean' | 'enum' | 'date' | 'month' | 'allowance';

export interface CsvColumn {
  name: string;
  type: CsvColumnType;
  /** A required column must be in the header; `blank` says what an empty cell means. */
  required: boolean;
  /** Meaning of an empty cell: 'error' or the value it stands for (as text). */
  blank: 'error' | string;
  description: string;
  unit?: string;
  min?: number;
  max?: number;
  /** Allowed values of an enum column. */
  values?: readonly string[];
  /** Column that refers to another table's key (checked on import). */
  references?: CsvTable;
}

export interface CsvTableSchema {
  table: CsvTable;
  file: string;
  description: string;
  columns: CsvColumn[];
}

const HIDDEN_NOTE =
  'Synthetic data only (a hidden trait of the generator); give it for every customer or leave the column out.';

export const CSV_SCHEMAS: Record<CsvTable, CsvTableSchema> = {
  customers: {
    table: 'customers',
    file: 'customers.csv',
    description: 'One row per customer account. Row order is the customer index order.',
    columns: [
      { name: 'customer_id', type: 'id', required: true, blank: 'error', description: 'Unique customer id.' },
      {
        name: 'segment',
        type: 'enum',
        required: true,
        blank: 'error',
        values: SEGMENTS,
        description: 'Customer segment.'
      },
      {
        name: 'age',
        type: 'integer',
        required: true,
        blank: 'error',
        min: 16,
        max: 110,
        unit: 'years',
        description: 'Age of the account holder.'
      },
      {
        name: 'tenure_months',
        type: 'integer',
        required: true,
        blank: 'error',
        min: 0,
        max: 600,
        unit: 'months',
        description: 'Months since signup.'
      },
      {
        name: 'lines',
        type: 'integer',
        required: true,
        blank: 'error',
        min: 1,
        max: 100,
        description: 'Lines (SIMs) on the account.'
      },
      { name: 'region', type: 'string', required: false, blank: 'unknown', description: 'Region name.' },
      {
        name: 'price_sensitivity',
        type: 'number',
        required: false,
        blank: 'error',
        min: 0,
        max: 1,
        description: `Price sensitivity in [0, 1]. ${HIDDEN_NOTE}`
      },
      {
        name: 'budget',
        type: 'number',
        required: false,
        blank: 'error',
        min: 0.01,
        max: 1e6,
        unit: 'currency / month',
        description: `Monthly budget of the account. ${HIDDEN_NOTE}`
      },
      ...BUNDLES.map((b): CsvColumn => ({
        name: `taste_${b}`,
        type: 'number',
        required: false,
        blank: 'error',
        min: 0,
        max: 1,
        description: `Taste for the ${b} bundle in [0, 1]. ${HIDDEN_NOTE}`
      })),
      {
        name: 'choice_model',
        type: 'enum',
        required: false,
        blank: 'standard',
        values: CHOICE_MODELS.map((m) => m.id),
        description:
          'Synthetic data only: the hidden utility that read the traits above to make the adoptions (written when it is not standard); the same on every row, and only beside the hidden-trait columns.'
      }
    ]
  },
  usage: {
    table: 'usage',
    file: 'usage.csv',
    description:
      'One row per customer and month; every customer has a row for every month, and the months are consecutive. Usage is per line (the account average).',
    columns: [
      {
        name: 'customer_id',
        type: 'id',
        required: true,
        blank: 'error',
        references: 'customers',
        description: 'Customer id from customers.csv.'
      },
      {
        name: 'month',
        type: 'month',
        required: true,
        blank: 'error',
        unit: 'YYYY-MM',
        description: 'Calendar month.'
      },
      {
        name: 'data_gb',
        type: 'number',
        required: true,
        blank: 'error',
        min: 0,
        max: 100000,
        unit: 'GB',
        description: 'Mobile data used in the month.'
      },
      {
        name: 'voice_minutes',
        type: 'number',
        required: true,
        blank: 'error',
        min: 0,
        max: 100000,
        unit: 'minutes',
        description: 'Voice minutes in the month.'
      },
      {
        name: 'sms',
        type: 'number',
        required: false,
        blank: '0',
        min: 0,
        max: 100000,
        description: 'SMS sent in the month (blank = 0).'
      }
    ]
  },
  plans: {
    table: 'plans',
    file: 'plans.csv',
    description:
      'The plan catalogue, one row per plan. Allowances of multi-line plans are pooled across their lines.',
    columns: [
      { name: 'plan_id', type: 'id', required: true, blank: 'error', description: 'Unique plan id.' },
      { name: 'name', type: 'string', required: true, blank: 'error', description: 'Plan name.' },
      {
        name: 'type',
        type: 'enum',
        required: true,
        blank: 'error',
        values: PLAN_TYPES,
        description: 'Plan type.'
      },
      {
        name: 'price',
        type: 'number',
        required: true,
        blank: 'error',
        min: 0.01,
        max: 100000,
        unit: 'currency / month',
        description: 'Monthly price of the plan (all its lines).'
      },
      {
        name: 'data_gb',
        type: 'allowance',
        required: true,
        blank: 'error',
        min: 0,
        max: 100000,
        unit: 'GB',
        description: 'Included data, or "unlimited".'
      },
      {
        name: 'minutes',
        type: 'allowance',
        required: false,
        blank: 'unlimited',
        min: 0,
        max: 1e6,
        description: 'Included minutes per line, or "unlimited" (blank = unlimited).'
      },
      {
        name: 'sms',
        type: 'allowance',
        required: false,
        blank: 'unlimited',
        min: 0,
        max: 1e6,
        description: 'Included SMS per line, or "unlimited" (blank = unlimited).'
      },
      {
        name: 'lines',
        type: 'integer',
        required: true,
        blank: 'error',
        min: 1,
        max: 100,
        description: 'Lines included.'
      },
      ...BUNDLES.map((b): CsvColumn => ({
        name: b,
        type: 'boolean',
        required: false,
        blank: 'no',
        description: `Whether the ${b} bundle is included (blank = no).`
      })),
      {
        name: 'min_age',
        type: 'integer',
        required: false,
        blank: '',
        min: 0,
        max: 120,
        unit: 'years',
        description: 'Youngest eligible customer (blank = none).'
      },
      {
        name: 'max_age',
        type: 'integer',
        required: false,
        blank: '',
        min: 0,
        max: 120,
        unit: 'years',
        description: 'Oldest eligible customer (blank = none).'
      }
    ]
  },
  adoptions: {
    table: 'adoptions',
    file: 'adoptions.csv',
    description:
      'Dated plan adoptions: the plan taken at signup and later switches. At most one signup per customer, dated before its switches.',
    columns: [
      {
        name: 'customer_id',
        type: 'id',
        required: true,
        blank: 'error',
        references: 'customers',
        description: 'Customer id from customers.csv.'
      },
      {
        name: 'plan_id',
        type: 'id',
        required: true,
        blank: 'error',
        references: 'plans',
        description: 'Plan id from plans.csv.'
      },
      {
        name: 'date',
        type: 'date',
        required: true,
        blank: 'error',
        unit: 'YYYY-MM-DD',
        description: 'Adoption date.'
      },
      {
        name: 'kind',
        type: 'enum',
        required: false,
        blank: 'switch',
        values: ['signup', 'switch'],
        description: 'signup or switch (blank = switch).'
      }
    ]
  }
};

/** The schemas as Markdown tables (docs/csv-schemas.md and the README are generated from this). */
export function csvSchemasMarkdown(): string {
  const lines: string[] = [
    '# CSV schemas',
    '',
    'Generated from `src/lib/core/data/csv-schemas.ts` (`npm run cli -- generate` writes files in these layouts).',
    '',
    'All files: UTF-8 (a BOM is fine), comma/semicolon/tab/pipe delimited (sniffed), LF or CRLF, one header row. ' +
      'Header names match ignoring case, spaces and hyphens; unknown columns are ignored. Booleans: yes/no, true/false, y/n, t/f, 1/0. ' +
      'An import is all or nothing: the first problem rejects it with a message naming the file, row (header = row 1) and column.',
    ''
  ];
  for (const t of CSV_TABLES) {
    const s = CSV_SCHEMAS[t];
    lines.push(
      `## ${s.file}`,
      '',
      s.description,
      '',
      '| column | type | required | blank cell | range / values | meaning |',
      '| --- | --- | --- | --- | --- | --- |'
    );
    for (const c of s.columns) {
      const range = c.values
        ? c.values.join(', ')
        : c.min !== undefined
          ? `${c.min} – ${c.max}${c.unit ? ` ${c.unit}` : ''}`
          : (c.unit ?? (c.references ? `a ${c.references} id` : ''));
      const blank = c.blank === 'error' ? 'rejected' : c.blank === '' ? 'none' : c.blank;
      lines.push(
        `| ${c.name} | ${c.type} | ${c.required ? 'yes' : 'no'} | ${blank} | ${range} | ${c.description} |`
      );
    }
    lines.push('');
  }
  return lines.join('\n') + '\n' + layoutDocsMarkdown();
}
