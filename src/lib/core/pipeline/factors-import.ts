/**
 * Factors trained elsewhere (LightFM, Spark ALS, …) → a model of this app's format → a stored
 * run, evaluated here on the dataset's own test split by our evaluation (not taken on trust).
 *
 * Each side's table is keyed either per ENTITY (customer/plan ids: LightFM's
 * get_user_representations(), Spark's userFactors) or per FEATURE (the dataset's feature names
 * such as "user:C00012" and "segment:business": LightFM's user_embeddings of a hybrid model). A
 * per-entity side becomes an identity feature matrix (one column per id, weight 1), so scoring is
 * b_u + b_i + p_u·q_i exactly; a per-feature side keeps the dataset's feature matrix, so the
 * Recommend page can explain a score feature by feature. Everything is validated before a run
 * exists: ids (unknown and missing ones named), dimensions, finite values.
 */
import { evaluateRanking } from '../eval/metrics.ts';
import { resolveConfig } from '../model/config.ts';
import type { TrainedModel } from '../model/model.ts';
import { modelScoreMatrix } from '../impact/model-scores.ts';
import { CoreError, type CsrMatrix, type TrainTestData } from '../types.ts';
import { TRAINED_ELSEWHERE, type FactorKeying } from './factors-info.ts';
import type { FactorTable } from './factors-read.ts';
import type { TrainResult } from './run-training.ts';

const bad = (message: string) => new CoreError('bad_factors', message);

function listSome(ids: string[], n = 3): string {
  const shown = ids
    .slice(0, n)
    .map((s) => `"${s}"`)
    .join(', ');
  return ids.length > n ? `${shown} and ${ids.length - n} more` : shown;
}

interface SideSpace {
  noun: string;
  ids: string[];
  featureNames: string[];
  features: CsrMatrix;
}

/** Which key the table uses, and its rows reordered to the model's columns. */
function alignSide(
  side: SideSpace,
  table: FactorTable
): {
  keying: FactorKeying;
  matrix: CsrMatrix;
  names: string[];
  embeddings: Float32Array;
  biases: Float32Array;
} {
  const entity = new Set(side.ids);
  const feature = new Set(side.featureNames);
  // LightFM's Dataset names a identity feature by the bare id; ours are "user:<id>". Accept both.
  const asFeature = (id: string) =>
    feature.has(id) ? id : feature.has(`${side.noun}:${id}`) ? `${side.noun}:${id}` : undefined;
  const inEntity = table.ids.filter((id) => entity.has(id)).length;
  const inFeature = table.ids.filter((id) => asFeature(id) !== undefined).length;
  // Every entity id is also an identity feature, so a table is per feature only when it matches more names (the side features too).
  const keying: FactorKeying = inFeature > inEntity ? 'per-feature' : 'per-entity';
  const universe = keying === 'per-entity' ? side.ids : side.featureNames;
  const keyOf = keying === 'per-entity' ? (id: string) => (entity.has(id) ? id : undefined) : asFeature;
  const what = keying === 'per-entity' ? `${side.noun} ids` : `${side.noun} feature names`;
  const unknown = table.ids.filter((id) => keyOf(id) === undefined);
  if (unknown.length > 0) {
    const hint =
      inEntity === 0 && inFeature === 0
        ? ` None of its ids match the dataset's ${side.noun} ids (e.g. "${side.ids[0]}") or feature names (e.g. "${side.featureNames[0]}"); was it trained on another dataset, or do its ids still need mapping back from integer indices?`
        : '';
    throw bad(
      `${table.file}: ${unknown.length} id(s) are not among the dataset's ${what}: ${listSome(unknown)}.${hint}`
    );
  }
  const row = new Map<string, number>();
  table.ids.forEach((id, r) => {
    const key = keyOf(id)!;
    if (row.has(key))
      throw bad(`${table.file}: "${table.ids[row.get(key)!]}" and "${id}" are the same ${what.slice(0, -1)}`);
    row.set(key, r);
  });
  const missing = universe.filter((id) => !row.has(id));
  if (missing.length > 0)
    throw bad(
      `${table.file}: ${missing.length} of the dataset's ${universe.length} ${what} have no row: ${listSome(missing)}`
    );
  const d = table.dim;
  const embeddings = new Float32Array(universe.length * d);
  const biases = new Float32Array(universe.length);
  universe.forEach((id, k) => {
    const r = row.get(id)!;
    embeddings.set(table.embeddings.subarray(r * d, (r + 1) * d), k * d);
    biases[k] = table.biases ? table.biases[r] : 0;
  });
  if (keying === 'per-feature')
    return { keying, matrix: side.features, names: side.featureNames, embeddings, biases };
  const n = side.ids.length;
  const matrix: CsrMatrix = {
    nRows: n,
    nCols: n,
    indptr: Int32Array.from({ length: n + 1 }, (_, k) => k),
    indices: Int32Array.from({ length: n }, (_, k) => k),
    values: new Float32Array(n).fill(1)
  };
  return { keying, matrix, names: side.ids.map((id) => `${side.noun}:${id}`), embeddings, biases };
}

