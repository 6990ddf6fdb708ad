import type { Plan, TelcoDataset } from '../data/schema.ts';
import { SEGMENTS } from '../data/schema.ts';
import type { TrainedModel } from '../model/model.ts';
import { dot } from '../model/dot.ts';
import { representRows } from '../model/representations.ts';
import { representations, scoreMatrix, topN } from '../recommend/scoring.ts';
import { sampleIndices } from './sample.ts';

/**
 * Inputs of the Analytics embedding map: plan and sampled-customer representations with their
 * names and groups, and the neighbours a hover explains — measured in all d dimensions, since
 * the 2-D projection can put far-apart rows next to each other.
 */
export interface EmbeddingInputs {
  planVectors: Float32Array;
  components: number;
  planNames: string[];
  planGroups: string[];
  customerVectors: Float32Array;
  customerLabels: string[];
  /** Segment of each sampled customer ('customer' when the dataset does not say). */
  customerGroups: string[];
  /** Per plan, the nearest other plans by cosine similarity of their representations, best first. */
  planNeighbours: Neighbour[][];
  /** Per sampled customer, the plans the model scores highest (b_i + p_u·q_i), best first. */
  customerTopPlans: number[][];
  /** Per plan, how many sampled customers it is the top-scored plan for. */
  planTopFor: number[];
  /** The model has a deep tower: the map shows the factor embeddings before it. */
  beforeTower: boolean;
}

export interface Neighbour {
  index: number;
  similarity: number;
}

/** How many neighbours and top plans a hover lists. */
export const EMBEDDING_NEIGHBOURS = 3;

/**
 * Sampled customers on the embedding map by default: its SVG draw (labelled plans plus one
 * marker per customer) took 85 ms of the Analytics page's thread CPU with 400 at 50k customers,
 * close to the 100 ms budget for one task. The chart's title says how many were sampled.
 */
export const EMBEDDING_SAMPLE = 300;

/**
 * Inputs of the embedding map from a trained model: every plan's representation (sum of its
 * feature embeddings) and a seeded sample of customers', with plan names and types from the
 * dataset (plan ids the dataset lacks keep their id).
 */
export function embeddingInputs(opts: {
  model: TrainedModel;
  dataset?: TelcoDataset;
  sample?: number;
  seed?: number;
}): EmbeddingInputs {
  const { model } = opts;
  const d = model.weights.components;
  const items = representations({
    features: model.itemFeatures,
    embeddings: model.weights.itemEmbeddings,
    biases: model.weights.itemBiases,
    components: d,
    side: 'item'
  });
  const byId = new Map<string, Plan>((opts.dataset?.plans ?? []).map((p) => [p.id, p]));
  const nU = model.userFeatures.nRows;
  const rows = sampleIndices(
    Int32Array.from({ length: nU }, (_, u) => u),
    opts.sample ?? EMBEDDING_SAMPLE,
    opts.seed ?? 7
  );
  const customerVectors = new Float32Array(rows.length * d);
  const customerBiases = new Float32Array(rows.length);
  representRows(
    model.userFeatures,
    model.weights.userEmbeddings,
    model.weights.userBiases,
    d,
    rows,
    rows.length,
    customerVectors,
    customerBiases
  );
  const ds = opts.dataset;
  const sameOrder =
    ds !== undefined &&
    ds.customers.ids.length === nU &&
    ds.customers.ids[0] === model.userIds[0] &&
    ds.customers.ids[nU - 1] === model.userIds[nU - 1];
  const segments = Array.from(rows, (u) =>
    sameOrder && ds!.customers.ids[u] === model.userIds[u] ? SEGMENTS[ds!.customers.segment[u]] : undefined
  );
  const customerLabels = Array.from(rows, (u, r) => {
    const id = model.userIds[u] ?? `user ${u}`;
    return segments[r] ? `${id} · ${segments[r]}` : id;
  });
  const nItems = items.nRows;
  // The factor model's own scores (before any deep tower), the same function the Recommend page ranks with.
  const scores = scoreMatrix({
    users: { nRows: rows.length, components: d, vectors: customerVectors, biases: customerBiases },
    items
  });
  const customerTopPlans = Array.from(rows, (_, r) =>
    Array.from(topN({ scores, nItems, user: r, n: EMBEDDING_NEIGHBOURS }))
  );
  const planTopFor = new Array<number>(nItems).fill(0);
  for (const top of customerTopPlans) if (top.length > 0) planTopFor[top[0]]++;
  return {
    planVectors: items.vectors,
    components: d,
    planNames: model.itemIds.map((id) => byId.get(id)?.name ?? id),
    planGroups: model.itemIds.map((id) => byId.get(id)?.type ?? 'plan'),
    customerVectors,
    customerLabels,
    customerGroups: segments.map((s) => s ?? 'customer'),
    planNeighbours: nearestByCosine(items.vectors, d, EMBEDDING_NEIGHBOURS),
    customerTopPlans,
    planTopFor,
    beforeTower: model.tower !== undefined
  };
}

/** For each row of `rows` (n × d), the k other rows of highest cosine similarity, best first (ties: lower index). */
export function nearestByCosine(rows: ArrayLike<number>, d: number, k: number): Neighbour[][] {
  const n = rows.length / d;
  const norm = Float64Array.from({ length: n }, (_, r) => Math.sqrt(dot(rows, r * d, rows, r * d, d)));
  return Array.from({ length: n }, (_, a) => {
    const all: Neighbour[] = [];
    for (let b = 0; b < n; b++) {
      if (b === a) continue;
      const s = dot(rows, a * d, rows, b * d, d);
      all.push({ index: b, similarity: norm[a] > 0 && norm[b] > 0 ? s / (norm[a] * norm[b]) : 0 });
    }
    return all.sort((x, y) => y.similarity - x.similarity || x.index - y.index).slice(0, k);
  });
}
