import type { Rng } from '../data/rng.ts';
import type { FactorWeights } from '../types.ts';
import type { ScheduleName } from './config.ts';
import { createParamBlock, type ParamBlock } from './schedules.ts';
import { RowGradients } from './row-gradients.ts';

/** One side (users or items): feature embeddings and biases with their schedule state and gradient buffers. */
export interface SideState {
  emb: ParamBlock;
  bias: ParamBlock;
  embGrad: RowGradients;
  biasGrad: RowGradients;
}

export interface FactorState {
  components: number;
  user: SideState;
  item: SideState;
}

/** LightFM's init (lightfm-spec.md §1): embeddings uniform in [−0.5, 0.5) / d, biases 0. */
export function initEmbeddings(rows: number, d: number, rng: Rng): Float32Array {
  const v = new Float32Array(rows * d);
  for (let k = 0; k < v.length; k++) v[k] = (rng.next() - 0.5) / d;
  return v;
}

function side(
  rows: number,
  d: number,
  schedule: ScheduleName,
  emb: Float32Array,
  bias: Float32Array
): SideState {
  return {
    emb: createParamBlock(rows, d, schedule, emb),
    bias: createParamBlock(rows, 1, schedule, bias),
    embGrad: new RowGradients(rows, d),
    biasGrad: new RowGradients(rows, 1)
  };
}

export function createFactorState(
  nUserFeatures: number,
  nItemFeatures: number,
  d: number,
  schedule: ScheduleName,
  rng: Rng
): FactorState {
  // Item embeddings first, then users: one stream, fixed order, so a seed fixes both.
  const itemEmb = initEmbeddings(nItemFeatures, d, rng);
  const userEmb = initEmbeddings(nUserFeatures, d, rng);
  return {
    components: d,
    user: side(nUserFeatures, d, schedule, userEmb, new Float32Array(nUserFeatures)),
    item: side(nItemFeatures, d, schedule, itemEmb, new Float32Array(nItemFeatures))
  };
}

/** A copy of the learned parameters (schedule state left behind). */
export function exportWeights(s: FactorState): FactorWeights {
  return {
    components: s.components,
    userEmbeddings: s.user.emb.values.slice(),
    userBiases: s.user.bias.values.slice(),
    itemEmbeddings: s.item.emb.values.slice(),
    itemBiases: s.item.bias.values.slice()
  };
}

/** First non-finite parameter, described for an error message, or null. */
export function findNonFinite(s: FactorState): string | null {
  const blocks: Array<[string, Float32Array]> = [
    ['user embeddings', s.user.emb.values],
    ['user biases', s.user.bias.values],
    ['item embeddings', s.item.emb.values],
    ['item biases', s.item.bias.values]
  ];
  for (const [name, v] of blocks) {
    for (let k = 0; k < v.length; k++) if (!Number.isFinite(v[k])) return `${name} (entry ${k})`;
  }
  return null;
}
