/**
 * What the Train page keeps across a reload: its choices (models ticked, their settings, seed,
 * backend…) in localStorage, read back through the validating parser of core/session, and which
 * runs this tab started (sessionStorage: the tab's session), so their cards and curves come back
 * from the stored runs.
 */
import { parseTrainSettings, type ParamValue, type TrainSettings } from '$lib/core/session/train-settings';
import type { BackendName } from '$lib/core/backend';
import type { LabRun } from '$lib/core/pipeline/run-record';
import type { RunView } from './training.svelte';
import { MODEL_CHOICES, defaultParams } from './model-choices';
import { defaultCores } from './cores';

const SETTINGS_KEY = 'telco-lab:train-settings';
const SESSION_RUNS_KEY = 'telco-lab:train-session-runs';

/** The Train page's choices before anyone changes them. */
export function defaultTrainSettings(): TrainSettings {
  return {
    selectedModels: ['warp', 'bpr', 'warp-kos', 'hybrid-deep'],
    params: Object.fromEntries(
      MODEL_CHOICES.map((m) => [m.loss, { ...defaultParams(m.loss) } as Record<string, ParamValue>])
    ),
    seed: 1,
    backend: 'auto',
    earlyStopping: false,
    curveOnTest: false,
    cores: defaultCores()
  };
}

/** The stored choices over `defaults`; damaged values keep their default, with a message. */
export function loadTrainSettings(defaults: TrainSettings): { settings: TrainSettings; problems: string[] } {
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(SETTINGS_KEY);
  } catch {
    // Storage switched off: the defaults stand.
  }
  if (raw === null) return { settings: defaults, problems: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = null;
  }
  return parseTrainSettings(parsed, defaults, 'The Train settings kept from your last visit');
}

export function saveTrainSettings(s: TrainSettings): void {
  try {
    localStorage.setItem(SETTINGS_KEY, JSON.stringify(s));
  } catch {
    // Full or switched off: the choices simply are not kept.
  }
}

export function sessionRunIds(): string[] {
  try {
    const ids = JSON.parse(sessionStorage.getItem(SESSION_RUNS_KEY) ?? '[]') as unknown;
    return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberSessionRun(id: string): void {
  const ids = sessionRunIds();
  if (ids.includes(id)) return;
  try {
    sessionStorage.setItem(SESSION_RUNS_KEY, JSON.stringify([...ids, id]));
  } catch {
    // Not kept: the card is gone after a reload, the stored run is not.
  }
}

/** A stored run as a finished run card, with its curve (validation P@5 per epoch). */
export function storedRunView(run: LabRun): RunView {
  const curve = run.curves.flatMap((h) =>
    h.validation?.['precision@5'] !== undefined
      ? [{ epoch: h.epoch, value: h.validation['precision@5'] }]
      : []
  );
  return {
    id: run.id,
    name: run.name,
    config: run.config,
    status: run.status,
    epoch: run.curves.length,
    epochs: run.curves.length,
    loss: run.curves.at(-1)?.loss,
    elapsedMs: run.fitMs,
    etaMs: 0,
    curve,
    metrics: run.status === 'done' ? run.metrics : undefined,
    evalSample: run.evalSample,
    error: run.error,
    backend: run.backend
      ? { backend: run.backend.backend as BackendName, reason: run.backend.reason, failed: [] }
      : undefined,
    engine: run.engine,
    ablation: run.ablation,
    curveSource: run.curveSource
  };
}
