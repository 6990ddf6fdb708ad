import {
  CUSTOMER_ATTRIBUTES,
  CUSTOMER_GROUP_INFO,
  CUSTOMER_GROUPS,
  type FeatureThresholds
} from './customer-features.ts';
import { PLAN_ATTRIBUTES, PLAN_GROUP_INFO, PLAN_GROUPS } from './plan-features.ts';
import { OTHER_GROUP, type ImportedGroups } from './imported-groups.ts';

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
      side: 'customer' as const,
      id: g,
      ...CUSTOMER_GROUP_INFO[g],
      features: CUSTOMER_ATTRIBUTES.filter((a) => a.group === g).map((a) => ({
        name: a.name,
        description: a.description,
        formula: a.formula,
        values: [...a.values(th)]
      }))
    })),
    ...PLAN_GROUPS.map((g) => ({
      side: 'plan' as const,
      id: g,
      ...PLAN_GROUP_INFO[g],
      features: PLAN_ATTRIBUTES.filter((a) => a.group === g).map((a) => ({
        name: a.name,
        description: a.description,
        formula: a.formula,
        values: a.values ? [...a.values] : null
      }))
    }))
  ];
}

/**
 * An imported dataset's own feature groups in the catalogue's shape, for the Train page's
 * checkboxes: one group per name prefix, each feature a full feature name (a column).
 */
export function importedCatalogue(groups: ImportedGroups): FeatureGroupDoc[] {
  const docs = (side: 'customer' | 'plan') =>
    groups[side].map((g) => ({
      side,
      id: g.id,
      label: g.id === OTHER_GROUP ? 'features without a prefix' : g.id,
      description: `${g.features.length} feature${g.features.length === 1 ? '' : 's'} of the imported dataset${g.id === OTHER_GROUP ? ' whose names have no "name:" or "name=" prefix' : ` named "${g.id}:…" or "${g.id}=…"`}.`,
      features: g.features.map((name) => ({
        name,
        description: '',
        formula: 'from the imported files',
        values: null
      }))
    }));
  return [...docs('customer'), ...docs('plan')];
}
