/**
 * The Docs page's metrics worked example, computed by the app's own evaluation code: one
 * customer, six plans, one training plan (A) and two test plans (C, E). The component only
 * renders what this returns.
 */
import { evaluateRanking } from './metrics';

export interface MetricsWorkedExample {
  names: string[];
  scores: number[];
  /** Per plan: 'train', 'test' or null. */
  roles: Array<'train' | 'test' | null>;
  /** Per plan: rank as the metrics define it (plans ranked above, ties counting against), null for training plans. */
  ranks: Array<number | null>;
  /** The metrics at k = 3 (precision@3, recall@3, ndcg@3, auc, reciprocal_rank). */
  metrics: Record<string, number>;
}

export function metricsWorkedExample(): MetricsWorkedExample {
  const names = ['A', 'B', 'C', 'D', 'E', 'F'];
  const scores = [0.9, 0.7, 0.7, 0.5, 0.3, 0.1];
  const train = [0];
  const test = [2, 4];
  const inter = (items: number[]) => ({
    userIdx: new Int32Array(items.length),
    itemIdx: Int32Array.from(items),
    weight: new Float32Array(items.length).fill(1)
  });
  const metrics = evaluateRanking({
    nItems: names.length,
    scores: Float32Array.from(scores),
    train: inter(train),
    test: inter(test),
    ks: [3]
  }).metrics;
  const rankOf = (i: number) =>
    scores.filter((s, j) => !train.includes(j) && j !== i && s >= scores[i]).length;
  return {
    names,
    scores,
    roles: names.map((_, k) => (train.includes(k) ? 'train' : test.includes(k) ? 'test' : null)),
    ranks: names.map((_, k) => (train.includes(k) ? null : rankOf(k))),
    metrics
  };
}
