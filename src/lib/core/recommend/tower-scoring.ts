import type { FactorWeights, FeatureSpace } from '../types.ts';
import { CoreError } from '../types.ts';
import type { SideTowerWeights, TowerWeights } from '../model/deep-tower.ts';
import { explainScore, type ExplainOptions, type Explanation } from './explain.ts';
import { normalizeRow, representations, type Representations, type SparseRow } from './scoring.ts';

/**
 * Hybrid Deep in plain JS (no TF.js): each side's feature embedding p becomes
 * p' = p + relu(p·W1 + b1)·W2 (model/deep-tower.ts), and score = b_u + b_i + p'·q'.
 * Biases do not pass through the towers. With no tower this is the plain bilinear model.
 */

/** p + relu(p·W1 + b1)·W2 for every row of a row-major (n × d) block; returns a new array. */
export function applySideTower(
  vectors: Float32Array,
  n: number,
  d: number,
  hidden: number,
  w: SideTowerWeights
): Float32Array {
  if (vectors.length !== n * d)
    throw new CoreError('bad_input', `vectors has ${vectors.length} values, expected ${n} × ${d}`);
  if (w.w1.length !== d * hidden || w.b1.length !== hidden || w.w2.length !== hidden * d) {
    throw new CoreError('bad_model', `tower weights do not fit ${d} components × ${hidden} hidden units`);
  }
  const out = new Float32Array(n * d);
  const a = new Float64Array(hidden);
  for (let r = 0; r < n; r++) {
    const off = r * d;
    for (let h = 0; h < hidden; h++) {
      let s = w.b1[h];
      for (let c = 0; c < d; c++) s += vectors[off + c] * w.w1[c * hidden + h];
      a[h] = s > 0 ? s : 0;
    }
    for (let c = 0; c < d; c++) {
      let s = vectors[off + c];
      for (let h = 0; h < hidden; h++) if (a[h] !== 0) s += a[h] * w.w2[h * d + c];
      out[off + c] = s;
    }
  }
  return out;
}

/** Representations passed through one side's tower (biases unchanged); no tower → the input. */
export function towerRepresentations(
  rep: Representations,
  tower: TowerWeights | undefined,
  side: 'user' | 'item'
): Representations {
  if (!tower) return rep;
  if (tower.components !== rep.components)
    throw new CoreError(
      'bad_model',
      `the tower has ${tower.components} components, the model ${rep.components}`
    );
  return {
    ...rep,
    vectors: applySideTower(rep.vectors, rep.nRows, rep.components, tower.hidden, tower[side])
  };
}

export interface DeepModelParts {
  weights: FactorWeights;
  space: FeatureSpace;
  tower?: TowerWeights;
}

/** Item representations as the model scores with them (through the item tower when there is one). */
export function scoringItems({ weights, space, tower }: DeepModelParts): Representations {
  const items = representations({
    features: space.itemFeatures,
    embeddings: weights.itemEmbeddings,
    biases: weights.itemBiases,
    components: weights.components,
    side: 'item'
  });
  return towerRepresentations(items, tower, 'item');
}

/** One user's representation (a known row or a new customer's sparse row), through the user tower. */
export function scoringUser(
  parts: DeepModelParts,
  user: number | SparseRow,
  normalize = true
): { vector: Float64Array; bias: number } {
  const { weights, space, tower } = parts;
  const d = weights.components;
  let row: { indices: ArrayLike<number>; values: ArrayLike<number> };
  if (typeof user === 'number') {
    const m = space.userFeatures;
    if (!(Number.isInteger(user) && user >= 0 && user < m.nRows))
      throw new CoreError('bad_input', `user index ${user} is outside 0..${m.nRows - 1}`);
    row = {
      indices: m.indices.subarray(m.indptr[user], m.indptr[user + 1]),
      values: m.values.subarray(m.indptr[user], m.indptr[user + 1])
    };
  } else {
    row = normalize ? normalizeRow(user) : user;
  }
  const nF = weights.userBiases.length;
  const p = new Float32Array(d);
  let bias = 0;
  for (let k = 0; k < row.indices.length; k++) {
    const f = row.indices[k];
    if (!(f >= 0 && f < nF))
      throw new CoreError('bad_input', `user feature index ${f} is outside the model's 0..${nF - 1}`);
    const x = row.values[k];
    bias += x * weights.userBiases[f];
    for (let c = 0; c < d; c++) p[c] += x * weights.userEmbeddings[f * d + c];
  }
  const v = tower ? applySideTower(p, 1, d, tower.hidden, tower.user) : p;
  return { vector: Float64Array.from(v), bias };
}

/** Scores of one user for every item: b_u + b_i + p'·q' (Float64Array of nItems). */
export function scoreUserRow(
  user: { vector: Float64Array; bias: number },
  items: Representations
): Float64Array {
  const d = items.components;
  if (user.vector.length !== d)
    throw new CoreError('bad_model', `user vector has ${user.vector.length} components, items ${d}`);
  const out = new Float64Array(items.nRows);
  for (let i = 0; i < items.nRows; i++) {
    let s = user.bias + items.biases[i];
    for (let c = 0; c < d; c++) s += user.vector[c] * items.vectors[i * d + c];
    out[i] = s;
  }
  return out;
}

export interface ExplainModelScoreOptions extends ExplainOptions {
  tower?: TowerWeights;
}

export interface ModelExplanation extends Explanation {
  /** The score the model ranks by (with the towers for Hybrid Deep). */
  modelScore: number;
  /**
   * modelScore − the bilinear score: what the non-linear towers add. 0 without a tower. The
   * bilinear terms plus this residual add up to modelScore.
   */
  towerResidual: number;
}

/**
 * The exact split of a model's score: for bilinear models the feature-pair terms alone; for
 * Hybrid Deep the bilinear terms (explainScore on the raw embeddings) plus one "tower residual".
 */
export function explainModelScore(opts: ExplainModelScoreOptions): ModelExplanation {
  const bilinear = explainScore(opts);
  if (!opts.tower) return { ...bilinear, modelScore: bilinear.score, towerResidual: 0 };
  const parts = { weights: opts.weights, space: opts.space, tower: opts.tower };
  const user = scoringUser(parts, opts.user, opts.normalize ?? true);
  const items = scoringItems(parts);
  const modelScore = scoreUserRow(user, items)[opts.item];
  return { ...bilinear, modelScore, towerResidual: modelScore - bilinear.score };
}
