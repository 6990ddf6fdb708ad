import type { ChoiceModel } from '../lib/core/data/utility.ts';

/**
 * recipe.json, written by `generate` beside the CSVs: how the dataset was made. The CSVs hold
 * the data (customers.csv includes the hidden traits and, when it is not standard, the
 * choice_model that read them); the recipe adds what they cannot: the seed (which sets the
 * default split) and the name. Its choiceModel serves folders written before that column.
 */
export const RECIPE_FILE = 'recipe.json';

export interface Recipe {
  generator: 'telco-recommender-lab';
  customers: number;
  seed: number;
  name: string;
  /** Hidden utility (utility.ts ChoiceModel); written only when not 'standard'. */
  choiceModel?: ChoiceModel;
}
