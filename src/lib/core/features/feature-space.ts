import type { TelcoDataset } from '../data/schema.ts';
import { SEGMENTS } from '../data/schema.ts';
import type { CsrMatrix, FeatureSpace } from '../types.ts';
import { CoreError } from '../types.ts';
import {
  computeFeatureThresholds,
  CUSTOMER_GROUPS,
  customerAttributes,
  type CustomerGroup,
  emptyRow,
  type FeatureThresholds,
  fillRow
} from './customer-features.ts';
import { buildFeatureMatrix } from './matrix.ts';
import {
  computePlanThresholds,
  PLAN_GROUPS,
  type PlanGroup,
  planFeatures,
  type PlanThresholds,
  planVocabulary
} from './plan-features.ts';
import { computeUsageStats, type UsageStats } from './usage-stats.ts';

/**
 * Dataset → LightFM-style FeatureSpace (lightfm-spec.md §1): identity columns first (one per
 * customer "user:<id>", one per plan "item:<id>"), then every value the chosen groups can take,
 * in catalogue order, so the columns depend on the selection and not on the data. Rows are
 * L1-normalised. Customer rows are built straight from categorical codes (no per-row string
 * arrays, so 1M customers fit); plan rows go through buildFeatureMatrix.
 */
export interface FeatureSelection {
  customer: readonly CustomerGroup[];
  plan: readonly PlanGroup[];
  /** Identity features (LightFM's default). Default true on both sides. */
  identity?: { users?: boolean; items?: boolean };
  /** Single features switched off inside enabled groups, by attribute name (e.g. "sms_trend", "bundle_type"). */
  exclude?: readonly string[];
}

/** The attribute a feature column belongs to: "data_intensity:high" → "data_intensity". */
export function attributeOf(featureName: string): string {
  const colon = featureName.indexOf(':');
  return colon < 0 ? featureName : featureName.slice(0, colon);
}

function keepAttribute(selection: FeatureSelection): (name: string) => boolean {
  const off = new Set(selection.exclude ?? []);
  return (name) => !off.has(name);
}

export const ALL_FEATURES: FeatureSelection = { customer: CUSTOMER_GROUPS, plan: PLAN_GROUPS };
/** Identity only: pure collaborative filtering. */
export const NO_FEATURES: FeatureSelection = { customer: [], plan: [] };

export const USER_IDENTITY_PREFIX = 'user:';
export const ITEM_IDENTITY_PREFIX = 'item:';

/** The bands a feature space was built with; keep them with a model for cold start. */
export interface FeatureThresholdSet {
  customer: FeatureThresholds;
  plan: PlanThresholds;
}

export interface FeatureProgress {
  phase: 'stats' | 'customers' | 'plans';
  done: number;
  total: number;
}

export interface BuildFeatureSpaceOptions {
  dataset: TelcoDataset;
  /** Default ALL_FEATURES. */
  selection?: FeatureSelection;
  /** Reuse bands (e.g. a model's) instead of computing them from this dataset. */
  thresholds?: FeatureThresholdSet;
  /** Reuse precomputed usage statistics. */
  stats?: UsageStats;
  onProgress?: (p: FeatureProgress) => void;
}

export interface BuiltFeatures {
  space: FeatureSpace;
  thresholds: FeatureThresholdSet;
  selection: FeatureSelection;
  stats: UsageStats;
}

/** The customer-side column names after the identity block. */
export function customerVocabulary(
  groups: readonly CustomerGroup[],
  thresholds: FeatureThresholds,
  keep: (name: string) => boolean = () => true
): string[] {
  return customerAttributes(groups)
    .filter((a) => keep(a.name))
    .flatMap((a) => a.values(thresholds).map((v) => `${a.name}:${v}`));
}

export function computeThresholdSet(ds: TelcoDataset, stats: UsageStats): FeatureThresholdSet {
  return {
    customer: computeFeatureThresholds({
      stats,
      lines: ds.customers.lines,
      tenureMonths: ds.customers.tenureMonths,
      regions: ds.customers.regionNames
    }),
    plan: computePlanThresholds(ds.plans)
  };
}

