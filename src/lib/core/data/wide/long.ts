import { buildFeatureMatrix } from '../../features/matrix.ts';
import type { Interactions, TrainTestData } from '../../types.ts';
import { CsvError, parseIsoDay } from '../csv-read.ts';
import { ITEM_IDENTITY_PREFIX, USER_IDENTITY_PREFIX } from '../parity-layout.ts';
import { splitInteractions } from '../split.ts';
import { entityIds, readFeatures } from './convert.ts';
import { inferMapping } from './infer.ts';
import {
  checkMapping,
  type ColumnMapping,
  DEFAULT_SPLIT,
  featureKey,
  parseMapping,
  type WideMapping
} from './mapping.ts';
import { CoreError } from '../../types.ts';
import { profileTable } from './profile.ts';
import { readWideTable, type WideTable } from './read.ts';
import { parseNumberAs } from './values.ts';

/**
 * The long format: an adoptions table (customer, plan[, date][, weight]; one row per adoption)
 * plus optional customer and plan attribute tables joined by id. Attribute columns become
 * customer / plan features exactly as in a wide table (one-hot, bands + scaled value); an id in
 * the adoptions that the attribute table lacks is an error naming its rows.
 */
export interface LongFile {
  text: string;
  file: string;
}

export interface LongImportReport {
  customers: number;
  items: number;
  adoptions: number;
  /** Adoption rows of a (customer, plan) pair seen before, merged into one (weights added). */
  merged: number;
  userFeatures: number;
  itemFeatures: number;
  missingCells: number;
  train: number;
  test: number;
}

/** Which adoption columns are used (by header), and the attribute tables' column mappings. */
export interface LongMapping {
  adoptions: AdoptionColumns;
  customers?: WideMapping;
  plans?: WideMapping;
}

export interface AdoptionColumns {
  customer: string;
  plan: string;
  date?: string;
  weight?: string;
}

/** Parses a long-format mapping.json (as the import writes it); every problem says which field. */
export function parseLongMapping(text: string): LongMapping {
  const bad = (problem: string): never => {
    throw new CoreError('bad_mapping', `long-format mapping: ${problem}`);
  };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    bad(`the file is not valid JSON (${(e as Error).message})`);
  }
  const m = raw as Record<string, unknown> | null;
  const a = m?.adoptions as Record<string, unknown> | undefined;
  if (!m || typeof m !== 'object' || !a || typeof a !== 'object')
    return bad(
      'it needs an "adoptions" object naming the customer and plan columns (a wide-table mapping goes without --long)'
    );
  for (const k of ['customer', 'plan', 'date', 'weight']) {
    if ((k === 'customer' || k === 'plan' || a[k] !== undefined) && (typeof a[k] !== 'string' || a[k] === ''))
      bad(`adoptions.${k} must be a column name`);
  }
  const table = (k: 'customers' | 'plans') => {
    if (m[k] === undefined) return {};
    try {
      return { [k]: parseMapping(JSON.stringify(m[k])) };
    } catch (e) {
      return bad(`${k}: ${(e as Error).message}`);
    }
  };
  const adoptions = Object.fromEntries(
    ['customer', 'plan', 'date', 'weight'].filter((k) => a[k] !== undefined).map((k) => [k, a[k]])
  ) as unknown as AdoptionColumns;
  return { adoptions, ...table('customers'), ...table('plans') };
}

export interface LongImport {
  data: TrainTestData;
  mapping: LongMapping;
  report: LongImportReport;
}

const CUSTOMER =
  /^(customer|customer_?id|cust_?id|client|client_?id|user|user_?id|account|account_?id|subscriber|msisdn|id)$/;
const PLAN = /^(plan|plan_?id|item|item_?id|product|product_?id|service|offer|tariff|bundle)$/;
const DATE = /^(date|day|adopted|adopted_?on|adoption_?date|start|start_?date|signup_?date|timestamp)$/;
const WEIGHT = /^(weight|count|quantity|qty|rating|score)$/;

function fail(t: WideTable, row: number | null, column: string | null, problem: string): never {
  throw new CsvError(t.file, row, column, problem);
}

/** The adoption columns inferred from their names (customer_id, plan_id, date, weight); absent ones left out. */
export function inferAdoptionColumns(header: readonly string[]): Partial<AdoptionColumns> {
  const find = (pattern: RegExp) => header.find((h) => pattern.test(featureKey(h)));
  const [customer, plan, date, weight] = [find(CUSTOMER), find(PLAN), find(DATE), find(WEIGHT)];
  return {
    ...(customer ? { customer } : {}),
    ...(plan ? { plan } : {}),
    ...(date ? { date } : {}),
    ...(weight ? { weight } : {})
  };
}

