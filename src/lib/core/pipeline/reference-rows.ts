/**
 * Reference rows for the comparison table: the popularity ranking on the same split (what a
 * model must beat to have learned anything) and, for synthetic data, the ideal ranking by the
 * hidden utility (the data's ceiling).
 */
import type { Ceilings } from '../data/schema.ts';
import { evaluateRanking } from '../eval/metrics.ts';
import { popularityScores } from '../eval/popularity.ts';
import type { TrainTestData } from '../types.ts';

export interface ReferenceRow {
  label: string;
  kind: 'popularity' | 'ceiling';
  metrics: Record<string, number>;
}

export function popularityRow(data: TrainTestData): ReferenceRow {
  const nUsers = data.space.userIds.length;
  const nItems = data.space.itemIds.length;
  const scores = popularityScores(data.train, nUsers, nItems);
  const { metrics } = evaluateRanking({ nItems, scores, train: data.train, test: data.test, perUser: false });
  return { label: 'Popularity ranking (reference)', kind: 'popularity', metrics };
}

/** The ideal ranking's expected metrics on the split the models use (synthetic data only). */
export function ceilingRow(
  ceilings: readonly Ceilings[] | undefined,
  split: { kind: string; seed?: number }
): ReferenceRow | null {
  const c = ceilings?.find(
    (x) => x.split.kind === split.kind && (split.seed === undefined || x.split.seed === split.seed)
  );
  if (!c) return null;
  const metrics: Record<string, number> = {};
  for (const k of c.ks) {
    metrics[`precision@${k}`] = c.ideal.precision[k];
    metrics[`recall@${k}`] = c.ideal.recall[k];
    metrics[`ndcg@${k}`] = c.ideal.ndcg[k];
  }
  return { label: 'Ideal ranking by true utility (ceiling)', kind: 'ceiling', metrics };
}
