/**
 * Imported factors → a stored run, labelled for what it is: "imported factors (LightFM)", backend
 * "trained elsewhere", metrics computed here on the dataset's test split.
 */
import type { SplitOptions } from '../data/split.ts';
import type { GroupSelection } from '../features/imported-groups.ts';
import type { TrainTestData } from '../types.ts';
import { evaluateFactors } from './factors-import.ts';
import {
  FACTOR_SOURCE_LABEL,
  importedRunName,
  TRAINED_ELSEWHERE,
  type FactorSource
} from './factors-info.ts';
import type { FactorTable } from './factors-read.ts';
import { runFromResult, type LabRunWithWeights } from './run-record.ts';

export interface ImportFactorsOptions {
  id: string;
  createdAt: number;
  datasetId: string;
  datasetName: string;
  /** The dataset as the app trains on it (prepareTrainingData with every feature group, the default split). */
  data: TrainTestData;
  features?: GroupSelection;
  split?: SplitOptions;
  users: FactorTable;
  items: FactorTable;
  source: FactorSource;
}

/** Validates, evaluates and builds the run; throws CoreError('bad_factors') before anything exists. */
export function importFactorsRun(opts: ImportFactorsOptions): LabRunWithWeights {
  const { result, keying } = evaluateFactors({
    runId: opts.id,
    data: opts.data,
    users: opts.users,
    items: opts.items
  });
  const run = runFromResult(
    {
      id: opts.id,
      name: importedRunName(opts.source),
      createdAt: opts.createdAt,
      datasetId: opts.datasetId,
      datasetName: opts.datasetName,
      backend: {
        backend: TRAINED_ELSEWHERE,
        reason: `factors imported from ${opts.users.file} and ${opts.items.file} (${FACTOR_SOURCE_LABEL[opts.source]}); metrics computed in this app on the dataset's test split`
      }
    },
    { ...result, features: opts.features, split: opts.split }
  );
  return {
    ...run,
    imported: {
      source: opts.source,
      users: { file: opts.users.file, keying: keying.users, biases: opts.users.biases !== null },
      items: { file: opts.items.file, keying: keying.items, biases: opts.items.biases !== null }
    }
  };
}
