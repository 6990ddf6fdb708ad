/**
 * The Train page's choices (models ticked, their settings, seed, backend, early stopping, curve
 * split) as plain data: kept across reloads and carried by a session file. Parsing never throws:
 * each damaged value keeps its default and adds a plain-words problem naming it; unknown keys
 * are ignored.
 */
export type ParamValue = number | string | boolean;

export interface TrainSettings {
  selectedModels: string[];
  /** Per model (by loss), its form fields. */
  params: Record<string, Record<string, ParamValue>>;
  seed: number;
  backend: string;
  earlyStopping: boolean;
  curveOnTest: boolean;
  /** Cores per run (batch-parallel.ts): a whole number ≥ 1; the page clamps it to what it offers. */
  cores: number;
}

export const TRAIN_BACKENDS = ['auto', 'webgl', 'wasm', 'cpu'] as const;

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * `raw` read over `defaults` (which fix the known models, their fields and each field's type).
 * `where` names the source in messages ("the stored Train settings", "the session file").
 */
export function parseTrainSettings(
  raw: unknown,
  defaults: TrainSettings,
  where: string
): { settings: TrainSettings; problems: string[] } {
  const settings = JSON.parse(JSON.stringify(defaults)) as TrainSettings;
  const problems: string[] = [];
  if (!isRecord(raw)) {
    problems.push(`${where} has no readable Train settings: the defaults were kept.`);
    return { settings, problems };
  }
  const bad = (what: string, got: unknown) =>
    problems.push(`${where}: ${what}, got ${JSON.stringify(got)}; the default was kept.`);
  const models = Object.keys(defaults.params);
  if ('selectedModels' in raw) {
    const s = raw.selectedModels;
    if (Array.isArray(s) && s.every((m) => typeof m === 'string' && models.includes(m)))
      settings.selectedModels = [...new Set(s as string[])];
    else bad(`the ticked models must be a list of ${models.join(', ')}`, s);
  }
  if ('params' in raw) {
    if (!isRecord(raw.params)) bad('the model settings must be an object', raw.params);
    else
      for (const [model, fields] of Object.entries(raw.params)) {
        const known = settings.params[model];
        if (!known || !isRecord(fields)) continue;
        for (const [k, v] of Object.entries(fields)) {
          if (!(k in known)) continue;
          const ok =
            typeof v === typeof known[k] && (typeof v !== 'number' || (Number.isFinite(v) && v >= 0));
          if (ok) known[k] = v as ParamValue;
          else
            bad(
              `${model}'s ${k} must be a ${typeof known[k] === 'number' ? 'number ≥ 0' : typeof known[k]}`,
              v
            );
        }
      }
  }
  if ('seed' in raw) {
    if (Number.isInteger(raw.seed)) settings.seed = raw.seed as number;
    else bad('the seed must be an integer', raw.seed);
  }
  if ('backend' in raw) {
    if ((TRAIN_BACKENDS as readonly unknown[]).includes(raw.backend))
      settings.backend = raw.backend as string;
    else bad(`the backend must be one of ${TRAIN_BACKENDS.join(', ')}`, raw.backend);
  }
  if ('cores' in raw) {
    if (Number.isInteger(raw.cores) && (raw.cores as number) >= 1) settings.cores = raw.cores as number;
    else bad('the cores per run must be a whole number of 1 or more', raw.cores);
  }
  for (const k of ['earlyStopping', 'curveOnTest'] as const) {
    if (!(k in raw)) continue;
    if (typeof raw[k] === 'boolean') settings[k] = raw[k];
    else bad(`${k} must be true or false`, raw[k]);
  }
  return { settings, problems };
}
