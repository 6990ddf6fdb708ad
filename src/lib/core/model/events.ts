/**
 * Progress of a training run, tagged by `type`. Epoch events are throttled to a few per second
 * (every epoch is still in `TrainedModel.history`); the last epoch is always reported.
 */
export type TrainEvent =
  | {
      type: 'start';
      epochs: number;
      /** Training interactions per epoch. */
      samples: number;
      batchSize: number;
      /** TF.js backend in use (e.g. 'wasm', 'webgl', 'cpu'). */
      backend: string;
      /** What runs the training batches, in plain words (batch-driver.ts describeTrainingPath). */
      kernel: string;
    }
  | {
      type: 'epoch';
      /** 1-based epoch just finished. */
      epoch: number;
      epochs: number;
      /** Mean per-sample training loss of this epoch (WARP/k-OS: weighted hinge of updated samples over all samples). */
      loss: number;
      /** Share of samples that moved parameters this epoch (WARP: found a violator in time). */
      updatedFraction: number;
      /** Milliseconds since training started. */
      elapsedMs: number;
      /** Metrics on the validation split (or the test split when there is none), when computed this epoch. */
      validation?: Record<string, number>;
      validationSplit?: 'validation' | 'test';
    }
  | { type: 'diverged'; epoch: number; message: string }
  | { type: 'cancelled'; epoch: number }
  | { type: 'done'; epochs: number; fitMs: number };

/** One row per finished epoch, kept on the model for curves. */
export interface EpochRecord {
  epoch: number;
  loss: number;
  updatedFraction: number;
  elapsedMs: number;
  validation?: Record<string, number>;
}
