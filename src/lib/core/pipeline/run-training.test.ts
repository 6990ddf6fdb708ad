import { describe, expect, it } from 'vitest';
import { prepareTrainingData, runTraining, toErrorInfo, type PipelineEvent } from './run-training.ts';
import { evaluateRanking } from '../eval/metrics.ts';
import { carveValidation } from '../model/early-stopping.ts';
import type { TrainEvent } from '../model/events.ts';
import { scoreUsers } from '../model/predict.ts';
import { generateDataset } from '../data/generator.ts';
import { CoreError } from '../types.ts';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

describe('toErrorInfo', () => {
  it('keeps a CoreError code', () => {
    expect(toErrorInfo(new CoreError('diverged', 'lower the learning rate'))).toEqual({
      code: 'diverged',
      message: 'lower the learning rate'
    });
  });
  it('explains a lost WebGL context and what to do', () => {
    const info = toErrorInfo(new Error('WebGL context lost.'));
    expect(info.code).toBe('webgl_lost');
    expect(info.message).toMatch(/train it again, or choose the WASM backend/);
  });
  it('reports anything else as internal with its message', () => {
    expect(toErrorInfo(new TypeError('x is undefined'))).toEqual({
      code: 'internal',
      message: 'x is undefined'
    });
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
  it('data prepared once trains run after run as if built afresh (a worker keeps it, not the raw tables)', async () => {
    await tf.setBackend('cpu');
    const job = {
      runId: 'r',
      datasetId: 'd',
      config: { loss: 'warp' as const, epochs: 2, components: 4 },
      seed: 1,
      validateEvery: 1
    };
    const prepared = {
      kind: 'prepared' as const,
      ...prepareTrainingData({ kind: 'telco', dataset }, { split: undefined })
    };
    const fresh = await runTraining({ job, source: { kind: 'telco', dataset } });
    const first = await runTraining({ job, source: prepared });
    const again = await runTraining({ job, source: prepared });
    if (!fresh.ok || !first.ok || !again.ok) throw new Error('training failed');
    expect(first.result.test.metrics).toEqual(fresh.result.test.metrics);
    expect(again.result.test.metrics).toEqual(fresh.result.test.metrics);
    expect(again.result.split).toEqual(fresh.result.split);
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

  it('by default draws the live curve on a validation split carved from train, never on test', async () => {
    await tf.setBackend('cpu');
    const job = {
      runId: 'r',
      datasetId: 'd',
      config: { loss: 'warp', epochs: 3, components: 4 } as const,
      seed: 2,
      validateEvery: 1
    };
    const source = { kind: 'telco', dataset } as const;
    const lastPoint = async (curveSplit?: 'test') => {
      const events: (TrainEvent | PipelineEvent)[] = [];
      const out = await runTraining({ job: { ...job, curveSplit }, source, onEvent: (e) => events.push(e) });
      if (!out.ok) throw new Error(out.error.message);
      const points = events.filter((e) => e.type === 'epoch' && e.validation);
      expect(points).toHaveLength(3);
      const last = points.at(-1) as Extract<TrainEvent, { type: 'epoch' }>;
      return {
        out: out.result,
        last,
        p5: last.validation!['precision@5'],
        said: events.find((e) => e.type === 'curve')
      };
    };
    const { data } = prepareTrainingData(source, {});
    const held = carveValidation(data, job.seed);
    const byDefault = await lastPoint();
    expect(byDefault.last.validationSplit).toBe('validation');
    expect(byDefault.out.curve?.label).toMatch(
      /^validation: 10% of train held out \(seed 2\), not trained on/
    );
    expect(byDefault.said).toEqual({ type: 'curve', source: byDefault.out.curve });
    // The curve's last point is the final model measured on the carved split, which is not test.
    const onHeld = evaluateRanking({
      nItems: data.space.itemIds.length,
      scores: scoreUsers({ model: byDefault.out.model }),
      train: held.train,
      test: held.validation!
    });
    expect(byDefault.p5).toBe(onHeld.metrics['precision@5']);
    expect(byDefault.p5).not.toBe(byDefault.out.test.metrics['precision@5']);
    // Only when asked does it measure test (and then trains on all of train).
    const asked = await lastPoint('test');
    expect(asked.last.validationSplit).toBe('test');
    expect(asked.said).toMatchObject({ source: { split: 'test' } });
    expect(asked.p5).toBe(asked.out.test.metrics['precision@5']);
  });
});
