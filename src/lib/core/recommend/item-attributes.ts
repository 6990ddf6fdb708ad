import { featureGroupOf, OTHER_GROUP } from '../features/imported-groups.ts';
import { ITEM_IDENTITY_PREFIX } from '../data/parity-layout.ts';
import type { WideMapping } from '../data/wide/mapping.ts';
import { featureKey } from '../data/wide/mapping.ts';
import type { FeatureSpace } from '../types.ts';

/**
 * What a dataset with its own feature names knows about its items: each item's attributes from
 * its item-feature row (for the plan cards), and a price per item when the items have a
 * price-like numeric attribute (for revenue re-ranking), or the plain reason there is none.
 */

/** Column / feature-group names that read as a price. */
export const PRICE_LIKE = /(price|cost|fee|charge|tariff|monthly|amount|revenue|arpu)/i;

/** One item's attributes as "group: value" (identity and scaled columns left out), in column order. */
export function itemAttributes(space: FeatureSpace, item: number): string[] {
  const m = space.itemFeatures;
  const out: string[] = [];
  for (let p = m.indptr[item]; p < m.indptr[item + 1]; p++) {
    const name = space.itemFeatureNames[m.indices[p]];
    if (!name || name.startsWith(ITEM_IDENTITY_PREFIX) || m.values[p] === 0) continue;
    const group = featureGroupOf(name);
    if (group === OTHER_GROUP) out.push(name);
    else if (!name.endsWith(':scaled')) out.push(`${group}: ${name.slice(group.length + 1)}`);
  }
  return out;
}

export type ItemPrices =
  { ok: true; prices: number[]; attribute: string; unit: 'raw' | 'scaled' } | { ok: false; reason: string };

/**
 * The raw scaled value of an item's "<group>:scaled" column. Rows are L1-normalised with every
 * other column at weight 1, so the stored value divided by the identity column's stored value
 * undoes the normalisation exactly.
 */
function scaledValue(space: FeatureSpace, item: number, column: number): number | null {
  const m = space.itemFeatures;
  let own = 0,
    value = 0;
  const identity = ITEM_IDENTITY_PREFIX + space.itemIds[item];
  for (let p = m.indptr[item]; p < m.indptr[item + 1]; p++) {
    const name = space.itemFeatureNames[m.indices[p]];
    if (name === identity) own = m.values[p];
    if (m.indices[p] === column) value = m.values[p];
  }
  return own > 0 ? value / own : null;
}

/**
 * Item prices from a price-like numeric attribute ("<group>:scaled", e.g. price:scaled from a
 * plans table). With the plan table's mapping (its observed range) the prices are in the table's
 * own units; without it they stay on the 0–1 scale the import used.
 */
export function itemPrices(space: FeatureSpace, plans?: WideMapping | null): ItemPrices {
  const column = space.itemFeatureNames.findIndex(
    (n) => n.endsWith(':scaled') && PRICE_LIKE.test(n.slice(0, -':scaled'.length))
  );
  if (column < 0) {
    const groups = [
      ...new Set(
        space.itemFeatureNames.filter((n) => !n.startsWith(ITEM_IDENTITY_PREFIX)).map(featureGroupOf)
      )
    ];
    return {
      ok: false,
      reason: groups.length
        ? `the items have no price-like numeric attribute (their attributes: ${groups.join(', ')}), so there is no revenue to trade off against relevance`
        : 'the items have no attributes at all (only their names), so there is no price to trade off against relevance'
    };
  }
  const group = space.itemFeatureNames[column].slice(0, -':scaled'.length);
  const source = plans?.columns.find((c) => c.type === 'numeric' && c.range && featureKey(c.name) === group);
  const prices: number[] = [];
  for (let i = 0; i < space.itemIds.length; i++) {
    const s = scaledValue(space, i, column);
    if (itemAttributes(space, i).includes(`${group}_band: missing`))
      return {
        ok: false,
        reason: `item "${space.itemIds[i]}" has a blank ${group}, so not every item has a price`
      };
    if (s === null)
      return {
        ok: false,
        reason: `item "${space.itemIds[i]}" has no identity column, so its ${group} cannot be read back`
      };
    prices.push(source?.range ? source.range[0] + s * (source.range[1] - source.range[0]) : s);
  }
  return { ok: true, prices, attribute: source?.name ?? group, unit: source?.range ? 'raw' : 'scaled' };
}
