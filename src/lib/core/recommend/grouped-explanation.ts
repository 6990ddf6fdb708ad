import { featureGroupOf, OTHER_GROUP } from '../features/imported-groups.ts';
import type { Contribution } from './explain.ts';
import type { ExplanationLine, ExplanationLinesResult } from './explanation-lines.ts';
import type { ModelExplanation } from './tower-scoring.ts';

/**
 * The "why this item" lines for a dataset with its own feature names (an imported parity
 * layout, wide table or long format): the exact terms of the score (explain.ts) summed per
 * feature group, the group being the name's prefix ("contract:Two year" → contract,
 * "service:StreamingTV" → service). A customer-group × item-group pair becomes one line, the
 * item's own popularity per item group one line, the customer's baseline (user biases: the
 * same for every item) one line, and Hybrid Deep's tower residual one line, so the lines still
 * add up to the model's score. The telco path (explanation-lines.ts) is untouched.
 */
export interface GroupedExplanationOptions {
  explanation: ModelExplanation;
  /** Identity feature names of this customer and this item ("user:<id>", "item:<id>"), if any. */
  userIdentity?: string | null;
  itemIdentity?: string | null;
  /** How many group lines to list before one "rest" line. Default 5. */
  top?: number;
}

const OWN = '\u0000own';

/** A feature's group, with identity columns as their own group. */
function groupOf(name: string | null, identity: string | null | undefined): string {
  if (name === null) return OTHER_GROUP;
  if (identity != null && name === identity) return OWN;
  return featureGroupOf(name);
}

/** "contract Two year" / "tenure_band 0–12, tenure scaled": the features of a group this term uses. */
function valuesOf(names: Set<string>, group: string): string {
  const values = [...names].map((n) => (group === OTHER_GROUP ? n : n.slice(group.length + 1)));
  return `${group === OTHER_GROUP ? 'other features' : group} ${values.join(', ')}`;
}

const fmt = (v: number) => (v >= 0 ? '+' : '−') + Math.abs(v).toFixed(2);

interface Bucket {
  kind: 'pair' | 'item-bias';
  userGroup: string;
  itemGroup: string;
  userNames: Set<string>;
  itemNames: Set<string>;
  value: number;
}

function bucketText(b: Bucket): string {
  const what = b.itemGroup === OWN ? 'this item' : `items with ${valuesOf(b.itemNames, b.itemGroup)}`;
  if (b.kind === 'item-bias') {
    return `${b.itemGroup === OWN ? 'This item is' : `Items with ${valuesOf(b.itemNames, b.itemGroup)} are`} ${b.value >= 0 ? 'more' : 'less'} popular overall (${fmt(b.value)})`;
  }
  if (b.userGroup === OWN)
    return `This customer's own history ${b.value >= 0 ? 'favours' : 'counts against'} ${what} (${fmt(b.value)})`;
  return `Customers with ${valuesOf(b.userNames, b.userGroup)} ${b.value >= 0 ? 'tend to take' : 'tend to avoid'} ${what} (${fmt(b.value)})`;
}

export function groupedExplanationLines(opts: GroupedExplanationOptions): ExplanationLinesResult {
  const e = opts.explanation;
  const top = opts.top ?? 5;
  const buckets = new Map<string, Bucket>();
  const add = (c: Contribution, kind: Bucket['kind']) => {
    const userGroup = kind === 'pair' ? groupOf(c.userFeatureName, opts.userIdentity) : '';
    const itemGroup = groupOf(c.itemFeatureName, opts.itemIdentity);
    const key = `${kind}|${userGroup}|${itemGroup}`;
    const b =
      buckets.get(key) ??
      buckets
        .set(key, { kind, userGroup, itemGroup, userNames: new Set(), itemNames: new Set(), value: 0 })
        .get(key)!;
    if (c.userFeatureName !== null) b.userNames.add(c.userFeatureName);
    if (c.itemFeatureName !== null) b.itemNames.add(c.itemFeatureName);
    b.value += c.value;
  };
  for (const c of e.contributions) if (c.kind !== 'user-bias') add(c, c.kind);
  const sorted = [...buckets.values()].sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  const lines: ExplanationLine[] = sorted
    .slice(0, top)
    .map((b) => ({ text: bucketText(b), value: b.value, kind: 'term' }));
  if (sorted.length > top) {
    const rest = sorted.slice(top).reduce((s, b) => s + b.value, 0);
    lines.push({
      text: `${sorted.length - top} smaller groups of terms together (${fmt(rest)})`,
      value: rest,
      kind: 'rest'
    });
  }
  if (e.contributions.some((c) => c.kind === 'user-bias')) {
    lines.push({
      text: "This customer's baseline (the same for every item, so it never changes the order)",
      value: e.userBias,
      kind: 'baseline'
    });
  }
  if (e.towerResidual !== 0) {
    lines.push({
      text: 'Non-linear tower residual (what the deep layers add on top of the feature pairs)',
      value: e.towerResidual,
      kind: 'tower'
    });
  }
  let sum = 0;
  for (const l of lines) sum += l.value;
  return { lines, sum, score: e.modelScore };
}
