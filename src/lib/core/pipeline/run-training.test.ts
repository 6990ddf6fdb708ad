import { describe, expect, it } from 'vitest';
import { runTraining, toErrorInfo } from './run-training.ts';
import { generateDataset } from '../data/generator.ts';
import { CoreError } from '../types.ts';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

describe('toErrorInfo', () => {
  it('keeps a CoreError code', () => {
    expect(toErrorInfo(new CoreError('diverged', 'lower the learning rate'))).toEqual({ code: 'diverged', message: 'lower the learning rate' });
  });
  it('explains a lost WebGL context and what to do', () => {
    const info = toErrorInfo(new Error('WebGL context lost.'));
    expect(info.code).toBe('webgl_lost');
    expect(info.message).toMatch(/train it again, or choose the WASM backend/);
  });
  it('reports anything else as internal with its message', () => {
    expect(toErrorInfo(new TypeError('x is undefined'))).toEqual({ code: 'internal', message: 'x is undefined' });
  });
});

describe('runTraining', () => {
  const dataset = generateDataset({ customers: 400, seed: 3, ceilings: false });
  it('trains, evaluates on the test split and keeps the scores', async () => {
    await tf.setBackend('cpu');
    const out = await runTraining({
      job: { runId: 'r', datasetId: 'd', config: { loss: 'bpr', epochs: 2, components: 4 }, seed: 1 },
      source: { kind: 'telco', dataset }
    });
    if (!out.ok) throw new Error(out.error.message);
    expect(out.result.scores?.length).toBe(400 * dataset.plans.length);
    expect(out.result.test.metrics.n_users_evaluated).toBeGreaterThan(0);
    expect(out.result.features?.customer.length).toBeGreaterThan(0);
  });
  it('turns a bad config into a coded error instead of throwing', async () => {
    const out = await runTraining({
      job: { runId: 'r', datasetId: 'd', config: { loss: 'warp', epochs: 1, components: -3 }, seed: 1 },
      source: { kind: 'telco', dataset }
    });
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.error.code).toBe('bad_config');
      expect(out.error.message).toMatch(/components/);
    }
  });
});
