import type { SplitOptions } from '../data/split.ts';
import type { GroupSelection } from '../features/imported-groups.ts';
import { storedScoresLength, type LabRun } from '../pipeline/run-record.ts';
import { ranFullTensor } from '../model/engine.ts';
import { linkedOptions, type LinkedModel, type SessionLink } from './session-link.ts';

/**
 * Matching a session link against what is stored: which dataset is the link's recipe, and which
 * stored run is exactly a linked model (so opening a link trains only what is missing).
 */

/** The parts of a stored dataset's description a recipe needs. */
export interface DatasetDescription {
  kind: string;
  name: string;
  seed?: number;
  sizes: { customers: number };
}

/**
 * A generated dataset's recipe, or null when it was imported or renamed: only a dataset that
 * still has the generator's default name ("synthetic-<customers>-s<seed>") is known to be one.
 */
export function datasetRecipe(meta: DatasetDescription): { customers: number; seed: number } | null {
  if (meta.kind !== 'telco' || meta.seed === undefined) return null;
  return meta.name === `synthetic-${meta.sizes.customers}-s${meta.seed}`
    ? { customers: meta.sizes.customers, seed: meta.seed }
    : null;
}

const sorted = (xs: readonly string[] | undefined) => [...(xs ?? [])].sort().join(',');

/** Same groups and exclusions (order aside). Identity features are always on in the lab's runs. */
export function sameFeatures(a: GroupSelection | undefined, b: SessionLink['features']): boolean {
  return (
    a !== undefined &&
    sorted(a.customer) === sorted(b.customer) &&
    sorted(a.plan) === sorted(b.plan) &&
    sorted(a.exclude) === sorted(b.exclude)
  );
}

/** Splits compared with their defaults filled in (test share 0.2, no validation). */
export function sameSplit(a: SplitOptions | null | undefined, b: SplitOptions | null | undefined): boolean {
  const key = (s: SplitOptions | null | undefined) =>
    s ? `${s.kind}|${s.testFraction ?? 0.2}|${s.validationFraction ?? 0}|${s.seed ?? ''}` : '';
  return key(a) === key(b);
}

const optionsKey = (o: Record<string, unknown>) =>
  JSON.stringify(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

/** Whether a stored run is exactly the linked model on that dataset, with the scores an ensemble needs. */
export function isLinkedRun(run: LabRun, m: LinkedModel, link: SessionLink, datasetId: string): boolean {
  return (
    run.datasetId === datasetId &&
    run.status === 'done' &&
    run.manifest !== null &&
    !run.ablation &&
    storedScoresLength(run) > 0 &&
    run.manifest.seed === m.seed &&
    (run.manifest.cores ?? 1) === (m.cores ?? 1) &&
    ranFullTensor(run.engine) === (m.trainingPath === 'tensor') &&
    run.config.loss === m.loss &&
    optionsKey(linkedOptions(run.config)) === optionsKey(m.options) &&
    sameFeatures(run.features, link.features) &&
    sameSplit(run.split, link.split) &&
    (link.backend === 'auto' || run.backend?.backend === link.backend)
  );
}

/** What a link needs to know of each run it carries. */
export interface LinkableRun {
  name: string;
  features?: GroupSelection;
  split?: SplitOptions;
  backend?: { backend: string };
}

/**
 * Why these runs cannot travel in one link (a link carries one feature set, split and backend),
 * naming the first run that differs, how, and what to do; null when they can.
 */
export function linkMismatch(runs: readonly LinkableRun[]): string | null {
  const [first, ...rest] = runs;
  if (!first) return null;
  const features = {
    customer: [...(first.features?.customer ?? [])],
    plan: [...(first.features?.plan ?? [])],
    exclude: [...(first.features?.exclude ?? [])]
  } as SessionLink['features'];
  for (const r of rest) {
    const how: string[] = [];
    if (!sameFeatures(r.features, features)) how.push('features');
    if (!sameSplit(r.split, first.split)) how.push('split');
    if (r.backend?.backend !== first.backend?.backend)
      how.push(
        `backend (${r.backend?.backend ?? 'not recorded'}, not ${first.backend?.backend ?? 'not recorded'})`
      );
    if (how.length === 0) continue;
    return `"${r.name}" was trained with different ${how.join(' and ')} from "${first.name}", and a link carries one feature set, split and backend. To share, take "${r.name}" out of the ensemble (or show another model in the single-model view), or retrain it on the Train page with the same features, split and backend.`;
  }
  return null;
}
