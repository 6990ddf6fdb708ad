import type { TrainTestData } from '../types.ts';
import type { FeatureSelection } from '../features/feature-space.ts';
import { exportTableCsv } from './csv-export.ts';
import { parseParityLayout, type ParityLayoutTexts, writeParityLayout } from './parity-layout.ts';
import type { TelcoDataset } from './schema.ts';
import type { SplitOptions } from './split.ts';
import { buildTrainTestData } from './train-test.ts';

/**
 * A telco dataset in the plain parity layout (../shared/parity/): interactions split into
 * train/test plus id lists and per-entity feature rows, written by parity-layout.ts. Also
 * writes plans.csv, as the telco-5k parity folder has it.
 */
export function exportParityLayout(opts: {
  dataset: TelcoDataset;
  features?: FeatureSelection;
  split?: SplitOptions;
}): Record<string, string> {
  const data = buildTrainTestData({ dataset: opts.dataset, features: opts.features, split: opts.split });
  return { ...writeParityLayout(data), 'plans.csv': exportTableCsv(opts.dataset, 'plans') };
}

/** Parity-layout texts → TrainTestData (validated by parity-layout.ts; errors name file and line). */
export function importParityLayout(opts: { files: ParityLayoutTexts; identity?: boolean }): TrainTestData {
  return parseParityLayout(opts.files, { identity: opts.identity });
}
