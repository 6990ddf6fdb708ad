/**
 * What the Train page shows beside a dataset before any run: the split new runs use, the
 * popularity ranking's metrics on it (and the ideal ranking's ceiling for synthetic data), and
 * for an imported train/test dataset its own feature groups and split in words. Reading the
 * dataset, splitting it and ranking every customer by popularity are whole-dataset work, so
 * this runs in a worker (workers/references.ts), never on the page.
 */
import type { Ceilings } from '../data/schema.ts';
import type { SplitOptions } from '../data/split.ts';
import { importedFeatureGroups, type ImportedGroups } from '../features/imported-groups.ts';
import { ceilingRow, popularityRow, type ReferenceRow } from './reference-rows.ts';
import { prepareTrainingData, type TrainingSource } from './run-training.ts';

export interface TrainingReferences {
  /** The split new runs use (undefined: the dataset's own, as imported). */
  split: SplitOptions | undefined;
  rows: ReferenceRow[];
  /** An imported train/test dataset's feature groups and its split in words; null for synthetic data. */
  imported: { groups: ImportedGroups; splitNote: string } | null;
}

export function trainingReferences(
  source: TrainingSource,
  ceilings: readonly Ceilings[] | undefined
): TrainingReferences {
  let imported: TrainingReferences['imported'] = null;
  if (source.kind === 'traintest') {
    const { data } = source;
    const n = (x: { userIdx: Int32Array }) => x.userIdx.length.toLocaleString('en-US');
    imported = {
      groups: importedFeatureGroups(data.space),
      splitNote: `the dataset's own split, as imported: ${n(data.train)} training and ${n(data.test)} test interactions${data.validation ? `, ${n(data.validation)} validation` : ''}.`
    };
  }
  const prepared = prepareTrainingData(source, { features: { customer: [], plan: [] } });
  const rows = [popularityRow(prepared.data)];
  const ceiling = prepared.split ? ceilingRow(ceilings, prepared.split) : null;
  if (ceiling) rows.push(ceiling);
  return { split: prepared.split, rows, imported };
}
