import { featureGroupOf, OTHER_GROUP } from '../features/imported-groups.ts';
import type { TrainTestData } from '../types.ts';
import { ITEM_IDENTITY_PREFIX, USER_IDENTITY_PREFIX } from '../data/parity-layout.ts';

/**
 * Customer and item aggregates of a dataset that has no raw telco tables (an imported parity
 * layout or wide table), from what it does have: adoptions per item (train + test), co-adoption
 * of the most adopted items, and how customers spread over each categorical feature group
 * ("contract:Two year" → group "contract", value "Two year"). Continuous features ("…:scaled")
 * and identity columns are not categories and are left out.
 */
export interface FeatureGroupCounts {
  group: string;
  values: Array<{ value: string; customers: number }>;
}

export interface LayoutAnalytics {
  customers: number;
  items: Array<{ item: string; adoptions: number }>;
  /** Customers who adopted both items (diagonal: who adopted the item), for the top items. */
  coAdoption: { items: string[]; counts: number[][] };
  featureGroups: FeatureGroupCounts[];
}

/** Group and value of a feature name, split at the first ':' or '='; null for identity and continuous columns. */
export function splitFeatureName(name: string): { group: string; value: string } | null {
  if (name.startsWith(USER_IDENTITY_PREFIX) || name.startsWith(ITEM_IDENTITY_PREFIX)) return null;
  const group = featureGroupOf(name);
  if (group === OTHER_GROUP) return null;
  const value = name.slice(group.length + 1);
  return value === 'scaled' ? null : { group, value };
}

export function layoutAnalytics(opts: {
  data: TrainTestData;
  topItems?: number;
  maxValuesPerGroup?: number;
}): LayoutAnalytics {
  const { space } = opts.data;
  const nUsers = space.userIds.length;
  const nItems = space.itemIds.length;
  const counts = new Array<number>(nItems).fill(0);
  const byUser: number[][] = Array.from({ length: nUsers }, () => []);
  for (const x of [
    opts.data.train,
    opts.data.test,
    ...(opts.data.validation ? [opts.data.validation] : [])
  ]) {
    for (let k = 0; k < x.userIdx.length; k++) {
      counts[x.itemIdx[k]]++;
      byUser[x.userIdx[k]].push(x.itemIdx[k]);
    }
  }
  const order = counts.map((_, i) => i).sort((a, b) => counts[b] - counts[a] || a - b);
  const top = order.slice(0, opts.topItems ?? 15);
  const slot = new Map(top.map((i, k) => [i, k]));
  const co = top.map(() => new Array<number>(top.length).fill(0));
  for (const items of byUser) {
    const mine = [...new Set(items)].map((i) => slot.get(i)).filter((k): k is number => k !== undefined);
    for (const a of mine) for (const b of mine) co[a][b]++;
  }
  const groups = new Map<string, Map<string, number>>();
  const f = space.userFeatures;
  const parsed = space.userFeatureNames.map(splitFeatureName);
  for (let r = 0; r < f.nRows; r++) {
    for (let p = f.indptr[r]; p < f.indptr[r + 1]; p++) {
      const g = parsed[f.indices[p]];
      if (!g || f.values[p] === 0) continue;
      const values = groups.get(g.group) ?? groups.set(g.group, new Map()).get(g.group)!;
      values.set(g.value, (values.get(g.value) ?? 0) + 1);
    }
  }
  const maxValues = opts.maxValuesPerGroup ?? 12;
  return {
    customers: nUsers,
    items: order.map((i) => ({ item: space.itemIds[i], adoptions: counts[i] })),
    coAdoption: { items: top.map((i) => space.itemIds[i]), counts: co },
    featureGroups: [...groups.entries()].map(([group, values]) => ({
      group,
      values: [...values.entries()]
        .map(([value, customers]) => ({ value, customers }))
        .sort((a, b) => b.customers - a.customers)
        .slice(0, maxValues)
    }))
  };
}
