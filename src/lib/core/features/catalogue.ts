import { CUSTOMER_ATTRIBUTES, CUSTOMER_GROUP_INFO, CUSTOMER_GROUPS, type FeatureThresholds } from './customer-features.ts';
import { PLAN_ATTRIBUTES, PLAN_GROUP_INFO, PLAN_GROUPS } from './plan-features.ts';

/**
 * The feature catalogue as plain data, for the Docs page and the Train page's checkboxes:
 * groups, their features, what each means and how it is computed.
 */
export interface FeatureDoc {
  name: string;
  description: string;
  formula: string;
  /** Possible values ("<name>:<value>" features); null for a numeric feature. */
  values: string[] | null;
}

export interface FeatureGroupDoc {
  side: 'customer' | 'plan';
  id: string;
  label: string;
  description: string;
  features: FeatureDoc[];
}

/** `thresholds` fills in dataset-dependent values (regions); without it they read "(from the data)". */
export function featureCatalogue(thresholds?: FeatureThresholds): FeatureGroupDoc[] {
  const th = thresholds ?? ({ regions: ['(from the data)'] } as unknown as FeatureThresholds);
  return [
    ...CUSTOMER_GROUPS.map((g) => ({
      side: 'customer' as const, id: g, ...CUSTOMER_GROUP_INFO[g],
      features: CUSTOMER_ATTRIBUTES.filter((a) => a.group === g).map((a) => ({ name: a.name, description: a.description, formula: a.formula, values: [...a.values(th)] }))
    })),
    ...PLAN_GROUPS.map((g) => ({
      side: 'plan' as const, id: g, ...PLAN_GROUP_INFO[g],
      features: PLAN_ATTRIBUTES.filter((a) => a.group === g).map((a) => ({ name: a.name, description: a.description, formula: a.formula, values: a.values ? [...a.values] : null }))
    }))
  ];
}
