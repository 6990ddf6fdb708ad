import type { Adoptions, Customers, Plan, TelcoDataset, Usage } from './schema.ts';
import { BUNDLES, SEGMENTS } from './schema.ts';
import { cell, columnOf, CsvError, type CsvRows, formatIsoMonth, readCsvRows } from './csv-read.ts';
import { CSV_SCHEMAS, type CsvTable } from './csv-schemas.ts';

/**
 * The four raw tables (CSV texts) → a validated TelcoDataset, or a CsvError naming file, row
 * and column. Nothing is stored here: the caller stores the result in one transaction, so a
 * rejected import leaves storage untouched. Designed for files a browser can hold (about
 * 100k customers: usage has a row per customer and month); bigger data comes from the generator.
 */
export interface TelcoCsvFiles {
  customers: string;
  usage: string;
  plans: string;
  adoptions: string;
}

export interface ImportTelcoCsvOptions {
  files: TelcoCsvFiles;
  /** File names for messages (e.g. what the user picked). Default customers.csv, usage.csv, … */
  fileNames?: Partial<Record<CsvTable, string>>;
  /** Dataset name. Default "imported". */
  name?: string;
  /** Seed to record (e.g. when re-importing a generated dataset). */
  seed?: number;
}

const HIDDEN_COLUMNS = ['price_sensitivity', 'budget', ...BUNDLES.map((b) => `taste_${b}`)];

function read(opts: ImportTelcoCsvOptions, table: CsvTable): CsvRows {
  return readCsvRows({ text: opts.files[table], schema: CSV_SCHEMAS[table], file: opts.fileNames?.[table] });
}

function readPlans(t: CsvRows): { plans: Plan[]; byId: Map<string, number> } {
  const col = (n: string) => columnOf(t.schema, n);
  const byId = new Map<string, number>();
  const plans: Plan[] = [];
  for (let i = 0; i < t.records.length; i++) {
    const id = cell(t, i, col('plan_id')) as string;
    const first = byId.get(id);
    if (first !== undefined)
      throw new CsvError(
        t.file,
        t.rowNumbers[i],
        'plan_id',
        `duplicate plan id "${id}" (first at row ${t.rowNumbers[first]})`
      );
    byId.set(id, i);
    const plan: Plan = {
      id,
      name: cell(t, i, col('name')) as string,
      type: cell(t, i, col('type')) as Plan['type'],
      price: cell(t, i, col('price')) as number,
      dataGb: cell(t, i, col('data_gb')) as number | null,
      minutes: cell(t, i, col('minutes')) as number | null,
      sms: cell(t, i, col('sms')) as number | null,
      lines: cell(t, i, col('lines')) as number,
      bundles: { video: false, music: false, roaming: false, protection: false }
    };
    for (const b of BUNDLES) plan.bundles[b] = cell(t, i, col(b)) as boolean;
    const minAge = cell(t, i, col('min_age')) as number | null;
    const maxAge = cell(t, i, col('max_age')) as number | null;
    if (minAge !== null) plan.minAge = minAge;
    if (maxAge !== null) plan.maxAge = maxAge;
    if (minAge !== null && maxAge !== null && maxAge < minAge)
      throw new CsvError(t.file, t.rowNumbers[i], 'max_age', `${maxAge} is below min_age ${minAge}`);
    plans.push(plan);
  }
  return { plans, byId };
}

/**
 * The customers.csv choice_model column: which hidden utility made the adoptions. One value for
 * the whole table, and only beside the hidden traits it reads; absent or blank = standard.
 */
function readChoiceModel(t: CsvRows, hasHidden: boolean): TelcoDataset['choiceModel'] {
  if (!t.index.has('choice_model') || t.records.length === 0) return undefined;
  const col = columnOf(t.schema, 'choice_model');
  if (!hasHidden)
    throw new CsvError(
      t.file,
      null,
      'choice_model',
      'a choice model needs the hidden-trait columns it reads (price_sensitivity, budget, taste_…)'
    );
  const first = cell(t, 0, col) as TelcoDataset['choiceModel'];
  for (let i = 1; i < t.records.length; i++) {
    const v = cell(t, i, col);
    if (v !== first)
      throw new CsvError(
        t.file,
        t.rowNumbers[i],
        'choice_model',
        `"${String(v)}" differs from "${first}" in row ${t.rowNumbers[0]}: one choice model made the whole dataset`
      );
  }
  return first === 'standard' ? undefined : first;
}

