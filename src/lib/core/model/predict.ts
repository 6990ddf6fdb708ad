import * as tf from '@tensorflow/tfjs-core';
import type { CsrMatrix, FactorWeights } from '../types.ts';
import { CoreError } from '../types.ts';
import { applyTower, sideTensors, type TowerWeights } from './deep-tower.ts';
import type { TrainedModel } from './model.ts';
import { representAll, representRows } from './representations.ts';

/** The parts of a model that scoring reads (a TrainedModel, or live weights during training). */
export interface ScoreSource {
  weights: FactorWeights;
  userFeatures: CsrMatrix;
  itemFeatures: CsrMatrix;
  tower?: TowerWeights;
}

export interface ScoreUsersOptions {
  model: ScoreSource;
  /** User indices to score; default all users, in order. */
  users?: Int32Array;
  /** Users per TF.js matMul (bounds memory at chunk × nItems floats). Default 4096. */
  chunkSize?: number;
}

/**
 * Scores users × all items: s = b_u + b_i + p'_u·q'_i (p' = p without a tower). Returns a
 * Float32Array of users.length × nItems, row-major. The dense product runs in TF.js per chunk.
 */
export function scoreUsers(opts: ScoreUsersOptions): Float32Array {
  const { model } = opts;
  const nUsers = model.userFeatures.nRows;
  const users = opts.users ?? Int32Array.from({ length: nUsers }, (_, u) => u);
  const chunk = Math.max(1, opts.chunkSize ?? 4096);
  const d = model.weights.components;
  const item = representAll(model.itemFeatures, model.weights.itemEmbeddings, model.weights.itemBiases, d);
  return withItemSide(model, item, (qt, ib, userTower) => {
    const N = ib.shape[0];
    const out = new Float32Array(users.length * N);
    const vec = new Float32Array(Math.min(chunk, users.length) * d);
    const bias = new Float32Array(Math.min(chunk, users.length));
    for (let start = 0; start < users.length; start += chunk) {
      const n = Math.min(chunk, users.length - start);
      const rows = users.subarray(start, start + n);
      for (const u of rows) {
        if (!(u >= 0 && u < nUsers))
          throw new CoreError('bad_input', `user index ${u} is outside 0..${nUsers - 1}`);
      }
      representRows(
        model.userFeatures,
        model.weights.userEmbeddings,
        model.weights.userBiases,
        d,
        rows,
        n,
        vec,
        bias
      );
      const s = tf.tidy(() => {
        let p: tf.Tensor2D = tf.tensor2d(vec.subarray(0, n * d), [n, d]);
        if (userTower) p = applyTower(p, userTower);
        return tf.add(tf.add(tf.matMul(p, qt), ib), tf.tensor2d(bias.subarray(0, n), [n, 1]));
      });
      try {
        out.set(s.dataSync() as Float32Array, start * N);
      } finally {
        s.dispose();
      }
    }
    return out;
  });
}

/** Uploads the item side once (through its tower, transposed) and frees it after `f`. */
function withItemSide<T>(
  model: ScoreSource,
  item: { vec: Float32Array; bias: Float32Array },
  f: (qt: tf.Tensor2D, itemBias: tf.Tensor1D, userTower?: tf.Tensor[]) => T
): T {
  const d = model.weights.components;
  const N = item.bias.length;
  const tw = model.tower;
  const userTower = tw ? sideTensors(tw.user, d, tw.hidden) : undefined;
  const itemTower = tw ? sideTensors(tw.item, d, tw.hidden) : undefined;
  const qt = tf.tidy(() => {
    let q: tf.Tensor2D = tf.tensor2d(item.vec, [N, d]);
    if (itemTower) q = applyTower(q, itemTower);
    return tf.transpose(q);
  });
  const ib = tf.tensor1d(item.bias);
  try {
    return f(qt, ib, userTower);
  } finally {
    tf.dispose([qt, ib, ...(userTower ?? []), ...(itemTower ?? [])]);
  }
}

export interface ScoreNewUserOptions {
  model: TrainedModel;
  /**
   * The new customer's attributes as user-feature names (weight 1 each) or name → weight,
   * e.g. ['segment:business', 'data_intensity:high']. Identity features are not needed.
   */
  features: readonly string[] | Readonly<Record<string, number>>;
  /** Skip names the model does not know instead of throwing. Default false. */
  ignoreUnknown?: boolean;
}

/**
 * Scores every item for a customer the model has never seen, from attributes alone (cold
 * start): the row is L1-normalised like the training rows (lightfm-spec.md §1), then scored
 * as a known user would be. Returns nItems scores.
 */
export function scoreNewUser(opts: ScoreNewUserOptions): Float32Array {
  const { model } = opts;
  const entries: Array<[string, number]> = Array.isArray(opts.features)
    ? (opts.features as string[]).map((n) => [n, 1])
    : Object.entries(opts.features as Record<string, number>);
  const column = new Map(model.userFeatureNames.map((n, i) => [n, i]));
  const cols = new Map<number, number>();
  const unknown: string[] = [];
  for (const [name, w] of entries) {
    if (!Number.isFinite(w))
      throw new CoreError('bad_input', `feature "${name}" has a non-finite weight ${w}`);
    const c = column.get(name);
    if (c === undefined) unknown.push(name);
    else cols.set(c, (cols.get(c) ?? 0) + w);
  }
  if (unknown.length > 0 && !opts.ignoreUnknown) {
    throw new CoreError(
      'unknown_feature',
      `the model has no user feature ${unknown.map((n) => `"${n}"`).join(', ')}; known features look like "${model.userFeatureNames.find((n) => !n.startsWith('user:')) ?? model.userFeatureNames[0]}"` +
        (model.config.useFeatures
          ? ''
          : ' (this model was trained without side features, so it cannot score new customers: retrain with features on)')
    );
  }
  let total = 0;
  for (const v of cols.values()) total += Math.abs(v);
  if (cols.size === 0 || total === 0) {
    throw new CoreError(
      'bad_input',
      'the new customer has no known feature with a non-zero weight: give at least one attribute the model was trained with'
    );
  }
  const sorted = [...cols.entries()].sort((a, b) => a[0] - b[0]);
  const row: CsrMatrix = {
    nRows: 1,
    nCols: model.userFeatures.nCols,
    indptr: Int32Array.from([0, sorted.length]),
    indices: Int32Array.from(sorted.map((e) => e[0])),
    values: Float32Array.from(sorted.map((e) => e[1] / total))
  };
  return scoreUsers({ model: { ...model, userFeatures: row }, users: Int32Array.of(0) });
}
