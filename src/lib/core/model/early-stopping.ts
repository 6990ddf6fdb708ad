/**
 * Early stopping by refit: choose the number of epochs on a validation split carved out of the
 * training interactions (never the test split), then train again on all of train for that many
 * epochs. Identity-only models overfit fast on sparse data — on catalog-3k WARP without features
 * falls from P@5 0.356 at 5 epochs to 0.252 at 30, below the popularity ranking — so this is
 * what lets them beat popularity without a per-dataset regularisation constant. Costs one extra
 * training run (the search stops `patience` validations after the best).
 */
import { splitInteractions } from '../data/split.ts';
import type { TrainTestData } from '../types.ts';
import { resolveConfig } from './config.ts';
import type { TrainedModel } from './model.ts';
import { train, type TrainOptions } from './train.ts';

export interface EarlyStoppingOptions {
  /** Share of train held out to choose the epochs. Default 0.1. */
  validationFraction?: number;
  /** Metric to maximise on the validation split. Default 'precision@5'. */
  metric?: string;
  /** Stop the search after this many epochs without improvement. Default 5. */
  patience?: number;
}

export interface EarlyStoppedModel extends TrainedModel {
  earlyStopping: { chosenEpochs: number; maxEpochs: number; metric: string; validationValue: number; curve: number[] };
}

export async function trainWithEarlyStopping(opts: TrainOptions & { earlyStopping?: EarlyStoppingOptions }): Promise<EarlyStoppedModel> {
  const es = opts.earlyStopping ?? {};
  const metric = es.metric ?? 'precision@5';
  const patience = es.patience ?? 5;
  const config = resolveConfig(opts.config);
  const data: TrainTestData = opts.data;
  const carved = splitInteractions({
    interactions: data.train,
    nUsers: data.space.userIds.length,
    split: { kind: 'random', testFraction: es.validationFraction ?? 0.1, seed: opts.seed }
  });
  const curve: number[] = [];
  let best = -Infinity;
  let bestEpoch = 1;
  const searchSignal = {
    get aborted() {
      return (opts.signal?.aborted ?? false) || curve.length - bestEpoch >= patience;
    }
  };
  try {
    await train({
      ...opts,
      data: { space: data.space, train: carved.train, test: data.test, validation: carved.test },
      signal: searchSignal,
      validateEvery: 1,
      validationKs: [5, 10],
      onEvent: (e) => {
        opts.onEvent?.(e);
        if (e.type !== 'epoch' || !e.validation) return;
        const v = e.validation[metric];
        curve.push(v);
        if (v > best) {
          best = v;
          bestEpoch = e.epoch;
        }
      }
    });
  } catch (err) {
    // The search stops itself through the signal once patience runs out; anything else is real.
    if (!(curve.length - bestEpoch >= patience) || opts.signal?.aborted) throw err;
  }
  const model = await train({ ...opts, config: { ...config, epochs: bestEpoch } });
  return { ...model, earlyStopping: { chosenEpochs: bestEpoch, maxEpochs: config.epochs, metric, validationValue: best, curve } };
}
