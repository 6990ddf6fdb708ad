/**
 * How a person tells runs apart: "WARP · seed 3 · 14:02 · #a1b2" (plus the split when it is not
 * the standard random 80/20). Every page labels runs with these functions, so two runs of the
 * same model never read "WARP" twice, and the same run reads the same everywhere. Pages key
 * rows, series and options by run id; the label is only what is shown.
 */
import { isStandardSplit, splitShortLabel } from '../data/split-label.ts';
import { TRAINED_ELSEWHERE } from './factors-info.ts';
import type { LabRun } from './run-record.ts';

/** What a label is made of; a live run (not stored yet) may lack the time, seed or split. */
export type LabelledRun = Pick<LabRun, 'id' | 'name'> &
  Partial<Pick<LabRun, 'createdAt' | 'split' | 'manifest'>> & { seed?: number };

export interface RunLabelOptions {
  /** "Now", to decide whether the date is needed beside the time. Default Date.now(). */
  now?: number;
  /** Characters of the short id. Default 4. */
  idLength?: number;
}

/** FNV-1a of the id, in base 36: a short, stable tag that differs between runs started in the same millisecond. */
export function shortRunId(id: string, length = 4): string {
  let h = 0x811c9dc5;
  let out = '';
  for (let round = 0; out.length < length; round++) {
    for (let k = 0; k < id.length; k++) {
      h ^= id.charCodeAt(k);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    h = Math.imul(h ^ round, 0x01000193) >>> 0;
    out += h.toString(36).padStart(7, '0').slice(-7);
  }
  return out.slice(0, length);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** Local time "14:02"; "29 Nov 14:02" on another day; with the year in another year. */
export function formatRunTime(at: number, now = Date.now()): string {
  const d = new Date(at);
  const n = new Date(now);
  const time = `${two(d.getHours())}:${two(d.getMinutes())}`;
  const sameDay =
    d.getFullYear() === n.getFullYear() && d.getMonth() === n.getMonth() && d.getDate() === n.getDate();
  if (sameDay) return time;
  const year = d.getFullYear() === n.getFullYear() ? '' : ` ${d.getFullYear()}`;
  return `${d.getDate()} ${MONTHS[d.getMonth()]}${year} ${time}`;
}

/** The run's training seed: stored on the run, else in its model manifest. */
export function runSeed(run: LabelledRun): number | undefined {
  // Factors imported from elsewhere have no seed of ours to show.
  if (run.manifest?.backend === TRAINED_ELSEWHERE) return undefined;
  return run.seed ?? run.manifest?.seed;
}

/** One run's label: name · split (when not the standard one) · seed · time · #short id. */
export function runLabel(run: LabelledRun, opts: RunLabelOptions = {}): string {
  const parts = [run.name];
  if (!isStandardSplit(run.split)) parts.push(splitShortLabel(run.split));
  const seed = runSeed(run);
  if (seed !== undefined) parts.push(`seed ${seed}`);
  if (run.createdAt !== undefined) parts.push(formatRunTime(run.createdAt, opts.now));
  parts.push(`#${shortRunId(run.id, opts.idLength ?? 4)}`);
  return parts.join(' · ');
}

/**
 * Labels for a list of runs, by id, guaranteed distinct: where two labels still coincide
 * (a short-id clash), the longer id tells them apart.
 */
export function runLabels(runs: readonly LabelledRun[], opts: RunLabelOptions = {}): Map<string, string> {
  const labels = new Map<string, string>();
  const byLabel = new Map<string, string[]>();
  for (const r of runs) {
    const label = runLabel(r, opts);
    labels.set(r.id, label);
    byLabel.set(label, [...(byLabel.get(label) ?? []), r.id]);
  }
  for (const ids of byLabel.values()) {
    if (ids.length < 2) continue;
    for (const id of ids)
      labels.set(
        id,
        runLabel(
          runs.find((r) => r.id === id)!,
          { ...opts, idLength: 10 }
        )
      );
  }
  return labels;
}
