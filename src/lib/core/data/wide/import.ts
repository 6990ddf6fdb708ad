import { convertWideTable, reportWideTable, type WideConversion, type WideImportReport } from './convert.ts';
import { inferMapping } from './infer.ts';
import { checkMapping, type WideMapping } from './mapping.ts';
import { type ColumnProfile, profileTable } from './profile.ts';
import { readWideTable, type WideTable } from './read.ts';

/**
 * One wide customer table in, one train/test dataset out: read (messy-file tolerant), profile
 * each column, infer a mapping unless one is given, convert. Shared by the CLI and the data
 * worker; pure (no file system, no DOM).
 */
export interface WideProgress {
  phase: 'parsing' | 'profiling' | 'converting';
  fraction: number;
}

export interface WidePreview {
  header: string[];
  /** The first rows exactly as they will be read (trimmed cells). */
  rows: string[][];
  rowCount: number;
  delimiter: string;
  lineEnding: WideTable['lineEnding'];
  hadBom: boolean;
  profiles: ColumnProfile[];
}

export interface WideImport extends WideConversion {
  preview: WidePreview;
  /** Whether the mapping was inferred (true) or given (false). */
  inferred: boolean;
}

export const PREVIEW_ROWS = 8;

/** Reads and profiles a table; the step the proposal UI keeps while the person edits the mapping. */
export function readAndProfile(opts: {
  text: string;
  file: string;
  onProgress?: (p: WideProgress) => void;
}): { table: WideTable; preview: WidePreview } {
  const table = readWideTable({
    text: opts.text,
    file: opts.file,
    onProgress: (f) => opts.onProgress?.({ phase: 'parsing', fraction: 0.6 * f })
  });
  opts.onProgress?.({ phase: 'profiling', fraction: 0.6 });
  const profiles = profileTable(table);
  return {
    table,
    preview: {
      header: table.header,
      rows: table.rows.slice(0, PREVIEW_ROWS),
      rowCount: table.rows.length,
      delimiter: table.delimiter,
      lineEnding: table.lineEnding,
      hadBom: table.hadBom,
      profiles
    }
  };
}

/** An edited mapping checked against the table: what it gives, or why it cannot be imported. */
export interface WideMappingCheck {
  mapping: WideMapping;
  /** What the mapping gives; null when it cannot be imported. */
  report: WideImportReport | null;
  /** Why it cannot be imported (a message naming row and column), or null. */
  problem: string | null;
}

/** Converts without storing, for the proposal UI: the report, or the problem as a message. */
export function previewMapping(table: WideTable, mapping: WideMapping): WideMappingCheck {
  try {
    const { mapping: used, report } = reportWideTable(table, checkMapping(mapping));
    return { mapping: used, report, problem: null };
  } catch (e) {
    return { mapping, report: null, problem: e instanceof Error ? e.message : String(e) };
  }
}

/** The whole import; `mapping` (an object, e.g. from parseMapping) replaces inference. */
export function importWideTable(opts: {
  text: string;
  file: string;
  mapping?: WideMapping;
  onProgress?: (p: WideProgress) => void;
}): WideImport {
  const { table, preview } = readAndProfile(opts);
  const mapping = opts.mapping ? checkMapping(opts.mapping) : inferMapping(table, preview.profiles);
  opts.onProgress?.({ phase: 'converting', fraction: 0.8 });
  const conversion = convertWideTable(table, mapping);
  opts.onProgress?.({ phase: 'converting', fraction: 1 });
  return { ...conversion, preview, inferred: !opts.mapping };
}
