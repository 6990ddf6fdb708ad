import { buildFeatureMatrix } from '../../features/matrix.ts';
import type { Interactions, TrainTestData } from '../../types.ts';
import { CsvError } from '../csv-read.ts';
import { ITEM_IDENTITY_PREFIX, USER_IDENTITY_PREFIX } from '../parity-layout.ts';
import { splitInteractions } from '../split.ts';
import { type ColumnMapping, featureKey, type WideMapping } from './mapping.ts';
import { bandLabel, numericValues, quantileBands, scaled } from './numeric.ts';
import type { WideTable } from './read.ts';
import { yesNoOf } from './values.ts';

/**
 * A wide table + its mapping → the project's train/test dataset (the parity layout's shape):
 * one user per row (identity + one-hot / band / scaled features), one item per yes/no item
 * column or per value of a categorical item column, an adoption per "yes", and a seeded random
 * hold-out of adoptions as the test split.
 */
export interface WideImportReport {
  customers: number;
  items: number;
  adoptions: number;
  /** Customer feature columns, identity columns not counted. */
  features: number;
  /** Blank cells in the columns used as items or features. */
  missingCells: number;
  missingByColumn: Array<{ column: string; blank: number }>;
  itemAdoptions: Array<{ item: string; adoptions: number }>;
  /** Customer features with how many customers have each, in column order. */
  featureCounts: Array<{ feature: string; customers: number }>;
  train: number;
  test: number;
  /** Things worth knowing that did not stop the import (unmapped columns, items nobody adopted). */
  warnings: string[];
}

export interface WideConversion {
  data: TrainTestData;
  /** The mapping actually used: band edges and ranges filled in where they were missing. */
  mapping: WideMapping;
  report: WideImportReport;
}

/** Minimum customers: one customer cannot teach a recommender anything about others. */
export const MIN_CUSTOMERS = 2;

function fail(t: WideTable, row: number | null, column: string | null, problem: string): never {
  throw new CsvError(t.file, row, column, problem);
}

/** Table column index of every mapping entry (header matched ignoring case); unmapped columns warned. */
function resolveColumns(t: WideTable, m: WideMapping, warnings: string[]): number[] {
  const byName = new Map(t.header.map((h, c) => [h.toLowerCase(), c]));
  const at = m.columns.map((col) => {
    const c = byName.get(col.name.trim().toLowerCase());
    if (c === undefined)
      fail(
        t,
        null,
        null,
        `the mapping names column "${col.name}", which this file does not have (its columns: ${t.header.join(', ')})`
      );
    return c;
  });
  const mapped = new Set(at);
  const unmapped = t.header.filter((_, c) => !mapped.has(c));
  if (unmapped.length) warnings.push(`not in the mapping, so ignored: ${unmapped.join(', ')}`);
  return at;
}

/** The id of every row (unique, never blank), in row order. */
export function entityIds(
  t: WideTable,
  c: number,
  name: string,
  kind: 'customer' | 'plan' = 'customer'
): string[] {
  const seen = new Map<string, number>();
  return t.rows.map((row, r) => {
    const id = row[c];
    if (id === '') fail(t, t.rowNumbers[r], name, `the ${kind} id is blank: every row needs its own id`);
    const first = seen.get(id);
    if (first !== undefined)
      fail(
        t,
        t.rowNumbers[r],
        name,
        `${kind} id "${id}" appears twice (rows ${first} and ${t.rowNumbers[r]}): one row per ${kind}`
      );
    seen.set(id, t.rowNumbers[r]);
    return id;
  });
}

/**
 * Items' own feature group: the column an item came from ("service:StreamingTV"; every value of a
 * categorical item column shares "service:InternetService"), so plan cards and item-side
 * explanations have something to name, and items of one column share what the model learns.
 */
export const ITEM_SOURCE_GROUP = 'service';

