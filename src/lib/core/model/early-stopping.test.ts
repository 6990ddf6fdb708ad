import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { generateDataset } from '../data/generator.ts';
import { buildTrainTestData } from '../data/train-test.ts';
import { NO_FEATURES } from '../features/feature-space.ts';
import { trainWithEarlyStopping } from './early-stopping.ts';

describe('early stopping by refit', () => {
  const data = buildTrainTestData({
    dataset: generateDataset({ customers: 600, seed: 9, ceilings: false }),
    features: NO_FEATURES
  });
  it('chooses the epochs on a validation split carved from train, then refits on all of train', async () => {
    await tf.setBackend('cpu');
    const model = await trainWithEarlyStopping({
      data,
      config: { loss: 'warp', components: 8, epochs: 12 },
      seed: 2,
      earlyStopping: { patience: 3 }
    });
    const es = model.earlyStopping;
    expect(es.chosenEpochs).toBeGreaterThanOrEqual(1);
    expect(es.chosenEpochs).toBeLessThanOrEqual(12);
    // The chosen epoch is the best of the curve, and the search stopped within patience of it.
    expect(es.curve[es.chosenEpochs - 1]).toBe(Math.max(...es.curve));
    expect(es.curve.length - es.chosenEpochs).toBeLessThanOrEqual(3);
    // The final model is the refit: its history has exactly the chosen number of epochs.
    expect(model.history.length).toBe(es.chosenEpochs);
    expect(model.config.epochs).toBe(es.chosenEpochs);
  });
  it('never looks at the test split: changing test leaves the choice unchanged', async () => {
    const a = await trainWithEarlyStopping({
      data,
      config: { loss: 'warp', components: 8, epochs: 6 },
      seed: 3
    });
    const emptyTest = {
      ...data,
      test: { userIdx: new Int32Array(0), itemIdx: new Int32Array(0), weight: new Float32Array(0) }
    };
    const b = await trainWithEarlyStopping({
      data: emptyTest,
      config: { loss: 'warp', components: 8, epochs: 6 },
      seed: 3
    });
    expect(b.earlyStopping.curve).toEqual(a.earlyStopping.curve);
    expect(b.earlyStopping.chosenEpochs).toBe(a.earlyStopping.chosenEpochs);
  });
});
