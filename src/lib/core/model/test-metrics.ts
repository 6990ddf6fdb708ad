import { evaluateRanking } from '../eval/metrics.ts';
import type { TrainTestData } from '../types.ts';
import type { TrainedModel } from './model.ts';
import { scoreUsers } from './predict.ts';

/**
 * A trained model's ranking metrics on its data's test split, train positives left out
 * (LightFM's precision_at_k and auc_score with train_interactions), means over the users with a
 * test item: 'precision@k', 'recall@k', 'ndcg@k' per k, 'auc', … (evaluateRanking). The parity
 * tests, the k-OS quality test and the parity bench read P@5 and AUC from it.
 */
export function testMetrics(
  model: TrainedModel,
  data: TrainTestData,
  ks: number[] = [5]
): Record<string, number> {
  return evaluateRanking({
    nItems: data.space.itemIds.length,
    scores: scoreUsers({ model }),
    train: data.train,
    test: data.test,
    ks,
    perUser: false
  }).metrics;
}
