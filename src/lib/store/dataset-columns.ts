import type { DatasetSummary } from '../core/data/summary.ts';
import type { Ceilings, TelcoDataset } from '../core/data/schema.ts';
import type { CsrMatrix, Interactions, TrainTestData } from '../core/types.ts';
import { CoreError } from '../core/types.ts';

/**
 * Datasets ↔ named columns for the `columns` store. Typed arrays are stored as they are
 * (structured clone, no JSON); string lists and small records as JSON text (one string value
 * clones far faster than a 1M-element array of strings).
 */
export const COLUMN_FORMAT = 1;

export type DatasetKind = 'telco' | 'traintest';

export interface StoredDatasetMeta {
  id: string;
  name: string;
  /** telco: raw tables (generated or imported); traintest: an imported parity layout or wide table. */
  kind: DatasetKind;
  /** traintest only: 'wide' (one customer table) or 'long' (adoptions + attribute tables), with the mapping stored as MAPPING_COLUMN. */
  origin?: 'parity' | 'wide' | 'long';
  createdAt: number;
  seed?: number;
  sizes: { customers: number; plans: number; adoptions: number; usageMonths?: number };
  summary?: DatasetSummary;
  /** Bytes of the stored columns (typed arrays + JSON text). */
  bytes: number;
  columnFormat: number;
  columns: string[];
}

type Columns = Record<string, unknown>;

/** The column holding a wide-table (or long-format) import's mapping (JSON text), so the same table maps the same way again. */
export const MAPPING_COLUMN = 'import.mapping.json';
const json = (v: unknown) => JSON.stringify(v);

export function telcoToColumns(ds: TelcoDataset): Columns {
  const c = ds.customers;
  const cols: Columns = {
    'meta.json': json({
      name: ds.name,
      seed: ds.seed ?? null,
      // Only when not the default, so a standard dataset's stored bytes stay as they were.
      ...(ds.choiceModel ? { choiceModel: ds.choiceModel } : {}),
      startDate: ds.startDate ?? null,
      ceilings: ds.ceilings ?? null,
      regionNames: c.regionNames,
      months: ds.usage.months
    }),
    'plans.json': json(ds.plans),
    'customers.ids.json': json(c.ids),
    'customers.segment': c.segment,
    'customers.age': c.age,
    'customers.tenureMonths': c.tenureMonths,
    'customers.lines': c.lines,
    'customers.region': c.region,
    'usage.dataGb': ds.usage.dataGb,
    'usage.voiceMinutes': ds.usage.voiceMinutes,
    'usage.sms': ds.usage.sms,
    'adoptions.customerIdx': ds.adoptions.customerIdx,
    'adoptions.planIdx': ds.adoptions.planIdx,
    'adoptions.day': ds.adoptions.day,
    'adoptions.kind': ds.adoptions.kind
  };
  if (c.hidden) {
    cols['hidden.priceSensitivity'] = c.hidden.priceSensitivity;
    cols['hidden.budget'] = c.hidden.budget;
    cols['hidden.bundleTaste'] = c.hidden.bundleTaste;
  }
  return cols;
}

function need<T>(cols: Columns, name: string, ctor: { new (...a: never[]): T; name: string }): T {
  const v = cols[name];
  if (!(v instanceof ctor))
    throw new CoreError(
      'corrupt',
      `stored column "${name}" is missing or not a ${ctor.name}: delete this dataset and import or generate it again`
    );
  return v;
}
function needJson<T>(cols: Columns, name: string): T {
  const v = cols[name];
  if (typeof v !== 'string')
    throw new CoreError(
      'corrupt',
      `stored column "${name}" is missing: delete this dataset and import or generate it again`
    );
  return JSON.parse(v) as T;
}

