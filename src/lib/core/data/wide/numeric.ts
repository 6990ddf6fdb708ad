import { CsvError } from '../csv-read.ts';
import type { ColumnMapping } from './mapping.ts';
import type { WideTable } from './read.ts';
import { parseNumberAs } from './values.ts';

/**
 * Numeric customer features: quantile bands (one-hot, "tenure_band:0-9") plus the value scaled
 * to 0..1 ("tenure:scaled"). Edges and range are computed once from the data and stored in the
 * mapping, so the same mapping gives the same features on the next import.
 */
export const DEFAULT_BANDS = 4;

/** Every value of column `c` as a number (NaN for blank); throws naming the row of a non-number. */
export function numericValues(t: WideTable, c: number, col: ColumnMapping): Float64Array {
  const format = col.numberFormat ?? 'dot';
  const out = new Float64Array(t.rows.length);
  for (let r = 0; r < t.rows.length; r++) {
    const v = t.rows[r][c];
    if (v === '') {
      out[r] = NaN;
      continue;
    }
    const x = parseNumberAs(v, format);
    if (x === null) {
      const how = format === 'dot' ? 'like 1234.5 or 1,234.5' : 'like 1234,5 or 1.234,5';
      throw new CsvError(
        t.file,
        t.rowNumbers[r],
        col.name,
        `"${v}" is not a number, but the column is numeric (numbers written ${how}); make it categorical or fix the cell`
      );
    }
    out[r] = x;
  }
  return out;
}

/** Up to `bands` quantile bands over the non-blank values: ascending inner edges, min and max. */
export function quantileBands(
  values: Float64Array,
  bands = DEFAULT_BANDS
): { edges: number[]; range: [number, number] } | null {
  const sorted = Float64Array.from(values.filter((v) => !Number.isNaN(v))).sort();
  const n = sorted.length;
  if (n === 0) return null;
  const edges: number[] = [];
  for (let q = 1; q < bands; q++) {
    const e = sorted[Math.floor((q * n) / bands)];
    if (e > sorted[0] && (edges.length === 0 || e > edges[edges.length - 1])) edges.push(e);
  }
  return { edges, range: [sorted[0], sorted[n - 1]] };
}

/** Short label of a number: up to 4 significant digits, no trailing zeros. */
export function formatBound(x: number): string {
  return String(Number(x.toPrecision(4)));
}

/** The band label of `v` ("12-24"): lower edge included, upper excluded, the last band up to the max. */
export function bandLabel(v: number, edges: number[], range: [number, number]): string {
  let k = 0;
  while (k < edges.length && v >= edges[k]) k++;
  // Fixed outer bounds: a value outside the stored range falls in the first or last band.
  const lo = k === 0 ? range[0] : edges[k - 1];
  const hi = k === edges.length ? range[1] : edges[k];
  return `${formatBound(lo)}-${formatBound(hi)}`;
}

/** v scaled into 0..1 by `range` (clipped); null when the range is a single value. */
export function scaled(v: number, range: [number, number]): number | null {
  const span = range[1] - range[0];
  if (!(span > 0)) return null;
  return Math.min(1, Math.max(0, (v - range[0]) / span));
}