/** Customer, plan, date and weight column indices of the adoptions table (given by header, or inferred). */
function adoptionColumns(t: WideTable, given?: AdoptionColumns) {
  const at = (name: string | undefined, role: string) => {
    if (name === undefined) return -1;
    const c = t.header.findIndex((h) => h.toLowerCase() === name.trim().toLowerCase());
    if (c < 0)
      fail(
        t,
        1,
        null,
        `the mapping names "${name}" as the ${role} column, which this file does not have (its columns: ${t.header.join(', ')})`
      );
    return c;
  };
  const cols = given ?? inferAdoptionColumns(t.header);
  if (!cols.customer || !cols.plan) {
    fail(
      t,
      1,
      null,
      `the adoptions table needs a customer column and a plan column (named like customer_id and plan_id); found: ${t.header.join(', ')}`
    );
  }
  const out = {
    customer: at(cols.customer, 'customer'),
    plan: at(cols.plan, 'plan'),
    date: at(cols.date, 'date'),
    weight: at(cols.weight, 'weight')
  };
  const used = [out.customer, out.plan, out.date, out.weight].filter((c) => c >= 0);
  if (new Set(used).size !== used.length)
    fail(t, 1, null, 'one column has two roles: the customer, plan, date and weight columns must all differ');
  return out;
}

/** An attribute table's ids and feature rows: every non-id column is a feature (items make no sense here). */
function attributes(f: LongFile, kind: 'customer' | 'plan', given?: WideMapping) {
  const t = readWideTable(f);
  const inferred = given ? checkMapping(given) : inferMapping(t, profileTable(t));
  const columns = inferred.columns.map((c): ColumnMapping =>
    c.role === 'item' ? { ...c, role: 'feature', reason: `a ${kind} attribute` } : c
  );
  const id = columns.findIndex((c) => c.role === 'id');
  const byName = new Map(t.header.map((h, c) => [h.toLowerCase(), c]));
  columns.forEach((c, k) => {
    if (byName.get(c.name.trim().toLowerCase()) !== k)
      fail(
        t,
        1,
        null,
        `the ${kind} table's mapping must list its columns in file order (entry ${k + 1} is "${c.name}", the file has "${t.header[k] ?? 'nothing'}")`
      );
  });
  const ids = entityIds(t, id, columns[id].name, kind);
  const resolved = new Map<ColumnMapping, ColumnMapping>();
  const rows = readFeatures(
    t,
    columns.map((col, c) => ({ col, c })).filter((e) => e.col.role === 'feature'),
    resolved
  );
  const missing = columns.reduce(
    (s, col, c) => s + (col.role === 'feature' ? t.rows.filter((r) => r[c] === '').length : 0),
    0
  );
  return {
    file: t.file,
    ids,
    rows,
    missing,
    mapping: { ...inferred, columns: columns.map((c) => resolved.get(c) ?? c) }
  };
}

/** Id → index, growing from the adoptions unless an attribute table fixes the universe. */
function idIndex(fixed?: string[]) {
  const ids = fixed ? [...fixed] : [];
  const at = new Map(ids.map((id, k) => [id, k]));
  return {
    ids,
    resolve(id: string): number | undefined {
      const k = at.get(id);
      if (k !== undefined || fixed) return k;
      at.set(id, ids.length);
      return ids.push(id) - 1;
    }
  };
}

function unknownIds(
  t: WideTable,
  column: string,
  kind: string,
  file: string,
  rows: Array<[number, string]>
): never {
  const shown = rows
    .slice(0, 5)
    .map(([r, id]) => `row ${r} ("${id}")`)
    .join(', ');
  fail(
    t,
    rows[0][0],
    column,
    `unknown ${kind} id on ${rows.length} row(s), not in ${file}: ${shown}${rows.length > 5 ? ` and ${rows.length - 5} more` : ''}`
  );
}

/**
 * Joins the tables. `mapping` (e.g. one saved with an earlier import, or edited in the proposal)
 * replaces inference: the adoption columns by header, the attribute tables' column mappings.
 */