/** Per row, the items adopted; items in first-seen column order, categorical values by frequency. */
function readItems(t: WideTable, cols: Array<{ col: ColumnMapping; c: number }>) {
  const itemIds: string[] = [];
  const itemFeatures: string[][] = [];
  const adopted: number[][] = t.rows.map(() => []);
  for (const { col, c } of cols) {
    const values = t.rows.map((row) => row[c]);
    if (values.every((v) => v === ''))
      fail(
        t,
        null,
        col.name,
        'the column is mapped as an item but every cell is blank: ignore it or fill it in'
      );
    if (col.type === 'yesno') {
      const item = itemIds.push(col.name.trim()) - 1;
      itemFeatures.push([`${ITEM_SOURCE_GROUP}:${col.name.trim()}`]);
      values.forEach((v, r) => {
        if (v === '') return;
        const yn = yesNoOf(v);
        if (yn === null)
          fail(
            t,
            t.rowNumbers[r],
            col.name,
            `"${v}" is not yes/no (yes/no, true/false, 1/0 or "No … service"): make the column categorical or fix the cell`
          );
        if (yn === 'yes') adopted[r].push(item);
      });
    } else if (col.type === 'categorical') {
      const no = new Set((col.noValues ?? []).map((v) => v.toLowerCase()));
      const freq = new Map<string, number>();
      for (const v of values) if (v !== '' && !no.has(v.toLowerCase())) freq.set(v, (freq.get(v) ?? 0) + 1);
      const order = [...freq.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([v]) => v);
      const index = new Map(order.map((v, k) => [v, itemIds.length + k]));
      for (const v of order) {
        itemIds.push(`${col.name.trim()}=${v}`);
        itemFeatures.push([`${ITEM_SOURCE_GROUP}:${col.name.trim()}`]);
      }
      values.forEach((v, r) => {
        const i = index.get(v);
        if (i !== undefined) adopted[r].push(i);
      });
    } else
      fail(
        t,
        null,
        col.name,
        'a numeric column cannot be an item: make it a feature, or categorical if each value is a product'
      );
  }
  const dup = itemIds.find((id, k) => itemIds.indexOf(id) !== k);
  if (dup !== undefined)
    fail(t, null, null, `two item columns give the same item "${dup}": rename one column`);
  return { itemIds, itemFeatures, adopted };
}

/** Fills band edges and range of numeric features where the mapping has none. */
function withBands(
  t: WideTable,
  col: ColumnMapping,
  c: number
): { col: ColumnMapping; values: Float64Array } {
  const values = numericValues(t, c, col);
  if (col.bandEdges && col.range) return { col, values };
  const bands = quantileBands(values);
  return {
    col: bands ? { ...col, bandEdges: col.bandEdges ?? bands.edges, range: col.range ?? bands.range } : col,
    values
  };
}

/** Feature rows (name, weight) of every row from the feature columns; fills band edges into `resolved`. */
export function readFeatures(
  t: WideTable,
  cols: Array<{ col: ColumnMapping; c: number }>,
  resolved: Map<ColumnMapping, ColumnMapping>
) {
  const rows: Array<Array<readonly [string, number]>> = t.rows.map(() => []);
  for (const { col, c } of cols) {
    const key = featureKey(col.name);
    if (col.type === 'numeric') {
      const { col: full, values } = withBands(t, col, c);
      resolved.set(col, full);
      values.forEach((v, r) => {
        if (Number.isNaN(v)) return void rows[r].push([`${key}_band:missing`, 1]);
        if (!full.range) return;
        rows[r].push([`${key}_band:${bandLabel(v, full.bandEdges ?? [], full.range)}`, 1]);
        const s = scaled(v, full.range);
        if (s !== null && s > 0) rows[r].push([`${key}:scaled`, s]);
      });
    } else {
      t.rows.forEach((row, r) => {
        const v = row[c];
        if (v === '') return void rows[r].push([`${key}:missing`, 1]);
        if (col.type === 'yesno') {
          const yn = yesNoOf(v);
          if (yn === null)
            fail(
              t,
              t.rowNumbers[r],
              col.name,
              `"${v}" is not yes/no: make the column categorical or fix the cell`
            );
          rows[r].push([`${key}:${yn}`, 1]);
        } else rows[r].push([`${key}:${v}`, 1]);
      });
    }
  }
  return rows;
}

function checkAdoptions(t: WideTable, itemIds: string[], adopted: number[][], itemCols: number): number {
  if (itemCols === 0)
    fail(
      t,
      null,
      null,
      'no column is an item: mark at least one yes/no service column (or a categorical one such as the internet service) as an item'
    );
  const total = adopted.reduce((s, a) => s + a.length, 0);
  if (total === 0)
    fail(
      t,
      null,
      null,
      `no customer adopted any item: every cell of the item columns is no or blank (${itemIds.join(', ')})`
    );
  if (itemIds.length < 2)
    fail(
      t,
      null,
      null,
      `only one item ("${itemIds[0]}"): a recommender needs at least 2 items to choose between`
    );
  return total;
}

