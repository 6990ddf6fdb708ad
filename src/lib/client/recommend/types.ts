/**
 * What the Recommend page's modes share: the card shape they render, a chosen run, the
 * constants the components show, and the page context each mode reads (recommend-page.svelte.ts
 * implements it).
 */
import type { Plan } from '$lib/core/data/schema';
import type { RecommendView } from '$lib/core/recommend/page-data';
import type { LabRun } from '$lib/core/pipeline/run-record';
import { splitShortLabel } from '$lib/core/data/split-label';
import type { WorkerBridge } from '../worker-bridge';
import type { RecommendApi } from '../../../../workers/recommend';

export type Mode = 'single' | 'ensemble' | 'cold';
export type EnsembleMethod = 'zscore' | 'rank';

/** One plan card, ready to render. */
export interface PlanCardView {
  item: number;
  rank: number;
  plan: Plan;
  score: number;
  current: boolean;
  /** Cold start: which evidence produced the card. */
  source?: 'content' | 'model' | 'blend';
  /** Short plain-words reasons (content rules). */
  reasons?: string[];
}

/**
 * A run whose model the recommend worker holds (read and checked there). The page keeps only
 * the run's listing record and asks the worker for one customer's rows (issue 14 §1: at 1M
 * customers a model is ~260 MB, and the page held a second copy of it).
 */
export interface LoadedModel {
  run: LabRun;
}

export const LIVE_METRICS = ['precision@5', 'recall@5', 'ndcg@5', 'auc'] as const;
export const METRIC_LABELS: Record<string, string> = {
  'precision@5': 'P@5',
  'recall@5': 'R@5',
  'ndcg@5': 'NDCG@5',
  auc: 'AUC'
};
export const RERANK_LAMBDAS = [0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3] as const;

/** The split in short words (one description for every page: core/data/split-label.ts). */
export const splitLabel = splitShortLabel;

export function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The page state every mode reads: the dataset, the chosen customer, run labels, models, the worker. */
export interface RecommendContext {
  /** What the page shows of the open dataset (catalogue, customers, current plans); the worker holds the rest. */
  readonly dataset: RecommendView | null;
  /** Id of the open dataset (the recommend worker reads it from IndexedDB by this id). */
  readonly datasetId: string | null;
  readonly customer: number;
  readonly topN: number;
  readonly noCustomer: boolean;
  readonly labels: Map<string, string>;
  readonly compute: WorkerBridge<RecommendApi>;
  loadModel(id: string): Promise<LoadedModel>;
  card(item: number, rank: number, score: number, extra?: Partial<PlanCardView>): PlanCardView;
}