export function importLongTables(opts: {
  adoptions: LongFile;
  customers?: LongFile;
  plans?: LongFile;
  split?: { testFraction: number; seed: number };
  mapping?: LongMapping;
}): LongImport {
  const t = readWideTable(opts.adoptions);
  const cols = adoptionColumns(t, opts.mapping?.adoptions);
  const cust = opts.customers ? attributes(opts.customers, 'customer', opts.mapping?.customers) : undefined;
  const plan = opts.plans ? attributes(opts.plans, 'plan', opts.mapping?.plans) : undefined;
  const users = idIndex(cust?.ids);
  const items = idIndex(plan?.ids);
  const pairs = new Map<string, number>();
  const u: number[] = [];
  const i: number[] = [];
  const w: number[] = [];
  const day: number[] = [];
  const unknownUsers: Array<[number, string]> = [];
  const unknownItems: Array<[number, string]> = [];
  let merged = 0;
  t.rows.forEach((row, r) => {
    const line = t.rowNumbers[r];
    const [cid, pid] = [row[cols.customer], row[cols.plan]];
    if (cid === '') fail(t, line, t.header[cols.customer], 'the customer id is blank');
    if (pid === '') fail(t, line, t.header[cols.plan], 'the plan id is blank');
    const uu = users.resolve(cid);
    const ii = items.resolve(pid);
    if (uu === undefined) unknownUsers.push([line, cid]);
    if (ii === undefined) unknownItems.push([line, pid]);
    if (uu === undefined || ii === undefined) return;
    let weight = 1;
    if (cols.weight >= 0 && row[cols.weight] !== '') {
      const x = parseNumberAs(row[cols.weight], 'dot');
      if (x === null || x < 0)
        fail(t, line, t.header[cols.weight], `"${row[cols.weight]}" is not a number ≥ 0`);
      weight = x;
    }
    let d = 0;
    if (cols.date >= 0) {
      const parsed = parseIsoDay(row[cols.date]);
      if (parsed === null)
        fail(t, line, t.header[cols.date], `"${row[cols.date]}" is not a date (use YYYY-MM-DD)`);
      d = parsed;
    }
    const key = `${uu},${ii}`;
    const before = pairs.get(key);
    if (before !== undefined) {
      // The same customer adopted the same plan again: one interaction, weights added, latest date.
      merged++;
      w[before] += weight;
      day[before] = Math.max(day[before], d);
      return;
    }
    pairs.set(key, u.length);
    u.push(uu);
    i.push(ii);
    w.push(weight);
    day.push(d);
  });
  if (unknownUsers.length) unknownIds(t, t.header[cols.customer], 'customer', cust!.file, unknownUsers);
  if (unknownItems.length) unknownIds(t, t.header[cols.plan], 'plan', plan!.file, unknownItems);
  if (users.ids.length < 2)
    fail(t, null, null, `only ${users.ids.length} customer: a recommender learns from many customers`);
  if (items.ids.length < 2)
    fail(
      t,
      null,
      null,
      `only ${items.ids.length} plan: a recommender needs at least 2 plans to choose between`
    );
  const all: Interactions = {
    userIdx: Int32Array.from(u),
    itemIdx: Int32Array.from(i),
    weight: Float32Array.from(w),
    ...(cols.date >= 0 ? { time: Float64Array.from(day) } : {})
  };
  const split = opts.split ?? DEFAULT_SPLIT;
  const parts = splitInteractions({
    interactions: all,
    nUsers: users.ids.length,
    split: { kind: 'random', ...split }
  });
  if (parts.test.userIdx.length === 0)
    fail(t, null, null, `only ${u.length} adoption(s): too few to hold out a test split`);
  const uf = buildFeatureMatrix({
    ids: users.ids,
    features: users.ids.map((_, k) => cust?.rows[k] ?? []),
    identityPrefix: USER_IDENTITY_PREFIX
  });
  const itf = buildFeatureMatrix({
    ids: items.ids,
    features: items.ids.map((_, k) => plan?.rows[k] ?? []),
    identityPrefix: ITEM_IDENTITY_PREFIX
  });
  const name = (c: number) => (c >= 0 ? t.header[c] : undefined);
  return {
    data: {
      space: {
        userIds: users.ids,
        itemIds: items.ids,
        userFeatureNames: uf.names,
        itemFeatureNames: itf.names,
        userFeatures: uf.matrix,
        itemFeatures: itf.matrix
      },
      train: parts.train,
      test: parts.test
    },
    mapping: {
      adoptions: {
        customer: t.header[cols.customer],
        plan: t.header[cols.plan],
        ...(name(cols.date) ? { date: name(cols.date) } : {}),
        ...(name(cols.weight) ? { weight: name(cols.weight) } : {})
      },
      ...(cust ? { customers: cust.mapping } : {}),
      ...(plan ? { plans: plan.mapping } : {})
    },
    report: {
      customers: users.ids.length,
      items: items.ids.length,
      adoptions: u.length,
      merged,
      userFeatures: uf.names.length - users.ids.length,
      itemFeatures: itf.names.length - items.ids.length,
      missingCells: (cust?.missing ?? 0) + (plan?.missing ?? 0),
      train: parts.train.userIdx.length,
      test: parts.test.userIdx.length
    }
  };
}