/** Converts `t` with mapping `m` (already checked by checkMapping). Throws CsvError naming row and column. */
export function convertWideTable(t: WideTable, m: WideMapping): WideConversion {
  const r = readWide(t, m);
  const users = buildFeatureMatrix({
    ids: r.userIds,
    features: r.userRows,
    identity: true,
    identityPrefix: USER_IDENTITY_PREFIX
  });
  const items = buildFeatureMatrix({
    ids: r.itemIds,
    features: r.itemFeatures,
    identity: true,
    identityPrefix: ITEM_IDENTITY_PREFIX
  });
  const n = r.report.adoptions;
  const all: Interactions = {
    userIdx: new Int32Array(n),
    itemIdx: new Int32Array(n),
    weight: new Float32Array(n).fill(1)
  };
  let k = 0;
  r.adopted.forEach((list, u) => {
    for (const i of list) {
      all.userIdx[k] = u;
      all.itemIdx[k++] = i;
    }
  });
  const split = splitInteractions({
    interactions: all,
    nUsers: r.userIds.length,
    split: { kind: 'random', testFraction: m.split.testFraction, seed: m.split.seed }
  });
  return {
    data: {
      space: {
        userIds: r.userIds,
        itemIds: r.itemIds,
        userFeatureNames: users.names,
        itemFeatureNames: items.names,
        userFeatures: users.matrix,
        itemFeatures: items.matrix
      },
      train: split.train,
      test: split.test
    },
    mapping: r.mapping,
    report: r.report
  };
}

/**
 * What `m` gives on `t` without building matrices or the split: the proposal UI calls this on
 * every edit. Same checks and messages as convertWideTable.
 */
export function reportWideTable(
  t: WideTable,
  m: WideMapping
): { mapping: WideMapping; report: WideImportReport } {
  const { mapping, report } = readWide(t, m);
  return { mapping, report };
}

/** Everything but the matrices and the split: ids, adoptions, feature rows, the report. */
function readWide(t: WideTable, m: WideMapping) {
  const warnings: string[] = [];
  if (t.rows.length < MIN_CUSTOMERS)
    fail(
      t,
      null,
      null,
      `only ${t.rows.length} customer row: a recommender learns from many customers (at least ${MIN_CUSTOMERS}, ideally thousands)`
    );
  const at = resolveColumns(t, m, warnings);
  const entries = m.columns.map((col, k) => ({ col, c: at[k] }));
  const idEntry = entries.find((e) => e.col.role === 'id')!;
  const userIds = entityIds(t, idEntry.c, idEntry.col.name);
  const itemEntries = entries.filter((e) => e.col.role === 'item');
  const featureEntries = entries.filter((e) => e.col.role === 'feature');
  const { itemIds, itemFeatures, adopted } = readItems(t, itemEntries);
  const adoptions = checkAdoptions(t, itemIds, adopted, itemEntries.length);
  const resolved = new Map<ColumnMapping, ColumnMapping>();
  const userRows = readFeatures(t, featureEntries, resolved);
  // The random split holds out round(n × testFraction) adoptions (split.ts).
  const test = Math.round(adoptions * m.split.testFraction);
  if (test === 0)
    fail(
      t,
      null,
      null,
      `only ${adoptions} adoption(s): too few to hold out a test split (${Math.round(m.split.testFraction * 100)} %)`
    );
  const itemCounts = new Array<number>(itemIds.length).fill(0);
  for (const list of adopted) for (const i of list) itemCounts[i]++;
  itemCounts.forEach((n, i) => n === 0 && warnings.push(`nobody adopted "${itemIds[i]}"`));

  const missingByColumn = [...itemEntries, ...featureEntries]
    .map(({ col, c }) => ({
      column: col.name,
      blank: t.rows.reduce((s, row) => s + (row[c] === '' ? 1 : 0), 0)
    }))
    .filter((x) => x.blank > 0);
  const featureCounts = new Map<string, number>();
  for (const row of userRows) for (const [f] of row) featureCounts.set(f, (featureCounts.get(f) ?? 0) + 1);
  const report: WideImportReport = {
    customers: userIds.length,
    items: itemIds.length,
    adoptions,
    features: featureCounts.size,
    missingCells: missingByColumn.reduce((s, x) => s + x.blank, 0),
    missingByColumn,
    itemAdoptions: itemIds.map((item, i) => ({ item, adoptions: itemCounts[i] })),
    featureCounts: [...featureCounts.entries()].map(([feature, customers]) => ({ feature, customers })),
    train: adoptions - test,
    test,
    warnings
  };
  return {
    userIds,
    itemIds,
    itemFeatures,
    adopted,
    userRows,
    mapping: { ...m, columns: m.columns.map((col) => resolved.get(col) ?? col) },
    report
  };
}
