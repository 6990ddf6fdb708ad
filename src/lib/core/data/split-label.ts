/**
 * What a split is, in words, from its options alone: one source for every caption, table
 * heading and run label, so no page can describe a split as something it is not (a temporal
 * split has no "20% held out": each customer's latest adoption is the test set).
 * `undefined` is an imported dataset's own train/test files (no split was drawn here).
 */
import { DEFAULT_TEST_FRACTION, type SplitOptions } from './split.ts';

type SplitLike = Pick<SplitOptions, 'kind'> &
  Partial<Pick<SplitOptions, 'testFraction' | 'validationFraction' | 'seed'>>;

const pct = (f: number) => `${Math.round(f * 100)}%`;

/** Short, for run labels and option lists: "random 80/20", "latest adoption held out", "held-out customers (20%)". */
export function splitShortLabel(split: SplitLike | undefined): string {
  if (!split) return 'given train/test';
  const test = split.testFraction ?? DEFAULT_TEST_FRACTION;
  if (split.kind === 'temporal') return 'latest adoption held out';
  if (split.kind === 'cold_start') return `held-out customers (${pct(test)})`;
  return `random ${Math.round((1 - test) * 100)}/${Math.round(test * 100)}`;
}

/**
 * One sentence fragment that says truthfully what was held out, e.g.
 * "random split: 20% of adoptions held out for testing (split seed 42)".
 */
export function describeSplit(split: SplitLike | undefined): string {
  if (!split) return "the dataset's own train/test split (its train and test files)";
  const test = split.testFraction ?? DEFAULT_TEST_FRACTION;
  const val = split.validationFraction ?? 0;
  const seed = split.seed !== undefined ? ` (split seed ${split.seed})` : '';
  switch (split.kind) {
    case 'temporal':
      return `temporal split: each customer's latest adoption held out for testing (customers with 2 or more adoptions)${val > 0 ? `; the one before it held out for validation for ${pct(val)} of customers with 3 or more` : ''}`;
    case 'cold_start':
      return `held-out-customer split: ${pct(test)} of customers held out with all their adoptions${val > 0 ? `, ${pct(val)} more for validation` : ''}${seed}`;
    default:
      return `random split: ${pct(test)} of adoptions held out for testing${val > 0 ? `, ${pct(val)} more for validation` : ''}${seed}`;
  }
}

/**
 * Whether a run label can leave the split out: the standard random 80/20 split, or an imported
 * dataset's own files (every run on that dataset uses them).
 */
export function isStandardSplit(split: SplitLike | undefined): boolean {
  return (
    split === undefined ||
    (split.kind === 'random' && (split.testFraction ?? DEFAULT_TEST_FRACTION) === DEFAULT_TEST_FRACTION)
  );
}