function customerMatrix(
  ds: TelcoDataset,
  stats: UsageStats,
  groups: readonly CustomerGroup[],
  th: FeatureThresholds,
  identity: boolean,
  keep: (name: string) => boolean,
  onProgress?: (done: number, total: number) => void
): CsrMatrix {
  const n = ds.customers.ids.length;
  const attrs = customerAttributes(groups).filter((a) => keep(a.name));
  const offsets: number[] = [];
  let nCols = identity ? n : 0;
  for (const a of attrs) {
    offsets.push(nCols);
    nCols += a.values(th).length;
  }
  const perRow = attrs.length + (identity ? 1 : 0);
  const indptr = new Int32Array(n + 1);
  let indices = new Int32Array(n * perRow);
  let nnz = 0;
  const row = emptyRow();
  const cust = ds.customers;
  const chunk = Math.max(1000, Math.ceil(n / 100));
  for (let c = 0; c < n; c++) {
    fillRow(row, {
      stats,
      c,
      segment: cust.segment[c],
      lines: cust.lines[c],
      tenureMonths: cust.tenureMonths[c],
      age: cust.age[c],
      region: cust.regionNames[cust.region[c]]
    });
    if (identity) indices[nnz++] = c;
    for (let k = 0; k < attrs.length; k++) {
      const code = attrs[k].encode(row, th);
      if (code >= 0) indices[nnz++] = offsets[k] + code;
    }
    if (nnz === indptr[c]) {
      throw new CoreError(
        'bad_input',
        `"${cust.ids[c]}" (row ${c}) has no features: every row needs at least one (turn identity features on)`
      );
    }
    indptr[c + 1] = nnz;
    if (onProgress && ((c + 1) % chunk === 0 || c + 1 === n)) onProgress(c + 1, n);
  }
  if (nnz < indices.length) indices = indices.slice(0, nnz);
  const values = new Float32Array(nnz);
  for (let c = 0; c < n; c++) {
    const w = 1 / (indptr[c + 1] - indptr[c]);
    values.fill(w, indptr[c], indptr[c + 1]);
  }
  return { nRows: n, nCols, indptr, indices, values };
}

export function buildFeatureSpace(opts: BuildFeatureSpaceOptions): BuiltFeatures {
  const ds = opts.dataset;
  const selection = opts.selection ?? ALL_FEATURES;
  const userIdentity = selection.identity?.users ?? true;
  const itemIdentity = selection.identity?.items ?? true;
  for (const g of selection.customer)
    if (!CUSTOMER_GROUPS.includes(g))
      throw new CoreError(
        'bad_input',
        `unknown customer feature group "${g}" (use ${CUSTOMER_GROUPS.join(', ')})`
      );
  for (const g of selection.plan)
    if (!PLAN_GROUPS.includes(g))
      throw new CoreError('bad_input', `unknown plan feature group "${g}" (use ${PLAN_GROUPS.join(', ')})`);
  const stats =
    opts.stats ??
    computeUsageStats({
      usage: ds.usage,
      onProgress: (done, total) => opts.onProgress?.({ phase: 'stats', done, total })
    });
  const thresholds = opts.thresholds ?? computeThresholdSet(ds, stats);
  for (let c = 0; c < ds.customers.segment.length; c++) {
    if (ds.customers.segment[c] >= SEGMENTS.length)
      throw new CoreError('bad_input', `customer ${ds.customers.ids[c]} has an unknown segment code`);
  }
  const keep = keepAttribute(selection);
  const userFeatures = customerMatrix(
    ds,
    stats,
    selection.customer,
    thresholds.customer,
    userIdentity,
    keep,
    (done, total) => opts.onProgress?.({ phase: 'customers', done, total })
  );
  const userFeatureNames = [
    ...(userIdentity ? ds.customers.ids.map((id) => USER_IDENTITY_PREFIX + id) : []),
    ...customerVocabulary(selection.customer, thresholds.customer, keep)
  ];
  const itemIds = ds.plans.map((p) => p.id);
  const itemNames = [
    ...(itemIdentity ? itemIds.map((id) => ITEM_IDENTITY_PREFIX + id) : []),
    ...planVocabulary(selection.plan).filter((f) => keep(attributeOf(f)))
  ];
  const items = buildFeatureMatrix({
    ids: itemIds,
    features: ds.plans.map((plan) =>
      planFeatures({ plan, thresholds: thresholds.plan, groups: selection.plan })
    ),
    identity: itemIdentity,
    identityPrefix: ITEM_IDENTITY_PREFIX,
    featureNames: itemNames
  });
  opts.onProgress?.({ phase: 'plans', done: itemIds.length, total: itemIds.length });
  return {
    space: {
      userIds: ds.customers.ids,
      itemIds,
      userFeatureNames,
      itemFeatureNames: items.names,
      userFeatures,
      itemFeatures: items.matrix
    },
    thresholds,
    selection,
    stats
  };
}
