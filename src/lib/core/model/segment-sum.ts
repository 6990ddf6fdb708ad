import * as tf from '@tensorflow/tfjs-core';

/**
 * out[s] = Σ_{k: ids[k] = s} data[k] over the first axis, for `n` segments: the sparse
 * transpose Xᵀ·g that spreads per-entry gradients onto feature rows (tensor-warp.ts).
 * tf.unsortedSegmentSum where the backend has it (webgl, cpu); the WASM backend does not
 * register that kernel, so there the same sum is a scatterND, which adds duplicate indices.
 */
export function segmentSum<T extends tf.Tensor1D | tf.Tensor2D>(data: T, ids: tf.Tensor1D, n: number): T {
  if (hasUnsortedSegmentSum()) return tf.unsortedSegmentSum(data, ids, n) as T;
  const at = tf.expandDims(ids, 1);
  return (data.rank === 1 ? tf.scatterND(at, data, [n]) : tf.scatterND(at, data, [n, data.shape[1]!])) as T;
}

function hasUnsortedSegmentSum(): boolean {
  const backend = tf.getBackend();
  return Boolean(backend) && tf.getKernel('UnsortedSegmentSum', backend) !== undefined;
}
