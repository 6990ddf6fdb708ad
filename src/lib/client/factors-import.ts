/**
 * Import factors trained elsewhere into the store as a run, for the dataset they were trained
 * on: read both files, validate them against the dataset as the app trains on it (every feature
 * group, its own split), evaluate, then ONE putRun. Any error is thrown before the store is
 * touched, so nothing stored changes.
 */
import { prepareTrainingData, type TrainingSource } from '$lib/core/pipeline/run-training';
import { parseFactorCsv } from '$lib/core/pipeline/factors-read';
import type { FactorSource } from '$lib/core/pipeline/factors-info';
import { importFactorsRun } from '$lib/core/pipeline/factors-run';
import type { LabRunWithWeights } from '$lib/core/pipeline/run-record';
import { decodeCsvBytes } from '$lib/core/data/text-file';
import type { LabStore, RunRecord } from '$lib/store';

export interface FactorFileInput {
  name: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

type StoreLike = Pick<LabStore, 'listDatasets' | 'openDataset' | 'openTrainTest' | 'putRun'>;

async function readTable(file: FactorFileInput) {
  if (file.name.toLowerCase().endsWith('.npy')) {
    throw new Error(
      `${file.name} is a .npy array, which carries no ids; in the browser import a CSV with an id column (id,bias,f0,f1,… or id,features), or use \`npm run cli -- import-factors\` with its _ids.csv`
    );
  }
  return parseFactorCsv(decodeCsvBytes(new Uint8Array(await file.arrayBuffer()), file.name), file.name);
}

export async function importFactorsIntoStore(
  store: StoreLike,
  opts: {
    datasetId: string;
    users: FactorFileInput;
    items: FactorFileInput;
    source: FactorSource;
    now?: number;
  }
): Promise<LabRunWithWeights> {
  const meta = (await store.listDatasets()).find((d) => d.id === opts.datasetId);
  if (!meta) throw new Error(`dataset ${opts.datasetId} is no longer stored`);
  const source: TrainingSource =
    meta.kind === 'traintest'
      ? { kind: 'traintest', data: await store.openTrainTest(meta.id) }
      : { kind: 'telco', dataset: await store.openDataset(meta.id) };
  const prepared = prepareTrainingData(source, {});
  const [users, items] = [await readTable(opts.users), await readTable(opts.items)];
  const now = opts.now ?? Date.now();
  const run = importFactorsRun({
    id: `run-factors-${now.toString(36)}`,
    createdAt: now,
    datasetId: meta.id,
    datasetName: meta.name,
    data: prepared.data,
    features: prepared.features,
    split: prepared.split,
    users,
    items,
    source: opts.source
  });
  await store.putRun(run as unknown as RunRecord);
  return run;
}
