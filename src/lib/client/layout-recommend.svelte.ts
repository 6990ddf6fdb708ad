/**
 * Recommendations on a dataset without raw telco tables (an imported parity layout or wide
 * table): one trained model's top items for a known customer (items they already have in train
 * left out; held-out test adoptions marked), and for a new customer from a profile built from
 * the dataset's own customer features. State and orchestration only; the component renders it.
 */
import type { TrainTestData } from '$lib/core/types';
import { storedScoresLength, type LabRun, type LabRunWithWeights } from '$lib/core/pipeline/run-record';
import { deserializeModel } from '$lib/core/model/format';
import type { TrainedModel } from '$lib/core/model/model';
import { parseMapping } from '$lib/core/data/wide/mapping';
import { profileFeatureList, profileFields, type ProfileField } from '$lib/core/recommend/layout-profile';
import { featureRowFromNames, topN, type Representations } from '$lib/core/recommend/scoring';
import {
  explainModelScore,
  scoreUserRow,
  scoringItems,
  scoringUser
} from '$lib/core/recommend/tower-scoring';
import { explanationPhrases } from '$lib/core/recommend/explain';
import type { SparseRow } from '$lib/core/recommend/scoring';
import { ITEM_IDENTITY_PREFIX, USER_IDENTITY_PREFIX } from '$lib/core/data/parity-layout';
import { combineEnsemble, prepareEnsemble, type PreparedEnsemble } from '$lib/core/recommend/ensemble';
import { evaluateRanking } from '$lib/core/eval/metrics';
import { groupedExplanationLines } from '$lib/core/recommend/grouped-explanation';
import type { ExplanationLinesResult } from '$lib/core/recommend/explanation-lines';
import { itemAttributes, itemPrices, type ItemPrices } from '$lib/core/recommend/item-attributes';
import {
  blendColdStart,
  featureSimilarity,
  MODEL_SHARE,
  similarityReason
} from '$lib/core/recommend/feature-similarity';
import { rerankReport, revenueRerank, type RerankReportRow } from '$lib/core/recommend/revenue-rerank';
import type { WideMapping } from '$lib/core/data/wide/mapping';
import { datasetMapping, getRun, openTrainTest } from '$lib/store';
import { RERANK_LAMBDAS } from './recommend/types';

export interface LayoutPick {
  item: string;
  /** Item row index (for "why this item"). */
  index: number;
  /** The item's own attributes ("service: StreamingTV"); empty when it has only its name. */
  attributes: string[];
  score: number;
  /** The customer adopted it in the held-out test split. */
  heldOut: boolean;
  /** The largest exact contributions to the score, as sentences. */
  why: string[];
}

const TOP = 5;

/** The wide-table mapping stored with a dataset, or null (none, or a long-format mapping). */
function wideMapping(text: string | null) {
  if (!text) return null;
  try {
    return parseMapping(text);
  } catch {
    return null;
  }
}

/** The plans table's mapping of a long-format import (for prices in the table's own units), or null. */
function plansMapping(text: string | null): WideMapping | null {
  if (!text) return null;
  try {
    const m = JSON.parse(text) as { adoptions?: unknown; plans?: WideMapping };
    return m.adoptions && m.plans ? parseMapping(JSON.stringify(m.plans)) : null;
  } catch {
    return null;
  }
}

