import type { FactorWeights, FeatureSpace } from '../types.ts';
import { CoreError } from '../types.ts';
import type { SideTowerWeights, TowerWeights } from '../model/deep-tower.ts';
import { dot, transpose } from '../model/dot.ts';
import { representFloat32 } from '../model/representations.ts';
import { explainScore, type ExplainOptions, type Explanation } from './explain.ts';
import {
  representations,
  scoreUserRow,
  userFeatureRow,
  type Representations,
  type SparseRow
} from './scoring.ts';

// Scoring one user row is the same with or without a tower; its home is scoring.ts.
export { scoreUserRow };

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
  // W1 and W2 transposed once, so each unit and each output is one dot product over a row.
  const w1t = transpose(w.w1, d, hidden);
  const w2t = transpose(w.w2, hidden, d);
  const out = new Float32Array(n * d);
  const a = new Float64Array(hidden);
  for (let r = 0; r < n; r++) {
    const off = r * d;
    for (let h = 0; h < hidden; h++) {
      const s = dot(vectors, off, w1t, h * d, d, w.b1[h]);
      a[h] = s > 0 ? s : 0;
    }
    for (let c = 0; c < d; c++) out[off + c] = dot(a, 0, w2t, c * hidden, hidden, vectors[off + c]);
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
  const row = userFeatureRow(space, weights, user, normalize);
  // Float32 sums, as the model represents its rows (model/representations.ts).
  const p = new Float32Array(d);
  const { userEmbeddings: e, userBiases: b } = weights;
  const bias = representFloat32(row.indices, row.values, 0, row.indices.length, e, b, d, p, 0);
  const v = tower ? applySideTower(p, 1, d, tower.hidden, tower.user) : p;
  return { vector: Float64Array.from(v), bias };
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
