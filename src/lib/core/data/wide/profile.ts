import type { WideTable } from './read.ts';
import { detectNumberFormat, isYesNoWord, type NumberFormat, yesNoOf } from './values.ts';

/**
 * What one column of a wide table holds, measured over every row: blanks, distinct values,
 * whether it is yes/no, numeric (and in which number format), or mixed yes/no and numbers.
 * Inference (infer.ts) and the proposal UI read these; nothing here decides a role.
 */
export interface ColumnProfile {
  index: number;
  name: string;
  blank: number;
  nonBlank: number;
  /** Distinct non-blank values. */
  distinct: number;
  /** The most frequent values with their counts (at most 12), most frequent first. */
  top: Array<[string, number]>;
  /** Every non-blank value is a yes/no token (yes/no, true/false, 1/0, "No … service"). */
  yesNo: boolean;
  /** Non-blank values that mean yes, when yesNo. */
  yesCount: number;
  /** 'dot' / 'comma' when every value is a number; 'ambiguous' for "1,234"-style values. */
  numberFormat: NumberFormat | 'ambiguous' | null;
  /** Every non-blank value is distinct (and none blank): an id candidate. */
  unique: boolean;
  /** The first repeated value and the rows it is on (for duplicate-id messages). */
  firstDuplicate: { value: string; rows: [number, number] } | null;
  /** First blank row (file row), for blank-id messages. */
  firstBlankRow: number | null;
  /** Set when yes/no words and numbers other than 0/1 share the column: the rows of one of each. */
  mixed: { wordRow: number; word: string; numberRow: number; number: string } | null;
}

const TOP = 12;

export function profileColumn(t: WideTable, c: number): ColumnProfile {
  const counts = new Map<string, number>();
  const firstRow = new Map<string, number>();
  let blank = 0;
  let firstBlankRow: number | null = null;
  let firstDuplicate: ColumnProfile['firstDuplicate'] = null;
  for (let r = 0; r < t.rows.length; r++) {
    const v = t.rows[r][c];
    if (v === '') {
      blank++;
      firstBlankRow ??= t.rowNumbers[r];
      continue;
    }
    const n = counts.get(v);
    if (n === undefined) {
      counts.set(v, 1);
      firstRow.set(v, t.rowNumbers[r]);
    } else {
      counts.set(v, n + 1);
      if (!firstDuplicate) firstDuplicate = { value: v, rows: [firstRow.get(v)!, t.rowNumbers[r]] };
    }
  }
  const values = [...counts.keys()];
  const yesNo = values.length > 0 && values.every((v) => yesNoOf(v) !== null);
  let yesCount = 0;
  if (yesNo) for (const [v, n] of counts) if (yesNoOf(v) === 'yes') yesCount += n;
  const numberFormat = yesNo ? null : detectNumberFormat(values);
  return {
    index: c,
    name: t.header[c],
    blank,
    nonBlank: t.rows.length - blank,
    distinct: counts.size,
    top: [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, TOP),
    yesNo,
    yesCount,
    numberFormat,
    unique: blank === 0 && firstDuplicate === null,
    firstDuplicate,
    firstBlankRow,
    mixed: yesNo || numberFormat !== null ? null : mixedYesNumbers(values, firstRow)
  };
}

/** Yes/no words next to numbers (other than 0/1) and nothing else: a column that mixes two kinds. */
function mixedYesNumbers(values: string[], firstRow: Map<string, number>): ColumnProfile['mixed'] {
  const words = values.filter(isYesNoWord);
  const others = values.filter((v) => !isYesNoWord(v));
  if (words.length === 0 || others.length === 0) return null;
  const numbers = detectNumberFormat(others);
  if (numbers === null) return null;
  const number = others.find((v) => v !== '0' && v !== '1');
  if (number === undefined) return null;
  return { wordRow: firstRow.get(words[0])!, word: words[0], numberRow: firstRow.get(number)!, number };
}

export function profileTable(t: WideTable): ColumnProfile[] {
  return t.header.map((_, c) => profileColumn(t, c));
}
