import { CoreError } from '../types.ts';
import { representations, scoreMatrix } from '../recommend/scoring.ts';
import { scoringItems, towerRepresentations, type DeepModelParts } from '../recommend/tower-scoring.ts';

/**
 * A stored model's scores for every customer × plan, in plain JS from its weights (the same
 * scoring the Recommend page uses; Hybrid Deep through its towers). Checks the model was
 * trained on these customers and plans, in this order.
 */
export function modelScoreMatrix(
  parts: DeepModelParts & { customerIds: readonly string[]; planIds: readonly string[]; name: string }
): Float32Array {
  const { weights, space, tower, name } = parts;
  const sameIds = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && a.every((x, k) => x === b[k]);
  if (!sameIds(space.userIds, parts.customerIds) || !sameIds(space.itemIds, parts.planIds)) {
    throw new CoreError(
      'bad_model',
      `run "${name}" was trained on other customers or plans than this dataset (${space.userIds.length} customers × ${space.itemIds.length} plans): choose a run of this dataset`
    );
  }
  const users = towerRepresentations(
    representations({
      features: space.userFeatures,
      embeddings: weights.userEmbeddings,
      biases: weights.userBiases,
      components: weights.components,
      side: 'user'
    }),
    tower,
    'user'
  );
  return scoreMatrix({ users, items: scoringItems(parts) });
}
