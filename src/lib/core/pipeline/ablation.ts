/**
 * Feature ablation: retrain one model once without each feature group, and once with identity
 * features only, then report how P@5 and AUC change against the full model, with paired
 * bootstrap intervals over the same test users.
 */
import { pairedBootstrap } from '../eval/significance.ts';
import type { GroupSelection } from '../features/imported-groups.ts';
import { CUSTOMER_GROUP_INFO, type CustomerGroup } from '../features/customer-features.ts';
import { PLAN_GROUP_INFO, type PlanGroup } from '../features/plan-features.ts';
import type { LabRun } from './run-record.ts';

export interface AblationVariant {
  /** "full", "customer:behavioural", "plan:bundle", "identity-only". */
  id: string;
  label: string;
  /** The group removed (null for the full model and identity-only). */
  removed: string | null;
  features: GroupSelection;
}

/** The variants to train for a selection: the full model, one without each enabled group, identity only. */
export function ablationVariants(selection: GroupSelection): AblationVariant[] {
  const variants: AblationVariant[] = [
    { id: 'full', label: 'all selected features', removed: null, features: selection }
  ];
  for (const g of selection.customer) {
    variants.push({
      id: `customer:${g}`,
      label: `without customer ${CUSTOMER_GROUP_INFO[g as CustomerGroup]?.label ?? g}`,
      removed: `customer:${g}`,
      features: { ...selection, customer: selection.customer.filter((x) => x !== g) }
    });
  }
  for (const g of selection.plan) {
    variants.push({
      id: `plan:${g}`,
      label: `without plan ${PLAN_GROUP_INFO[g as PlanGroup]?.label ?? g}`,
      removed: `plan:${g}`,
      features: { ...selection, plan: selection.plan.filter((x) => x !== g) }
    });
  }
  variants.push({
    id: 'identity-only',
    label: 'identity features only',
    removed: 'all',
    features: { ...selection, customer: [], plan: [] }
  });
  return variants;
}

export interface AblationDelta {
  variant: string;
  label: string;
  metric: string;
  /** Variant minus full: negative means the removed group helped. */
  mean: number;
  lower: number;
  upper: number;
}

/**
 * Per variant and metric, the paired difference (variant − full) over test users.
 * `runs` are the study's finished runs, tagged with `ablation.variant`.
 */
export function ablationDeltas(opts: {
  runs: readonly LabRun[];
  metrics?: string[];
  seed?: number;
  iterations?: number;
}): AblationDelta[] {
  const metrics = opts.metrics ?? ['precision@5', 'auc'];
  const full = opts.runs.find((r) => r.ablation?.variant === 'full' && r.status === 'done');
  if (!full?.perUser) return [];
  const out: AblationDelta[] = [];
  for (const run of opts.runs) {
    if (run === full || run.status !== 'done' || !run.perUser || !run.ablation) continue;
    for (const metric of metrics) {
      const a = run.perUser.values[metric];
      const b = full.perUser.values[metric];
      if (!a || !b || a.length !== b.length) continue;
      const boot = pairedBootstrap({ a, b, seed: opts.seed ?? 0, iterations: opts.iterations ?? 1000 });
      out.push({
        variant: run.ablation.variant,
        label: run.name,
        metric,
        mean: boot.meanDiff,
        lower: boot.lower,
        upper: boot.upper
      });
    }
  }
  return out;
}
