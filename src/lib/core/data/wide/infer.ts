import { CsvError } from '../csv-read.ts';
import {
  type ColumnMapping,
  DEFAULT_SPLIT,
  featureKey,
  MAPPING_FORMAT,
  MAPPING_VERSION,
  type WideMapping
} from './mapping.ts';
import { numericValues, quantileBands } from './numeric.ts';
import type { ColumnProfile } from './profile.ts';
import type { WideTable } from './read.ts';
import { yesNoOf } from './values.ts';

/**
 * Proposes a mapping from column profiles. The rules, in order (each proposal says which fired):
 *  - the customer id: a column whose values are all distinct and never blank, preferring a name
 *    like customerID / id / account;
 *  - a yes/no column (yes/no, true/false, 1/0, "No internet service" = no) is an item, unless its
 *    name says it is about the customer (gender, senior, partner, dependents, paperless billing…:
 *    a feature) or a prediction target (churn, target, label: ignored);
 *  - a categorical column with a "No"/"None" value and at most 12 values is one item per other
 *    value (e.g. InternetService → "InternetService=DSL", "InternetService=Fiber optic");
 *  - other categorical columns (≤ 50 values) and numbers are customer features;
 *  - free text with a distinct value per row, blank columns and ids of other things are ignored.
 */
const MAX_CATEGORIES = 50;
const MAX_ITEM_VALUES = 12;
const ID_NAME =
  /(^|_)(id|msisdn|imsi|account|subscriber)$|^id_|(customer|client|cust|subscriber|account|user)_?id$/;
const TARGET_WORDS = new Set([
  'churn',
  'churned',
  'attrition',
  'target',
  'label',
  'exited',
  'cancelled',
  'canceled'
]);
const CUSTOMER_WORDS = new Set([
  'gender',
  'sex',
  'senior',
  'citizen',
  'partner',
  'married',
  'spouse',
  'dependents',
  'dependent',
  'children',
  'kids',
  'paperless',
  'billing',
  'student',
  'age',
  'retired',
  'homeowner',
  'employee',
  'vip',
  'region',
  'city',
  'state',
  'country',
  'segment'
]);

const words = (name: string) => featureKey(name).split('_');
const isTarget = (name: string) => words(name).some((w) => TARGET_WORDS.has(w));
const isAboutCustomer = (name: string) => words(name).some((w) => CUSTOMER_WORDS.has(w));

/** The proposed id column, or an error saying why none fits. */
function chooseId(t: WideTable, profiles: ColumnProfile[]): ColumnProfile {
  const named = profiles.filter((p) => ID_NAME.test(featureKey(p.name)));
  const candidates = profiles.filter((p) => p.unique && !p.yesNo && p.nonBlank > 0);
  const pick =
    candidates.find((p) => named.includes(p)) ??
    candidates.find((p) => p.numberFormat === null) ??
    // An id-named column with a duplicate or a blank: chosen, so the conversion names the rows.
    named.find((p) => !p.yesNo && p.distinct > 1);
  if (pick) return pick;
  throw new CsvError(
    t.file,
    null,
    null,
    `no customer id column: no column has a different, non-blank value on every row (${t.rows.length} rows). Add one (for example customerID) or mark one in the mapping`
  );
}

function proposeColumn(t: WideTable, p: ColumnProfile): ColumnMapping {
  const name = p.name;
  if (p.nonBlank === 0) return { name, role: 'ignore', type: 'categorical', reason: 'every cell is blank' };
  if (p.mixed) {
    throw new CsvError(
      t.file,
      p.mixed.numberRow,
      name,
      `the column mixes yes/no values and numbers (row ${p.mixed.wordRow} has "${p.mixed.word}", row ${p.mixed.numberRow} has "${p.mixed.number}"): use one kind of value per column`
    );
  }
  if (p.yesNo) {
    if (isTarget(name))
      return {
        name,
        role: 'ignore',
        type: 'yesno',
        reason: 'looks like a prediction target (churn): not used unless you make it a feature'
      };
    if (isAboutCustomer(name))
      return { name, role: 'feature', type: 'yesno', reason: 'a yes/no fact about the customer' };
    return { name, role: 'item', type: 'yesno', reason: 'a yes/no column: adopted when yes' };
  }
  if (p.numberFormat === 'dot' || p.numberFormat === 'comma') {
    if (p.unique && p.nonBlank > 20 && ID_NAME.test(featureKey(name)))
      return {
        name,
        role: 'ignore',
        type: 'numeric',
        numberFormat: p.numberFormat,
        reason: 'an id of something else'
      };
    const col: ColumnMapping = {
      name,
      role: 'feature',
      type: 'numeric',
      numberFormat: p.numberFormat,
      reason: 'numbers: quantile bands and the scaled value'
    };
    const bands = quantileBands(numericValues(t, p.index, col));
    return bands ? { ...col, bandEdges: bands.edges, range: bands.range } : col;
  }
  const looksLikeText = p.distinct > MAX_CATEGORIES || (p.distinct === p.nonBlank && p.nonBlank > 20);
  if (looksLikeText) {
    const why =
      p.numberFormat === 'ambiguous'
        ? 'numbers like "1,234" could be thousands or decimals: set the number format'
        : `free text or ids (${p.distinct} different values)`;
    return { name, role: 'ignore', type: 'categorical', reason: why };
  }
  const noValues = p.top.map(([v]) => v).filter((v) => yesNoOf(v) === 'no');
  if (
    noValues.length > 0 &&
    p.distinct - noValues.length >= 1 &&
    p.distinct <= MAX_ITEM_VALUES &&
    !isTarget(name) &&
    !isAboutCustomer(name)
  ) {
    return {
      name,
      role: 'item',
      type: 'categorical',
      noValues,
      reason: `one item per value; ${noValues.map((v) => `"${v}"`).join(', ')} = none`
    };
  }
  if (isTarget(name))
    return {
      name,
      role: 'ignore',
      type: 'categorical',
      reason: 'looks like a prediction target: not used unless you make it a feature'
    };
  return { name, role: 'feature', type: 'categorical', reason: `categories (${p.distinct} values): one-hot` };
}

/** A full mapping proposal for `t` (throws a CsvError for a column no mapping could read). */
export function inferMapping(t: WideTable, profiles: ColumnProfile[]): WideMapping {
  const id = chooseId(t, profiles);
  const columns = profiles.map((p): ColumnMapping =>
    p === id
      ? {
          name: p.name,
          role: 'id',
          type: 'categorical',
          reason: ID_NAME.test(featureKey(p.name)) ? 'named like an id' : 'a different value on every row'
        }
      : proposeColumn(t, p)
  );
  return { format: MAPPING_FORMAT, version: MAPPING_VERSION, columns, split: { ...DEFAULT_SPLIT } };
}
