import { CUSTOMER_ATTRIBUTES, type CustomerGroup } from '../features/customer-features.ts';
import { attributeOf, ITEM_IDENTITY_PREFIX, USER_IDENTITY_PREFIX } from '../features/feature-space.ts';
import { featureGroupOf, OTHER_GROUP } from '../features/imported-groups.ts';
import {
  humaniseFeatureName,
  type Contribution,
  type Explanation,
  type FeatureLabelContext
} from './explain.ts';

/**
 * Explanations by feature group. A customer row has ~25 features and a plan row ~10, so a score
 * splits into ~270 pair terms of similar size: the top few named terms explained little and
 * "220 smaller effects together" carried most of the score. Summing the pair terms per customer
 * feature group (segment, account, usage…) across the plan's features, and the plan-bias terms
 * into one popularity part, leaves about seven parts that carry the whole score, each exact.
 * (Measured on the default 5k dataset with WARP: customer × plan group pairs still left a
 * remainder up to half the score; explain-groups.test.ts checks the per-customer grouping.)
 */

export interface FeatureGroupRef {
  /** Stable key ("usage", "own", an imported prefix). */
  id: string;
  /** Plain words for the group, as it reads after "the customer's". */
  label: string;
}

/** The group of a customer feature column; `own` marks the customer's identity column. */
export type CustomerGrouper = (featureName: string, own: boolean) => FeatureGroupRef;

/** Plain-words names of the synthetic catalogue's customer groups (core/features/customer-features.ts). */
const CUSTOMER_GROUP_WORDS: Record<CustomerGroup, FeatureGroupRef> = {
  basic: { id: 'segment', label: 'segment' },
  account: { id: 'account', label: 'account (lines, age, tenure, region)' },
  behavioural: { id: 'usage', label: 'usage level (data, voice, SMS)' },
  derived: { id: 'value', label: 'value and usage stability' },
  statistical: { id: 'usage-pattern', label: 'monthly usage pattern and trend' }
};
const OWN: FeatureGroupRef = { id: 'own', label: 'own adoption history' };

const customerGroupOf = new Map(CUSTOMER_ATTRIBUTES.map((a) => [a.name, a.group]));

/**
 * Synthetic catalogue groups first; any other name (an imported dataset's) by its own prefix
 * ("region:north" → "region"), the way the Train page groups imported features.
 */
export const catalogueCustomerGrouper: CustomerGrouper = (name, own) => {
  if (own) return OWN;
  const g = customerGroupOf.get(attributeOf(name));
  if (g) return CUSTOMER_GROUP_WORDS[g];
  const prefix = featureGroupOf(name);
  return prefix === OTHER_GROUP
    ? { id: prefix, label: 'features without a prefix' }
    : { id: prefix, label: humaniseFeatureName(prefix) || prefix };
};

export interface ContributionGroup {
  /** 'pair': one customer group's features with all the plan's features; 'item-bias': the plan's popularity. */
  kind: 'pair' | 'item-bias';
  /** The customer group (null for item-bias). */
  group: FeatureGroupRef | null;
  /** Σ of the group's terms: exact. */
  value: number;
  /** Number of terms summed. */
  terms: number;
  /** The group's largest term, to name a concrete example. */
  largest: Contribution;
}

function isOwn(name: string | null, identity: string | null | undefined, prefix: string): boolean {
  if (name === null) return false;
  // Without a context, a "user:"/"item:" column in the row is the row's own identity column.
  return identity !== undefined && identity !== null ? name === identity : name.startsWith(prefix);
}

/**
 * Sums the pair terms per customer feature group and the plan-bias terms into one part.
 * User-bias terms are left out (equal for every plan: the caller shows them as one baseline).
 * Largest |value| first.
 */
export function groupContributions(
  explanation: Pick<Explanation, 'contributions'>,
  opts: { context?: FeatureLabelContext; grouper?: CustomerGrouper } = {}
): ContributionGroup[] {
  const grouper = opts.grouper ?? catalogueCustomerGrouper;
  const ctx = opts.context ?? {};
  const byKey = new Map<string, ContributionGroup>();
  for (const c of explanation.contributions) {
    if (c.kind === 'user-bias') continue;
    const group =
      c.kind === 'pair'
        ? grouper(c.userFeatureName ?? '', isOwn(c.userFeatureName, ctx.userIdentity, USER_IDENTITY_PREFIX))
        : null;
    const key = group === null ? 'item-bias' : `pair|${group.id}`;
    const g = byKey.get(key);
    if (!g) byKey.set(key, { kind: c.kind, group, value: c.value, terms: 1, largest: c });
    else {
      g.value += c.value;
      g.terms++;
      if (Math.abs(c.value) > Math.abs(g.largest.value)) g.largest = c;
    }
  }
  return [...byKey.values()].sort((p, q) => Math.abs(q.value) - Math.abs(p.value));
}

function fmt(v: number): string {
  return (v >= 0 ? '+' : '−') + Math.abs(v).toFixed(2);
}

function featureWords(
  name: string | null,
  identity: string | null | undefined,
  prefix: string,
  ownWords: string
): string {
  if (name === null) return '';
  return isOwn(name, identity, prefix) ? ownWords : humaniseFeatureName(name);
}

/**
 * Plain words for a group (plain text: render it as text, never as HTML): `label` is short, for
 * a chart axis; `text` says which way it pushes and names the group's largest term as an example.
 */
export function describeGroup(
  g: ContributionGroup,
  ctx: FeatureLabelContext = {}
): { label: string; text: string } {
  const up = g.value >= 0;
  const c = g.largest;
  const plan = featureWords(c.itemFeatureName, ctx.itemIdentity, ITEM_IDENTITY_PREFIX, 'this very plan');
  const example =
    g.terms > 1
      ? `; largest part: ${c.kind === 'pair' ? `${featureWords(c.userFeatureName, ctx.userIdentity, USER_IDENTITY_PREFIX, 'own history')} with ${plan}` : plan} ${fmt(c.value)}`
      : '';
  if (g.kind === 'item-bias') {
    return {
      label: 'Plan popularity',
      text: `How popular this plan and plans like it are overall (${fmt(g.value)}${example})`
    };
  }
  const group = g.group!;
  const label = group.label.charAt(0).toUpperCase() + group.label.slice(1);
  return {
    label,
    text: `The customer's ${group.label} ${up ? 'makes this plan a better fit' : 'makes this plan a worse fit'} (${fmt(g.value)}${example})`
  };
}
