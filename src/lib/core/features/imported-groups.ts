import type { CsrMatrix, FeatureSpace, TrainTestData } from '../types.ts';
import { CoreError } from '../types.ts';
import { ITEM_IDENTITY_PREFIX, USER_IDENTITY_PREFIX } from './feature-space.ts';

/**
 * Feature groups of an imported dataset, taken from its own feature names: the group of
 * "segment:business" or "region=north" is the text before the first ':' or '=' ("segment",
 * "region"); names without either go to one group, OTHER_GROUP. Identity columns (one per
 * user and item, "user:<id>" / "item:<id>") are not a group: they are always kept. Any imported
 * layout (parity files, wide tables) gets groups this way, without knowing its columns.
 */
export const OTHER_GROUP = '(no prefix)';

/** Group ids per side, plus single features switched off (full feature names). */
export interface GroupSelection {
  customer: readonly string[];
  plan: readonly string[];
  exclude?: readonly string[];
}

export interface ImportedGroup {
  id: string;
  /** Full feature names (columns) in the group, in column order. */
  features: string[];
}

export interface ImportedGroups {
  customer: ImportedGroup[];
  plan: ImportedGroup[];
}

/** "segment:business" → "segment", "region=north" → "region", "vip" → OTHER_GROUP. */
export function featureGroupOf(name: string): string {
  const at = name.search(/[:=]/);
  return at > 0 ? name.slice(0, at) : OTHER_GROUP;
}

/** True per column when it is an entity's own identity column ("user:<id>" of that row's id). */
function identityColumns(names: readonly string[], ids: readonly string[], prefix: string): Uint8Array {
  const own = new Set(ids.map((id) => prefix + id));
  return Uint8Array.from(names, (n) => (own.has(n) ? 1 : 0));
}

function groupsOf(names: readonly string[], identity: Uint8Array): ImportedGroup[] {
  const byId = new Map<string, ImportedGroup>();
  names.forEach((name, col) => {
    if (identity[col]) return;
    const id = featureGroupOf(name);
    let g = byId.get(id);
    if (!g) byId.set(id, (g = { id, features: [] }));
    g.features.push(name);
  });
  return [...byId.values()];
}

/** The side-feature groups of an imported feature space (identity columns left out). */
export function importedFeatureGroups(space: FeatureSpace): ImportedGroups {
  return {
    customer: groupsOf(
      space.userFeatureNames,
      identityColumns(space.userFeatureNames, space.userIds, USER_IDENTITY_PREFIX)
    ),
    plan: groupsOf(
      space.itemFeatureNames,
      identityColumns(space.itemFeatureNames, space.itemIds, ITEM_IDENTITY_PREFIX)
    )
  };
}

/** Every group on, nothing excluded. */
export function allImportedGroups(groups: ImportedGroups): GroupSelection {
  return { customer: groups.customer.map((g) => g.id), plan: groups.plan.map((g) => g.id), exclude: [] };
}

/**
 * Keeps the columns in `keep` and L1-normalises each row again, which equals building the rows
 * from the kept features alone (LightFM's normalisation is per row, so scaling cancels).
 */
function keepColumns(
  m: CsrMatrix,
  names: readonly string[],
  keep: Uint8Array,
  ids: readonly string[],
  side: string
): { matrix: CsrMatrix; names: string[] } {
  // Everything kept: the very same matrix, so a run with every group on trains on the import byte for byte.
  if (keep.every((k) => k === 1)) return { matrix: m, names: [...names] };
  const newCol = new Int32Array(m.nCols).fill(-1);
  const kept: string[] = [];
  for (let c = 0; c < m.nCols; c++) if (keep[c]) newCol[c] = kept.push(names[c]) - 1;
  const indptr = new Int32Array(m.nRows + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let r = 0; r < m.nRows; r++) {
    const start = indices.length;
    let sum = 0;
    for (let p = m.indptr[r]; p < m.indptr[r + 1]; p++) {
      const c = newCol[m.indices[p]];
      if (c < 0) continue;
      indices.push(c);
      values.push(m.values[p]);
      sum += Math.abs(m.values[p]);
    }
    if (indices.length === start) {
      throw new CoreError(
        'bad_input',
        `${side} "${ids[r]}" has no features left with this selection: tick at least one of its feature groups`
      );
    }
    for (let k = start; k < values.length; k++) values[k] /= sum;
    indptr[r + 1] = indices.length;
  }
  return {
    matrix: {
      nRows: m.nRows,
      nCols: kept.length,
      indptr,
      indices: Int32Array.from(indices),
      values: Float32Array.from(values)
    },
    names: kept
  };
}

/**
 * The imported data with only the chosen groups' features (and every identity column), minus
 * excluded feature names: what a run on an imported dataset really trains on. Unknown group
 * ids are an error, so a selection meant for another dataset cannot silently train on nothing.
 */
export function selectImportedFeatures(data: TrainTestData, selection: GroupSelection): TrainTestData {
  const { space } = data;
  const off = new Set(selection.exclude ?? []);
  const side = (
    names: readonly string[],
    ids: readonly string[],
    prefix: string,
    groups: readonly string[],
    label: string
  ) => {
    const identity = identityColumns(names, ids, prefix);
    const known = new Set(groupsOf(names, identity).map((g) => g.id));
    for (const g of groups)
      if (!known.has(g))
        throw new CoreError(
          'bad_input',
          `this dataset has no ${label} feature group "${g}" (it has ${[...known].join(', ') || 'none'})`
        );
    const on = new Set(groups);
    return Uint8Array.from(names, (n, c) =>
      identity[c] || (on.has(featureGroupOf(n)) && !off.has(n)) ? 1 : 0
    );
  };
  const users = keepColumns(
    space.userFeatures,
    space.userFeatureNames,
    side(space.userFeatureNames, space.userIds, USER_IDENTITY_PREFIX, selection.customer, 'customer'),
    space.userIds,
    'customer'
  );
  const items = keepColumns(
    space.itemFeatures,
    space.itemFeatureNames,
    side(space.itemFeatureNames, space.itemIds, ITEM_IDENTITY_PREFIX, selection.plan, 'plan'),
    space.itemIds,
    'plan'
  );
  return {
    ...data,
    space: {
      ...space,
      userFeatures: users.matrix,
      userFeatureNames: users.names,
      itemFeatures: items.matrix,
      itemFeatureNames: items.names
    }
  };
}
