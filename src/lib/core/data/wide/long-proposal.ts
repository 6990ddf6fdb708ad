import { PREVIEW_ROWS } from './import.ts';
import {
  type AdoptionColumns,
  importLongTables,
  inferAdoptionColumns,
  type LongFile,
  type LongImportReport,
  type LongMapping
} from './long.ts';
import { readWideTable } from './read.ts';

/**
 * The long format's proposal, shown before anything is stored (like the wide table's): the
 * adoptions table's columns with their roles (customer id, plan id, date, weight, or unused),
 * its first rows as read, and what the join gives — or the problem, e.g. unknown ids by row.
 * Pure; the data worker calls it on every edit of the roles.
 */
export type AdoptionRole = keyof AdoptionColumns | 'ignore';
export const ADOPTION_ROLES: readonly AdoptionRole[] = ['customer', 'plan', 'date', 'weight', 'ignore'];

export interface LongProposal {
  header: string[];
  /** The adoptions table's first rows, as they will be read. */
  rows: string[][];
  rowCount: number;
  columns: Partial<AdoptionColumns>;
  /** The mapping the import would use (null when there is a problem). */
  mapping: LongMapping | null;
  report: LongImportReport | null;
  problem: string | null;
}

export interface LongTables {
  adoptions: LongFile;
  customers?: LongFile;
  plans?: LongFile;
}

/** Role of each header under `columns`. */
export function adoptionRoles(header: readonly string[], columns: Partial<AdoptionColumns>): AdoptionRole[] {
  return header.map(
    (h) =>
      (Object.entries(columns).find(([, name]) => name === h)?.[0] as AdoptionRole | undefined) ?? 'ignore'
  );
}

/** `columns` with `header` given `role` (a role held by one column only: the previous holder becomes unused). */
export function withAdoptionRole(
  columns: Partial<AdoptionColumns>,
  header: string,
  role: AdoptionRole
): Partial<AdoptionColumns> {
  const out: Partial<AdoptionColumns> = {};
  for (const [r, name] of Object.entries(columns) as Array<[keyof AdoptionColumns, string]>)
    if (name !== header && r !== role) out[r] = name;
  if (role !== 'ignore') out[role] = header;
  return out;
}

/** Reads the tables and checks the join with `columns` (inferred from the headers when not given). */
export function proposeLong(tables: LongTables, given?: Partial<AdoptionColumns>): LongProposal {
  const t = readWideTable(tables.adoptions);
  const columns = given ?? inferAdoptionColumns(t.header);
  const base = { header: t.header, rows: t.rows.slice(0, PREVIEW_ROWS), rowCount: t.rows.length, columns };
  if (!columns.customer || !columns.plan) {
    const missing = [columns.customer ? null : 'customer id', columns.plan ? null : 'plan id']
      .filter(Boolean)
      .join(' and ');
    return {
      ...base,
      mapping: null,
      report: null,
      problem: `choose the ${missing} column of ${tables.adoptions.file}`
    };
  }
  try {
    const r = importLongTables({ ...tables, mapping: { adoptions: columns as AdoptionColumns } });
    return { ...base, mapping: r.mapping, report: r.report, problem: null };
  } catch (e) {
    return { ...base, mapping: null, report: null, problem: e instanceof Error ? e.message : String(e) };
  }
}