/** The model the two tables describe, on the dataset's ids; throws CoreError('bad_factors'). */
export function modelFromFactors(
  data: TrainTestData,
  users: FactorTable,
  items: FactorTable
): { model: TrainedModel; keying: { users: FactorKeying; items: FactorKeying } } {
  const { space } = data;
  const u = alignSide(
    { noun: 'user', ids: space.userIds, featureNames: space.userFeatureNames, features: space.userFeatures },
    users
  );
  const i = alignSide(
    { noun: 'item', ids: space.itemIds, featureNames: space.itemFeatureNames, features: space.itemFeatures },
    items
  );
  if (users.dim !== items.dim)
    throw bad(
      `The user factors (${users.file}) have ${users.dim} dimensions but the item factors (${items.file}) have ${items.dim}; they must agree`
    );
  const model: TrainedModel = {
    // The loss only names the config's shape; the factors were fitted elsewhere, with their own loss.
    config: resolveConfig({
      loss: 'warp',
      components: users.dim,
      epochs: 1,
      useFeatures: u.keying === 'per-feature' || i.keying === 'per-feature'
    }),
    seed: 0,
    userIds: space.userIds,
    itemIds: space.itemIds,
    userFeatureNames: u.names,
    itemFeatureNames: i.names,
    userFeatures: u.matrix,
    itemFeatures: i.matrix,
    weights: {
      components: users.dim,
      userEmbeddings: u.embeddings,
      userBiases: u.biases,
      itemEmbeddings: i.embeddings,
      itemBiases: i.biases
    },
    history: [],
    fitMs: 0,
    backend: TRAINED_ELSEWHERE
  };
  return { model, keying: { users: u.keying, items: i.keying } };
}

/**
 * Scores every user and evaluates on the test split, as a trained run is (run-training.ts). The
 * scoring is the plain-JS one Recommend and Impact use (no TF.js backend needed, so the page can run it).
 */
export function evaluateFactors(opts: {
  runId: string;
  data: TrainTestData;
  users: FactorTable;
  items: FactorTable;
  ks?: number[];
  keepScoresUpTo?: number;
}): { result: TrainResult; keying: { users: FactorKeying; items: FactorKeying } } {
  const { model, keying } = modelFromFactors(opts.data, opts.users, opts.items);
  const scores = modelScoreMatrix({
    weights: model.weights,
    space: model,
    customerIds: model.userIds,
    planIds: model.itemIds,
    name: 'imported factors'
  });
  const test = evaluateRanking({
    nItems: opts.data.space.itemIds.length,
    scores,
    train: opts.data.train,
    test: opts.data.test,
    ...(opts.ks ? { ks: opts.ks } : {})
  });
  const keep = scores.length <= (opts.keepScoresUpTo ?? 2_000_000);
  return { result: { runId: opts.runId, model, test, scores: keep ? scores : undefined }, keying };
}
