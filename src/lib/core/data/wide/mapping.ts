import { CoreError } from '../../types.ts';
import type { NumberFormat } from './values.ts';

/**
 * How a wide customer table becomes a recommender dataset: one entry per column, saying its
 * role and how its values are read. Plain JSON, so it is saved with the dataset and can be
 * exported and imported again ("the same table maps the same way").
 *
 *   role 'id'       the customer id (exactly one column; unique, never blank)
 *   role 'item'     what gets recommended: a yes/no column is one item (adopted when yes);
 *                   a categorical column is one item per value, except the `noValues`
 *   role 'feature'  a customer feature: categorical / yes-no → one-hot ("contract:Two year");
 *                   numeric → a quantile band ("tenure_band:0-8") plus the value scaled to
 *                   0..1 ("tenure:scaled"); a blank cell → "<column>:missing", counted
 *   role 'ignore'   not used (free text, ids of other things, a churn target)
 */
export const MAPPING_FORMAT = 'telco-lab/wide-mapping';
export const MAPPING_VERSION = 1;

export type ColumnRole = 'id' | 'item' | 'feature' | 'ignore';
export type ColumnType = 'yesno' | 'categorical' | 'numeric';
export const COLUMN_ROLES: readonly ColumnRole[] = ['id', 'item', 'feature', 'ignore'];
export const COLUMN_TYPES: readonly ColumnType[] = ['yesno', 'categorical', 'numeric'];

export interface ColumnMapping {
  /** The column's header, as written in the file (matched ignoring case and surrounding spaces). */
  name: string;
  role: ColumnRole;
  type: ColumnType;
  /** numeric: how numbers are written ("1,234.5" dot, "1.234,5" comma). Default 'dot'. */
  numberFormat?: NumberFormat;
  /** numeric features: ascending band edges; band k holds edges[k-1] ≤ v < edges[k]. */
  bandEdges?: number[];
  /** numeric features: the [min, max] scaled to 0..1 (values outside are clipped). */
  range?: [number, number];
  /** categorical items: values that mean "not adopted" (e.g. "No"). */
  noValues?: string[];
  /** Why inference chose this role (shown in the proposal; ignored on import). */
  reason?: string;
}

export interface WideMapping {
  format: typeof MAPPING_FORMAT;
  version: typeof MAPPING_VERSION;
  columns: ColumnMapping[];
  /** Seeded random hold-out of adoptions for the test split. */
  split: { testFraction: number; seed: number };
}

export const DEFAULT_SPLIT = { testFraction: 0.2, seed: 42 } as const;

function bad(problem: string): never {
  throw new CoreError('bad_mapping', `mapping: ${problem}`);
}

/** Parses and checks a mapping JSON text; every problem names the entry and field. */
export function parseMapping(text: string): WideMapping {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    bad(`the file is not valid JSON (${(e as Error).message})`);
  }
  return checkMapping(raw);
}

export function checkMapping(raw: unknown): WideMapping {
  const m = raw as Partial<WideMapping> | null;
  if (!m || typeof m !== 'object') bad('expected a JSON object');
  if (m.format !== MAPPING_FORMAT)
    bad(`"format" must be "${MAPPING_FORMAT}" (is this a mapping exported by this app?)`);
  if (m.version !== MAPPING_VERSION)
    bad(`"version" ${String(m.version)} is not supported (this app reads version ${MAPPING_VERSION})`);
  if (!Array.isArray(m.columns) || m.columns.length === 0) bad('"columns" must be a non-empty list');
  const seen = new Set<string>();
  m.columns.forEach((c, k) => {
    const where = `columns[${k}]${c && typeof c.name === 'string' ? ` ("${c.name}")` : ''}`;
    if (!c || typeof c.name !== 'string' || c.name.trim() === '') bad(`${where} needs a "name"`);
    if (seen.has(c.name.trim().toLowerCase())) bad(`${where}: the column is listed twice`);
    seen.add(c.name.trim().toLowerCase());
    if (!COLUMN_ROLES.includes(c.role)) bad(`${where}: "role" must be one of ${COLUMN_ROLES.join(', ')}`);
    if (!COLUMN_TYPES.includes(c.type)) bad(`${where}: "type" must be one of ${COLUMN_TYPES.join(', ')}`);
    if (c.numberFormat !== undefined && c.numberFormat !== 'dot' && c.numberFormat !== 'comma')
      bad(`${where}: "numberFormat" must be "dot" or "comma"`);
    if (
      c.bandEdges !== undefined &&
      (!Array.isArray(c.bandEdges) ||
        c.bandEdges.some((x, i) => !Number.isFinite(x) || (i > 0 && x <= c.bandEdges![i - 1])))
    ) {
      bad(`${where}: "bandEdges" must be ascending numbers`);
    }
    if (
      c.range !== undefined &&
      (!Array.isArray(c.range) ||
        c.range.length !== 2 ||
        !c.range.every(Number.isFinite) ||
        c.range[0] > c.range[1])
    )
      bad(`${where}: "range" must be [min, max]`);
    if (
      c.noValues !== undefined &&
      (!Array.isArray(c.noValues) || c.noValues.some((v) => typeof v !== 'string'))
    )
      bad(`${where}: "noValues" must be a list of strings`);
  });
  const ids = m.columns.filter((c) => c.role === 'id');
  if (ids.length !== 1)
    bad(
      ids.length === 0
        ? 'no column has role "id": mark the customer id column'
        : `only one column can be the customer id (found ${ids.map((c) => `"${c.name}"`).join(', ')})`
    );
  const split = m.split ?? DEFAULT_SPLIT;
  if (!(split.testFraction > 0 && split.testFraction < 1))
    bad('"split.testFraction" must be between 0 and 1');
  if (!Number.isInteger(split.seed)) bad('"split.seed" must be an integer');
  return {
    format: MAPPING_FORMAT,
    version: MAPPING_VERSION,
    columns: m.columns,
    split: { testFraction: split.testFraction, seed: split.seed }
  };
}

/** The mapping as the JSON text that is saved and exported (stable key order, readable). */
export function mappingJson(m: WideMapping): string {
  return JSON.stringify(m, null, 2) + '\n';
}

/** "MonthlyCharges" → "monthly_charges", "Payment Method" → "payment_method": the feature-name prefix. */
export function featureKey(header: string): string {
  const snake = header
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
  return snake || 'column';
}
