/**
 * What a run of imported factors records and says about itself (factors-import.ts builds it):
 * kept apart from the import so labels and pages can read it without loading the scorer.
 */
/** The backend a run of imported factors reports: it was not trained in this app. */
export const TRAINED_ELSEWHERE = 'trained elsewhere';

export type FactorSource = 'lightfm' | 'spark' | 'other';
export const FACTOR_SOURCE_LABEL: Record<FactorSource, string> = {
  lightfm: 'LightFM',
  spark: 'Spark ALS',
  other: 'another trainer'
};

export type FactorKeying = 'per-entity' | 'per-feature';

/** What the run records about where its factors came from. */
export interface ImportedFactorsInfo {
  source: FactorSource;
  users: { file: string; keying: FactorKeying; biases: boolean };
  items: { file: string; keying: FactorKeying; biases: boolean };
}

/** "imported factors (LightFM)": the run's name says what it is. */
export function importedRunName(source: FactorSource): string {
  return `imported factors (${FACTOR_SOURCE_LABEL[source]})`;
}

/** Why an imported run can or cannot explain its scores feature by feature. */
export function explanationNote(info: ImportedFactorsInfo): string | null {
  if (info.users.keying === 'per-feature' && info.items.keying === 'per-feature') return null;
  const sides = [
    info.users.keying === 'per-entity' ? 'customers' : '',
    info.items.keying === 'per-entity' ? 'plans' : ''
  ]
    .filter(Boolean)
    .join(' and ');
  return `These factors were imported per ${sides === 'customers and plans' ? 'customer and per plan' : sides === 'customers' ? 'customer' : 'plan'} (one vector each), not per feature, so a score cannot be split into feature contributions for the ${sides}. Import per-feature embeddings (LightFM's user_embeddings/item_embeddings) to get explanations.`;
}