function readCustomers(t: CsvRows): {
  customers: Customers;
  byId: Map<string, number>;
  choiceModel: TelcoDataset['choiceModel'];
} {
  const col = (n: string) => columnOf(t.schema, n);
  const n = t.records.length;
  const present = HIDDEN_COLUMNS.filter((c) => t.index.has(c));
  if (present.length > 0 && present.length < HIDDEN_COLUMNS.length) {
    throw new CsvError(
      t.file,
      null,
      null,
      `hidden-trait columns come all together or not at all: found ${present.join(', ')} but not ${HIDDEN_COLUMNS.filter((c) => !t.index.has(c)).join(', ')}`
    );
  }
  const customers: Customers = {
    ids: new Array<string>(n),
    segment: new Uint8Array(n),
    age: new Uint8Array(n),
    tenureMonths: new Uint16Array(n),
    lines: new Uint8Array(n),
    region: new Uint8Array(n),
    regionNames: []
  };
  const hidden =
    present.length > 0
      ? {
          priceSensitivity: new Float32Array(n),
          budget: new Float32Array(n),
          bundleTaste: new Float32Array(n * BUNDLES.length)
        }
      : undefined;
  if (hidden) customers.hidden = hidden;
  const byId = new Map<string, number>();
  // Region codes follow the sorted region names, so the codes do not depend on row order.
  const regionCol = col('region');
  customers.regionNames = [...new Set(t.records.map((_, i) => cell(t, i, regionCol) as string))].sort();
  if (customers.regionNames.length > 255)
    throw new CsvError(
      t.file,
      null,
      'region',
      `${customers.regionNames.length} distinct regions; at most 255 are supported`
    );
  const regionIndex = new Map(customers.regionNames.map((r, k) => [r, k]));
  for (let i = 0; i < n; i++) {
    const id = cell(t, i, col('customer_id')) as string;
    const first = byId.get(id);
    if (first !== undefined)
      throw new CsvError(
        t.file,
        t.rowNumbers[i],
        'customer_id',
        `duplicate customer id "${id}" (first at row ${t.rowNumbers[first]})`
      );
    byId.set(id, i);
    customers.ids[i] = id;
    customers.segment[i] = SEGMENTS.indexOf(cell(t, i, col('segment')) as (typeof SEGMENTS)[number]);
    customers.age[i] = cell(t, i, col('age')) as number;
    customers.tenureMonths[i] = cell(t, i, col('tenure_months')) as number;
    customers.lines[i] = cell(t, i, col('lines')) as number;
    customers.region[i] = regionIndex.get(cell(t, i, regionCol) as string)!;
    if (hidden) {
      hidden.priceSensitivity[i] = cell(t, i, col('price_sensitivity')) as number;
      hidden.budget[i] = cell(t, i, col('budget')) as number;
      BUNDLES.forEach(
        (b, k) => (hidden.bundleTaste[i * BUNDLES.length + k] = cell(t, i, col(`taste_${b}`)) as number)
      );
    }
  }
  return { customers, byId, choiceModel: readChoiceModel(t, hidden !== undefined) };
}

function readUsage(
  t: CsvRows,
  customerIds: Map<string, number>,
  customerFile: string
): { usage: Usage; firstMonth: number } {
  const col = (n: string) => columnOf(t.schema, n);
  const rows = t.records.length;
  const cust = new Int32Array(rows);
  const month = new Int32Array(rows);
  let lo = Infinity,
    hi = -Infinity;
  const seenMonths = new Set<number>();
  for (let i = 0; i < rows; i++) {
    const id = cell(t, i, col('customer_id')) as string;
    const c = customerIds.get(id);
    if (c === undefined)
      throw new CsvError(
        t.file,
        t.rowNumbers[i],
        'customer_id',
        `unknown customer "${id}" (not in ${customerFile})`
      );
    cust[i] = c;
    month[i] = cell(t, i, col('month')) as number;
    lo = Math.min(lo, month[i]);
    hi = Math.max(hi, month[i]);
    seenMonths.add(month[i]);
  }
  const months = hi - lo + 1;
  if (months > 120)
    throw new CsvError(
      t.file,
      null,
      'month',
      `usage spans ${months} months (${formatIsoMonth(lo)} to ${formatIsoMonth(hi)}); at most 120 are supported`
    );
  for (let m = lo; m <= hi; m++) {
    if (!seenMonths.has(m))
      throw new CsvError(
        t.file,
        null,
        'month',
        `months must be consecutive: no row has ${formatIsoMonth(m)} (between ${formatIsoMonth(lo)} and ${formatIsoMonth(hi)})`
      );
  }
  const n = customerIds.size;
  const usage: Usage = {
    months,
    dataGb: new Float32Array(n * months),
    voiceMinutes: new Float32Array(n * months),
    sms: new Float32Array(n * months)
  };
  const rowAt = new Int32Array(n * months).fill(-1);
  for (let i = 0; i < rows; i++) {
    const at = cust[i] * months + (month[i] - lo);
    if (rowAt[at] >= 0) {
      throw new CsvError(
        t.file,
        t.rowNumbers[i],
        'month',
        `customer "${t.records[i][t.index.get('customer_id')!].trim()}" already has a row for ${formatIsoMonth(month[i])} (row ${t.rowNumbers[rowAt[at]]})`
      );
    }
    rowAt[at] = i;
    usage.dataGb[at] = cell(t, i, col('data_gb')) as number;
    usage.voiceMinutes[at] = cell(t, i, col('voice_minutes')) as number;
    usage.sms[at] = cell(t, i, col('sms')) as number;
  }
  const ids = [...customerIds.keys()];
  for (let c = 0; c < n; c++) {
    let missing = -1,
      have = 0;
    for (let m = 0; m < months; m++) {
      if (rowAt[c * months + m] >= 0) have++;
      else if (missing < 0) missing = m;
    }
    if (have === 0)
      throw new CsvError(
        t.file,
        null,
        'customer_id',
        `customer "${ids[c]}" (${customerFile} row ${c + 2}) has no usage rows`
      );
    if (missing >= 0)
      throw new CsvError(
        t.file,
        null,
        'month',
        `customer "${ids[c]}" has no row for ${formatIsoMonth(lo + missing)} (every customer needs every month)`
      );
  }
  return { usage, firstMonth: lo };
}

