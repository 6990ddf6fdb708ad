import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { setupNodeBackend, type NodeBackend } from '../../../cli/node-backend.ts';
import { gatherRows, segmentSum } from './segment-sum.ts';

afterAll(async () => {
  await setupNodeBackend('wasm');
});

describe.each<NodeBackend>(['wasm', 'cpu'])('segment sums and row gathers on TF.js %s', (backend) => {
  it('sum duplicate ids as tf.unsortedSegmentSum does (WebGL runs that), rows and vectors alike', async () => {
    await setupNodeBackend(backend);
    const ids = tf.tensor1d([3, 0, 3, 3, 1], 'int32');
    const rows = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [5, 2]);
    const vec = tf.tensor1d([0.5, -1, 2, 4, 8]);
    expect(segmentSum(rows, ids, 5).arraySync()).toEqual([
      [3, 4],
      [9, 10],
      [0, 0],
      [1 + 5 + 7, 2 + 6 + 8],
      [0, 0]
    ]);
    expect(segmentSum(vec, ids, 5).arraySync()).toEqual([-1, 8, 0, 6.5, 0]);
    // The reference semantics, from the kernel itself where this backend has it.
    if (backend === 'cpu')
      expect(tf.unsortedSegmentSum(rows, ids, 5).arraySync()).toEqual(segmentSum(rows, ids, 5).arraySync());
    expect(gatherRows(rows, tf.tensor1d([4, 0, 4], 'int32')).arraySync()).toEqual([
      [9, 10],
      [1, 2],
      [9, 10]
    ]);
    expect(gatherRows(vec, tf.tensor1d([1, 1], 'int32')).arraySync()).toEqual([-1, -1]);
    tf.dispose([ids, rows, vec]);
  });
});
