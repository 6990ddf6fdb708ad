/**
 * Training runs: everything small in `runs` (listed without loading weights), the weights in
 * `runWeights`. Generic on purpose: the Train page decides what config, curves, metrics and
 * manifest hold; they must be structured-clonable.
 */
export interface RunMeta<Config = unknown, Curves = unknown, Metrics = unknown, Manifest = unknown> {
  id: string;
  name: string;
  config: Config;
  curves: Curves;
  metrics: Metrics;
  /** ms since epoch. */
  createdAt: number;
  status: string;
  error?: unknown;
  manifest: Manifest;
  /**
   * Length of the run's score matrix, stored apart (`runScores`) so that listing runs never
   * reads one; `getRun` brings the matrix back as `scores`.
   */
  scoresLength?: number;
  /** The users of the score matrix's rows when it covers a sample; stored beside the matrix. */
  scoreUsers?: unknown;
  /** Anything else the author wants kept (dataset id, feature thresholds, …). */
  [extra: string]: unknown;
}

export interface RunRecord<
  Config = unknown,
  Curves = unknown,
  Metrics = unknown,
  Manifest = unknown
> extends RunMeta<Config, Curves, Metrics, Manifest> {
  weights: ArrayBuffer;
}

/**
 * A run in progress, written about every epoch by the worker that trains it: enough to list it
 * ("interrupted at epoch k", its curve) without reading its state. The author decides the rest.
 */
export interface CheckpointMeta {
  id: string;
  /** Epochs trained when it was written. */
  epoch: number;
  /** ms since epoch. */
  updatedAt: number;
  [extra: string]: unknown;
}