/** The two largest terms of score(user, item), phrased (explain.ts: exact, they add up to the score). */
function why(model: TrainedModel, user: number | SparseRow, item: number, userId: string | null): string[] {
  const explanation = explainModelScore({
    weights: model.weights,
    space: model,
    user,
    item,
    tower: model.tower
  });
  const context = {
    userIdentity: userId === null ? null : USER_IDENTITY_PREFIX + userId,
    itemIdentity: ITEM_IDENTITY_PREFIX + model.itemIds[item]
  };
  return explanationPhrases({ explanation, top: 2, context }).map((p) => p.text);
}
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class LayoutRecommend {
  data = $state.raw<TrainTestData | null>(null);
  fields = $state.raw<ProfileField[]>([]);
  runId = $state<string | null>(null);
  model = $state.raw<{ run: LabRun; model: TrainedModel; items: Representations } | null>(null);
  customer = $state(0);
  query = $state('');
  profile = $state<Record<string, string | number | null>>({});
  error = $state<string | null>(null);
  /** Ensemble: runs whose stored score matrices cover this dataset, and their weights (≥ 0). */
  ensembleRuns = $state.raw<LabRun[]>([]);
  weights = $state.raw<number[]>([]);
  /** The item whose score the explanation panel splits (null: none open). */
  explained = $state<number | null>(null);
  /** Revenue re-ranking: λ, the sweep for the chosen model, or why there is none. */
  lambda = $state(0);
  rerankRows = $state.raw<RerankReportRow[]>([]);
  private allScores: { runId: string; scores: Float32Array } | null = null;
  private prepared: { key: string; ensemble: PreparedEnsemble } | null = null;
  private mappingText: string | null = null;
  private datasetId: string | null = null;

  /** Opens the dataset (and its wide mapping, when it has one) and the first run's model. */
  async open(datasetId: string, runs: LabRun[]): Promise<void> {
    this.datasetId = datasetId;
    this.error = null;
    this.model = null;
    try {
      const [data, mapping] = await Promise.all([openTrainTest(datasetId), datasetMapping(datasetId)]);
      if (this.datasetId !== datasetId) return;
      this.mappingText = mapping;
      this.data = data;
      this.customer = 0;
      this.profile = {};
      this.fields = profileFields(data.space.userFeatureNames, wideMapping(mapping));
      const size = data.space.userIds.length * data.space.itemIds.length;
      // Listed runs carry no matrix: read the mixed runs' matrices only here, where they are mixed.
      const mixed = await Promise.all(
        runs.filter((r) => storedScoresLength(r) === size).map((r) => getRun(r.id))
      );
      if (this.datasetId !== datasetId) return;
      this.ensembleRuns = (mixed as unknown as (LabRun | undefined)[]).filter(
        (r): r is LabRun => r?.scores?.length === size
      );
      this.weights = this.ensembleRuns.map(() => 1);
      this.prepared = null;
      this.explained = null;
      if (runs[0]) await this.selectRun(runs[0]);
    } catch (err) {
      this.error = `Could not open the dataset: ${message(err)}`;
    }
  }

  async selectRun(run: LabRun): Promise<void> {
    this.runId = run.id;
    try {
      const rec = (await getRun(run.id)) as unknown as LabRunWithWeights | undefined;
      if (!rec?.manifest) throw new Error('this run is no longer stored or has no model');
      const model = deserializeModel(rec.manifest, rec.weights);
      const data = this.data;
      if (
        data &&
        (model.userIds.length !== data.space.userIds.length ||
          model.itemIds.length !== data.space.itemIds.length)
      ) {
        throw new Error(
          `the model was trained on ${model.userIds.length} customers × ${model.itemIds.length} items, the dataset has ${data.space.userIds.length} × ${data.space.itemIds.length}`
        );
      }
      // The profile builder offers the features this model knows (a run may leave feature groups out).
      this.fields = profileFields(model.userFeatureNames, wideMapping(this.mappingText));
      this.model = {
        run,
        model,
        items: scoringItems({ weights: model.weights, space: model, tower: model.tower })
      };
      this.explained = null;
      this.error = null;
      this.prepareRerank();
    } catch (err) {
      this.model = null;
      this.error = `Could not load the model of "${run.name}": ${message(err)}`;
    }
  }

  /** Customers whose id contains the query (first 50). */
  readonly matches = $derived.by((): number[] => {
    const ids = this.data?.space.userIds ?? [];
    const q = this.query.trim().toLowerCase();
    const out: number[] = [];
    for (let u = 0; u < ids.length && out.length < 50; u++)
      if (!q || ids[u].toLowerCase().includes(q)) out.push(u);
    return out;
  });

  /** The chosen customer's top items (their train adoptions left out). */
  readonly picks = $derived.by((): LayoutPick[] => {
    const m = this.model;
    const data = this.data;
    if (!m || !data) return [];
    const u = this.customer;
    const owned: number[] = [];
    const held = new Set<number>();
    data.train.userIdx.forEach((x, k) => x === u && owned.push(data.train.itemIdx[k]));
    data.test.userIdx.forEach((x, k) => x === u && held.add(data.test.itemIdx[k]));
    const scores = scoreUserRow(
      scoringUser({ weights: m.model.weights, space: m.model, tower: m.model.tower }, u),
      m.items
    );
    return Array.from(topN({ scores, nItems: scores.length, n: TOP, exclude: owned }), (i) => ({
      item: data.space.itemIds[i],
      index: i,
      attributes: itemAttributes(data.space, i),
      score: scores[i],
      heldOut: held.has(i),
      why: why(m.model, u, i, data.space.userIds[u])
    }));
  });

  /** The customer's own train adoptions (what they have). */
  readonly owned = $derived.by((): string[] => {
    const data = this.data;
    if (!data) return [];
    const out: string[] = [];
    data.train.userIdx.forEach(
      (x, k) => x === this.customer && out.push(data.space.itemIds[data.train.itemIdx[k]])
    );
    return out;
  });

  /**
   * A new customer's top items from the profile alone (null until some field is filled): the
   * model's cold-start score blended with feature similarity (feature-similarity.ts: how often
   * training customers sharing the profile's features adopted each item), each item with its
   * similarity reason first, then the model's two largest terms.
   */
  readonly coldPicks = $derived.by((): LayoutPick[] | null => {
    const m = this.model;
    const data = this.data;
    if (!m || !data) return null;
    const features = profileFeatureList(this.fields, this.profile);
    const { row } = featureRowFromNames({ featureNames: m.model.userFeatureNames, features });
    if (row.indices.length === 0) return null;
    const model = scoreUserRow(
      scoringUser({ weights: m.model.weights, space: m.model, tower: m.model.tower }, row),
      m.items
    );
    const sim = featureSimilarity({
      space: data.space,
      train: data.train,
      features: features.map(([f]) => f)
    });
    const scores = sim.best.some((b) => b !== null) ? blendColdStart(model, sim.scores) : model;
    return Array.from(topN({ scores, nItems: scores.length, n: TOP }), (i) => ({
      item: m.model.itemIds[i],
      index: i,
      attributes: itemAttributes(data.space, i),
      score: scores[i],
      heldOut: false,
      why: [...(sim.best[i] ? [similarityReason(sim.best[i]!)] : []), ...why(m.model, row, i, null)]
    }));
  });

  /** What the cold-start score is, in words (shown above the list). */
  readonly coldScoreLabel = `blend: ${MODEL_SHARE * 100}% the model's cold-start score, ${(1 - MODEL_SHARE) * 100}% feature similarity (both z-scored over items)`;

  /** The exact split of the chosen customer's score for the explained item, grouped by feature prefix. */
  readonly explanation = $derived.by((): ExplanationLinesResult | null => {
    const m = this.model;
    const data = this.data;
    const i = this.explained;
    // Only for an item on the chosen customer's list (choosing another customer closes it).
    if (!m || !data || i === null || !this.picks.some((p) => p.index === i)) return null;
    const u = this.customer;
    const explanation = explainModelScore({
      weights: m.model.weights,
      space: m.model,
      user: u,
      item: i,
      tower: m.model.tower
    });
    return groupedExplanationLines({
      explanation,
      userIdentity: USER_IDENTITY_PREFIX + data.space.userIds[u],
      itemIdentity: ITEM_IDENTITY_PREFIX + data.space.itemIds[i]
    });
  });

  /** Item prices from a price-like attribute, or why re-ranking by revenue is absent. */
  readonly prices = $derived.by((): ItemPrices | null =>
    this.data ? itemPrices(this.data.space, plansMapping(this.mappingText)) : null
  );

  /** The λ sweep (P@5, NDCG@5, average top-5 price on the stored test split) for the chosen model. */
  private prepareRerank(): void {
    const m = this.model;
    const data = this.data;
    const prices = this.prices;
    this.rerankRows = [];
    if (!m || !data || !prices?.ok) return;
    const nU = data.space.userIds.length;
    const nI = data.space.itemIds.length;
    const parts = { weights: m.model.weights, space: m.model, tower: m.model.tower };
    const scores = new Float32Array(nU * nI);
    for (let u = 0; u < nU; u++) scores.set(scoreUserRow(scoringUser(parts, u), m.items), u * nI);
    this.allScores = { runId: m.run.id, scores };
    this.rerankRows = rerankReport({
      scores,
      nItems: nI,
      prices: prices.prices,
      lambdas: RERANK_LAMBDAS,
      train: data.train,
      test: data.test,
      n: 5
    });
  }

  /** The row of the current λ (computed when it is not one of the sweep's). */
  readonly rerankCurrent = $derived.by((): RerankReportRow | null => {
    const data = this.data;
    const src = this.allScores;
    const prices = this.prices;
    if (!data || !src || !prices?.ok || this.rerankRows.length === 0) return null;
    return (
      this.rerankRows.find((r) => r.lambda === this.lambda) ??
      rerankReport({
        scores: src.scores,
        nItems: data.space.itemIds.length,
        prices: prices.prices,
        lambdas: [this.lambda],
        train: data.train,
        test: data.test,
        n: 5
      })[0]
    );
  });

  /** The chosen customer's top items re-ranked with the current λ (train items left out). */
  readonly rerankPicks = $derived.by((): Array<{ item: string; price: number }> => {
    const data = this.data;
    const src = this.allScores;
    const prices = this.prices;
    if (!data || !src || !prices?.ok || this.rerankRows.length === 0) return [];
    const nI = data.space.itemIds.length;
    const u = this.customer;
    const row = src.scores.subarray(u * nI, (u + 1) * nI);
    const owned: number[] = [];
    data.train.userIdx.forEach((x, k) => x === u && owned.push(data.train.itemIdx[k]));
    const s = revenueRerank({ scores: row, nItems: nI, prices: prices.prices, lambda: this.lambda });
    return Array.from(topN({ scores: s, nItems: nI, n: TOP, exclude: owned }), (i) => ({
      item: data.space.itemIds[i],
      price: prices.prices[i]
    }));
  });

  /**
   * The weighted mix of the ensemble runs (z-scores per customer, ensemble.ts): its test metrics
   * on this dataset's own split and the chosen customer's top items. Null with fewer than 2 runs.
   */
  readonly ensemble = $derived.by((): { metrics: Record<string, number>; picks: LayoutPick[] } | null => {
    const data = this.data;
    const runs = this.ensembleRuns;
    if (!data || runs.length < 2 || !this.weights.some((w) => w > 0)) return null;
    const nItems = data.space.itemIds.length;
    const key = runs.map((r) => r.id).join('|');
    if (this.prepared?.key !== key)
      this.prepared = { key, ensemble: prepareEnsemble({ models: runs.map((r) => r.scores!), nItems }) };
    const mixed = Float32Array.from(
      combineEnsemble({ prepared: this.prepared.ensemble, weights: this.weights })
    );
    const metrics = evaluateRanking({
      nItems,
      scores: mixed,
      train: data.train,
      test: data.test,
      ks: [5],
      perUser: false
    }).metrics;
    const u = this.customer;
    const owned: number[] = [];
    const held = new Set<number>();
    data.train.userIdx.forEach((x, k) => x === u && owned.push(data.train.itemIdx[k]));
    data.test.userIdx.forEach((x, k) => x === u && held.add(data.test.itemIdx[k]));
    const picks = Array.from(topN({ scores: mixed, nItems, user: u, n: TOP, exclude: owned }), (i) => ({
      item: data.space.itemIds[i],
      index: i,
      attributes: itemAttributes(data.space, i),
      score: mixed[u * nItems + i],
      heldOut: held.has(i),
      why: []
    }));
    return { metrics, picks };
  });

  setWeight(k: number, w: number): void {
    this.weights = this.weights.map((x, j) => (j === k ? (Number.isFinite(w) && w >= 0 ? w : 0) : x));
  }

  setLambda(v: number): void {
    this.lambda = Number.isFinite(v) && v >= 0 ? v : 0;
  }

  /** Opens (or closes, when it is already open) the explanation of `item` for the chosen customer. */
  explain(item: number): void {
    this.explained = this.explained === item ? null : item;
  }

  setProfile(group: string, value: string | number | null): void {
    this.profile = { ...this.profile, [group]: value };
  }
}
