import { splitFeatureName } from '../analytics/layout-analytics.ts';
import { featureKey, type WideMapping } from '../data/wide/mapping.ts';
import { bandLabel, scaled } from '../data/wide/numeric.ts';

/**
 * The cold-start profile of a dataset without raw tables, built from its own customer
 * features: each categorical feature group is a choice of its values ("contract" → Month-to-month,
 * One year, …); each numeric column of a wide-table mapping is a number field with the observed
 * range, turned into the same band and scaled-value features the import made.
 */
export type ProfileField =
  | { kind: 'choice'; group: string; values: string[] }
  | { kind: 'number'; group: string; column: string; min: number; max: number; edges: number[] };

/** Profile fields from the model's user feature names (and the wide mapping, when there is one). */
export function profileFields(featureNames: readonly string[], mapping?: WideMapping | null): ProfileField[] {
  const numeric = new Map<string, ProfileField & { kind: 'number' }>();
  for (const c of mapping?.columns ?? []) {
    if (c.role === 'feature' && c.type === 'numeric' && c.range) {
      const group = featureKey(c.name);
      numeric.set(group, {
        kind: 'number',
        group,
        column: c.name,
        min: c.range[0],
        max: c.range[1],
        edges: c.bandEdges ?? []
      });
    }
  }
  const choices = new Map<string, string[]>();
  for (const name of featureNames) {
    const g = splitFeatureName(name);
    if (!g || g.value === 'missing') continue;
    // A numeric column's bands are set through its number field, not chosen.
    if (g.group.endsWith('_band') && numeric.has(g.group.slice(0, -5))) continue;
    const values = choices.get(g.group) ?? choices.set(g.group, []).get(g.group)!;
    values.push(g.value);
  }
  const fields: ProfileField[] = [...choices.entries()].map(([group, values]) => ({
    kind: 'choice',
    group,
    values
  }));
  for (const n of numeric.values()) fields.push(n);
  return fields;
}

/** A filled profile (group → chosen value or number; absent/blank = unknown) as feature names and weights. */
export function profileFeatureList(
  fields: readonly ProfileField[],
  values: Readonly<Record<string, string | number | null | undefined>>
): Array<readonly [string, number]> {
  const out: Array<readonly [string, number]> = [];
  for (const f of fields) {
    const v = values[f.group];
    if (v === undefined || v === null || v === '') continue;
    if (f.kind === 'choice') out.push([`${f.group}:${v}`, 1]);
    else {
      const x = Number(v);
      if (!Number.isFinite(x)) continue;
      const range: [number, number] = [f.min, f.max];
      out.push([`${f.group}_band:${bandLabel(x, f.edges, range)}`, 1]);
      const s = scaled(x, range);
      if (s !== null && s > 0) out.push([`${f.group}:scaled`, s]);
    }
  }
  return out;
}