function readAdoptions(
  t: CsvRows,
  customerIds: Map<string, number>,
  planIds: Map<string, number>,
  startDay: number,
  files: { customers: string; plans: string }
): Adoptions {
  const col = (n: string) => columnOf(t.schema, n);
  const rows = t.records.length;
  const a: Adoptions = {
    customerIdx: new Int32Array(rows),
    planIdx: new Int32Array(rows),
    day: new Int32Array(rows),
    kind: new Uint8Array(rows)
  };
  const signupRow = new Map<number, number>();
  for (let i = 0; i < rows; i++) {
    const cid = cell(t, i, col('customer_id')) as string;
    const c = customerIds.get(cid);
    if (c === undefined)
      throw new CsvError(
        t.file,
        t.rowNumbers[i],
        'customer_id',
        `unknown customer "${cid}" (not in ${files.customers})`
      );
    const pid = cell(t, i, col('plan_id')) as string;
    const p = planIds.get(pid);
    if (p === undefined)
      throw new CsvError(t.file, t.rowNumbers[i], 'plan_id', `unknown plan "${pid}" (not in ${files.plans})`);
    a.customerIdx[i] = c;
    a.planIdx[i] = p;
    a.day[i] = (cell(t, i, col('date')) as number) - startDay;
    const kind = cell(t, i, col('kind')) as string;
    a.kind[i] = kind === 'signup' ? 0 : 1;
    if (kind === 'signup') {
      const first = signupRow.get(c);
      if (first !== undefined)
        throw new CsvError(
          t.file,
          t.rowNumbers[i],
          'kind',
          `customer "${cid}" already has a signup (row ${t.rowNumbers[first]})`
        );
      signupRow.set(c, i);
    }
  }
  for (let i = 0; i < rows; i++) {
    const s = signupRow.get(a.customerIdx[i]);
    if (s !== undefined && a.kind[i] === 1 && a.day[i] < a.day[s]) {
      const cid = t.records[i][t.index.get('customer_id')!].trim();
      throw new CsvError(
        t.file,
        t.rowNumbers[i],
        'date',
        `this switch is dated before customer "${cid}" signed up (row ${t.rowNumbers[s]})`
      );
    }
  }
  return a;
}

/** Parses and validates the four tables; throws CsvError on the first problem. */
export function importTelcoCsv(opts: ImportTelcoCsvOptions): TelcoDataset {
  const plansRows = read(opts, 'plans');
  const { plans, byId: planIds } = readPlans(plansRows);
  const customerRows = read(opts, 'customers');
  const { customers, byId: customerIds, choiceModel } = readCustomers(customerRows);
  const { usage, firstMonth } = readUsage(read(opts, 'usage'), customerIds, customerRows.file);
  const startDate = `${formatIsoMonth(firstMonth)}-01`;
  const startDay = Date.UTC(Math.floor(firstMonth / 12), firstMonth % 12, 1) / 86_400_000;
  const adoptions = readAdoptions(read(opts, 'adoptions'), customerIds, planIds, startDay, {
    customers: customerRows.file,
    plans: plansRows.file
  });
  return {
    name: opts.name ?? 'imported',
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(choiceModel ? { choiceModel } : {}),
    startDate,
    customers,
    usage,
    plans,
    adoptions
  };
}
