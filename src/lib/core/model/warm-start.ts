import type { FactorWeights } from '../types.ts';
import { CoreError } from '../types.ts';
import type { FactorState } from './factor-state.ts';

/**
 * Warm start for LightFM's `fit_partial`: training continues from a model's learned weights
 * instead of a fresh initialisation. Only the weights are carried over; the schedule's
 * accumulators (adagrad / adadelta) start fresh, so the first steps on the new data are as
 * large as a new model's. (Full checkpoint/resume with accumulators and RNG is separate.)
 */
export function warmStart(state: FactorState, w: FactorWeights): void {
  const parts: Array<[string, Float32Array, Float32Array]> = [
    ['user embeddings', state.user.emb.values, w.userEmbeddings],
    ['user biases', state.user.bias.values, w.userBiases],
    ['item embeddings', state.item.emb.values, w.itemEmbeddings],
    ['item biases', state.item.bias.values, w.itemBiases]
  ];
  if (w.components !== state.components) throw new CoreError('bad_model', `the initial weights have ${w.components} components, the config ${state.components}`);
  for (const [name, into, from] of parts) {
    if (into.length !== from.length) throw new CoreError('bad_model', `the initial ${name} have ${from.length} values; these features need ${into.length} (was the model trained on other features?)`);
  }
  for (const [, into, from] of parts) into.set(from);
}
