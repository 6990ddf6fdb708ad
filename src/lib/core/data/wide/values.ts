/**
 * Cell values of a wide customer table: yes/no tokens and number formats. A column's number
 * format is decided from all its values at once, and only when that is unambiguous.
 */

/** How a numeric column writes its numbers: "1,234.5" (dot decimal) or "1.234,5" (comma decimal). */
export type NumberFormat = 'dot' | 'comma';

const YES = new Set(['yes', 'y', 'true', 't', '1']);
const NO = new Set(['no', 'n', 'false', 'f', '0', 'none']);
/** "No phone service", "No internet service", "no service": not adopted. */
const NO_SERVICE = /^no\b.*\bservice$/;

export type YesNo = 'yes' | 'no' | null;

/** yes / no for a yes/no token (case-insensitive, trimmed), null for anything else. */
export function yesNoOf(value: string): YesNo {
  const v = value.trim().toLowerCase();
  if (YES.has(v)) return 'yes';
  if (NO.has(v) || NO_SERVICE.test(v)) return 'no';
  return null;
}

/** A yes/no word (not the digits 0/1, which are numbers too). */
export function isYesNoWord(value: string): boolean {
  return yesNoOf(value) !== null && value.trim() !== '0' && value.trim() !== '1';
}

const PLAIN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const COMMA_THOUSANDS = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const COMMA_DECIMAL = /^[+-]?\d+,\d+$/;
const DOT_THOUSANDS_COMMA_DECIMAL = /^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/;

/** Whether `v` reads as a number written in `format`. */
export function fitsFormat(v: string, format: NumberFormat): boolean {
  return format === 'dot'
    ? PLAIN.test(v) || COMMA_THOUSANDS.test(v)
    : /^[+-]?\d+$/.test(v) || COMMA_DECIMAL.test(v) || DOT_THOUSANDS_COMMA_DECIMAL.test(v);
}

/** The number `v` means in `format`, or null when it is not one. */
export function parseNumberAs(v: string, format: NumberFormat): number | null {
  const s = v.trim();
  if (!fitsFormat(s, format)) return null;
  const canonical = format === 'dot' ? s.replace(/,/g, '') : s.replace(/\./g, '').replace(',', '.');
  const x = Number(canonical);
  return Number.isFinite(x) ? x : null;
}

/**
 * The number format of a column's non-blank values: 'dot' or 'comma' when every value reads as
 * a number in exactly one way, 'ambiguous' when "1,234"-style values fit both (thousands or
 * decimals?), null when some value is not a number in either.
 */
export function detectNumberFormat(values: Iterable<string>): NumberFormat | 'ambiguous' | null {
  let dot = true;
  let comma = true;
  let anyComma = false;
  let any = false;
  for (const v of values) {
    any = true;
    if (dot && !fitsFormat(v, 'dot')) dot = false;
    if (comma && !fitsFormat(v, 'comma')) comma = false;
    if (v.includes(',')) anyComma = true;
    if (!dot && !comma) return null;
  }
  if (!any) return null;
  if (dot && comma) return anyComma ? 'ambiguous' : 'dot';
  return dot ? 'dot' : 'comma';
}