export function columnsToTelco(cols: Columns): TelcoDataset {
  const meta = needJson<{
    name: string;
    seed: number | null;
    choiceModel?: TelcoDataset['choiceModel'];
    startDate: string | null;
    ceilings: Ceilings[] | null;
    regionNames: string[];
    months: number;
  }>(cols, 'meta.json');
  const ds: TelcoDataset = {
    name: meta.name,
    customers: {
      ids: needJson<string[]>(cols, 'customers.ids.json'),
      segment: need(cols, 'customers.segment', Uint8Array),
      age: need(cols, 'customers.age', Uint8Array),
      tenureMonths: need(cols, 'customers.tenureMonths', Uint16Array),
      lines: need(cols, 'customers.lines', Uint8Array),
      region: need(cols, 'customers.region', Uint8Array),
      regionNames: meta.regionNames
    },
    usage: {
      months: meta.months,
      dataGb: need(cols, 'usage.dataGb', Float32Array),
      voiceMinutes: need(cols, 'usage.voiceMinutes', Float32Array),
      sms: need(cols, 'usage.sms', Float32Array)
    },
    plans: needJson(cols, 'plans.json'),
    adoptions: {
      customerIdx: need(cols, 'adoptions.customerIdx', Int32Array),
      planIdx: need(cols, 'adoptions.planIdx', Int32Array),
      day: need(cols, 'adoptions.day', Int32Array),
      kind: need(cols, 'adoptions.kind', Uint8Array)
    }
  };
  if (meta.seed !== null) ds.seed = meta.seed;
  if (meta.choiceModel) ds.choiceModel = meta.choiceModel;
  if (meta.startDate !== null) ds.startDate = meta.startDate;
  if (meta.ceilings !== null) ds.ceilings = meta.ceilings;
  if ('hidden.budget' in cols) {
    ds.customers.hidden = {
      priceSensitivity: need(cols, 'hidden.priceSensitivity', Float32Array),
      budget: need(cols, 'hidden.budget', Float32Array),
      bundleTaste: need(cols, 'hidden.bundleTaste', Float32Array)
    };
  }
  return ds;
}

function csrColumns(prefix: string, m: CsrMatrix, cols: Columns): void {
  cols[`${prefix}.shape.json`] = json([m.nRows, m.nCols]);
  cols[`${prefix}.indptr`] = m.indptr;
  cols[`${prefix}.indices`] = m.indices;
  cols[`${prefix}.values`] = m.values;
}
function interactionColumns(prefix: string, x: Interactions, cols: Columns): void {
  cols[`${prefix}.userIdx`] = x.userIdx;
  cols[`${prefix}.itemIdx`] = x.itemIdx;
  cols[`${prefix}.weight`] = x.weight;
  if (x.time) cols[`${prefix}.time`] = x.time;
}

/** An imported parity layout (already split, with feature matrices) as columns. */
export function trainTestToColumns(d: TrainTestData, name: string): Columns {
  const s = d.space;
  const cols: Columns = {
    'meta.json': json({ name }),
    'space.userIds.json': json(s.userIds),
    'space.itemIds.json': json(s.itemIds),
    'space.userFeatureNames.json': json(s.userFeatureNames),
    'space.itemFeatureNames.json': json(s.itemFeatureNames)
  };
  csrColumns('space.userFeatures', s.userFeatures, cols);
  csrColumns('space.itemFeatures', s.itemFeatures, cols);
  interactionColumns('train', d.train, cols);
  interactionColumns('test', d.test, cols);
  if (d.validation) interactionColumns('validation', d.validation, cols);
  return cols;
}

function readCsr(prefix: string, cols: Columns): CsrMatrix {
  const [nRows, nCols] = needJson<[number, number]>(cols, `${prefix}.shape.json`);
  return {
    nRows,
    nCols,
    indptr: need(cols, `${prefix}.indptr`, Int32Array),
    indices: need(cols, `${prefix}.indices`, Int32Array),
    values: need(cols, `${prefix}.values`, Float32Array)
  };
}
function readInteractions(prefix: string, cols: Columns): Interactions {
  const x: Interactions = {
    userIdx: need(cols, `${prefix}.userIdx`, Int32Array),
    itemIdx: need(cols, `${prefix}.itemIdx`, Int32Array),
    weight: need(cols, `${prefix}.weight`, Float32Array)
  };
  if (`${prefix}.time` in cols) x.time = need(cols, `${prefix}.time`, Float64Array);
  return x;
}

export function columnsToTrainTest(cols: Columns): TrainTestData {
  const d: TrainTestData = {
    space: {
      userIds: needJson(cols, 'space.userIds.json'),
      itemIds: needJson(cols, 'space.itemIds.json'),
      userFeatureNames: needJson(cols, 'space.userFeatureNames.json'),
      itemFeatureNames: needJson(cols, 'space.itemFeatureNames.json'),
      userFeatures: readCsr('space.userFeatures', cols),
      itemFeatures: readCsr('space.itemFeatures', cols)
    },
    train: readInteractions('train', cols),
    test: readInteractions('test', cols)
  };
  if ('validation.userIdx' in cols) d.validation = readInteractions('validation', cols);
  return d;
}

/** Bytes a column takes (typed array bytes, or UTF-16 length × 2 of JSON text, as browsers store strings). */
export function columnBytes(v: unknown): number {
  if (ArrayBuffer.isView(v)) return v.byteLength;
  if (typeof v === 'string') return v.length * 2;
  return 0;
}
