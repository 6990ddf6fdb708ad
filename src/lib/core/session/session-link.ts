import { BUNDLES, SEGMENTS } from '../data/schema.ts';
import type { SplitKind, SplitOptions } from '../data/split.ts';
import { CUSTOMER_GROUPS, type CustomerGroup } from '../features/customer-features.ts';
import { PLAN_GROUPS, type PlanGroup } from '../features/plan-features.ts';
import {
  LOSSES,
  resolveConfig,
  type LossName,
  type ModelConfig,
  type ModelConfigInput
} from '../model/config.ts';
import type { ColdStartProfile } from '../recommend/content-rules.ts';

/**
 * A whole Recommend session in the URL hash, as TensorFlow Playground keeps its state: a typed
 * list of properties (PROPERTIES below), each with a key, a parser and a formatter. Everything in
 * the lab is seeded, so a generated dataset's recipe (customers, seed), the feature selection,
 * the models with their settings and seeds, and the view state reproduce the same numbers.
 * Parsing never throws: unknown keys are ignored, and a damaged value leaves its default in place
 * and adds a plain-words problem naming the key.
 */
export type LinkView = 'single' | 'ensemble' | 'cold';
export type LinkBackend = 'auto' | 'webgl' | 'wasm' | 'cpu';

export interface LinkedModel {
  loss: LossName;
  /** Options that differ from resolveConfig's defaults (so links stay short). */
  options: Record<string, number | string | boolean>;
  /** Training seed. */
  seed: number;
  /** Cores the batches were split across (TrainedModel.cores); absent: one. */
  cores?: number;
  /**
   * 'tensor' when WARP's or BPR's batches ran on TF.js's full-tensor path (chosen by timing on
   * the sender's GPU); absent: the WebAssembly kernel. A restore forces the same path, so the
   * same seed gives the same numbers on a machine whose timing would choose the other one.
   */
  trainingPath?: 'tensor';
}

export interface SessionLink {
  /** The generated dataset's recipe; null when the link carries none. */
  dataset: { customers: number; seed: number } | null;
  /** An imported dataset, by name: the link works where a dataset of that name is stored. */
  datasetName: string | null;
  features: { customer: CustomerGroup[]; plan: PlanGroup[]; exclude: string[] };
  /** null: the default split (random 80/20 with the dataset's seed). */
  split: SplitOptions | null;
  /** The backend the models were trained on: same seed + backend → same numbers. */
  backend: LinkBackend;
  models: LinkedModel[];
  /** Ensemble weight per model (same order); empty: every model weighs 1. */
  weights: number[];
  normalisation: 'zscore' | 'rank';
  view: LinkView;
  /** Which model the single-model view shows (index into models). */
  single: number;
  /** Customer id. */
  customer: string | null;
  lambda: number;
  profile: ColdStartProfile | null;
}

export interface ParsedSessionLink {
  state: SessionLink;
  /** One plain-words line per damaged value (the default was kept). */
  problems: string[];
}

export const SESSION_LINK_VERSION = 2;

/**
 * Options whose defaults changed since an older link version, with the defaults that version's
 * links were made under: a link leaves default options out, so reading an old link with today's
 * defaults would retrain a different model. Version 1: Hybrid Deep trained both towers, 32 wide.
 */
const DEFAULTS_BEFORE: Record<number, Partial<Record<string, Record<string, number | boolean>>>> = {
  1: { 'hybrid-deep': { hidden: 32, itemTower: true } }
};
const READABLE_VERSIONS = [1, SESSION_LINK_VERSION];

export function defaultSessionLink(): SessionLink {
  return {
    dataset: null,
    datasetName: null,
    features: { customer: [...CUSTOMER_GROUPS], plan: [...PLAN_GROUPS], exclude: [] },
    split: null,
    backend: 'auto',
    models: [],
    weights: [],
    normalisation: 'zscore',
    view: 'ensemble',
    single: 0,
    customer: null,
    lambda: 0,
    profile: null
  };
}

/** A bad value: the message says what was expected. */
class LinkValueError extends Error {}

function num(raw: string, what: string, ok: (x: number) => boolean = Number.isFinite): number {
  const x = raw.trim() === '' ? NaN : Number(raw);
  if (!ok(x)) throw new LinkValueError(`${what}, got "${raw}"`);
  return x;
}
const isInt = (x: number) => Number.isInteger(x);
const oneOf = <T extends string>(raw: string, options: readonly T[], what: string): T => {
  if (!(options as readonly string[]).includes(raw))
    throw new LinkValueError(`${what} must be one of ${options.join(', ')}, got "${raw}"`);
  return raw as T;
};
const list = (raw: string) => (raw === '' ? [] : raw.split(','));

/** One model: "<loss>,<seed>,<option>:<value>,…" (options as in ModelConfigInput). */
function parseModel(raw: string, version: number): LinkedModel {
  const [loss, seed, ...pairs] = raw.split(',');
  const l = oneOf(loss, LOSSES, 'the loss');
  const s = num(seed ?? '', 'the seed must be an integer', isInt);
  const options: Record<string, number | string | boolean> = { ...DEFAULTS_BEFORE[version]?.[l] };
  const known = Object.keys(resolveConfig({ loss: l } as ModelConfigInput));
  let cores: number | undefined;
  let tensorPath = false;
  for (const pair of pairs) {
    const [k, v] = pair.split(':');
    if (k === 'cores') {
      cores = num(v ?? '', 'the cores must be a whole number of 1 or more', (x) => isInt(x) && x >= 1);
      continue;
    }
    if (k === 'path') {
      if (v !== 'tensor') throw new LinkValueError(`the training path must be "tensor", got "${v}"`);
      tensorPath = true;
      continue;
    }
    if (!known.includes(k) || v === undefined)
      throw new LinkValueError(
        `"${pair}" is not a ${l} option (${known.filter((x) => x !== 'loss').join(', ')})`
      );
    options[k] =
      v === 'true'
        ? true
        : v === 'false'
          ? false
          : Number.isFinite(Number(v)) && v.trim() !== ''
            ? Number(v)
            : v;
  }
  try {
    resolveConfig({ loss: l, ...options } as ModelConfigInput);
  } catch (err) {
    throw new LinkValueError(err instanceof Error ? err.message : String(err));
  }
  return {
    loss: l,
    options,
    seed: s,
    ...(cores && cores > 1 ? { cores } : {}),
    ...(tensorPath ? { trainingPath: 'tensor' as const } : {})
  };
}

function formatModel(m: LinkedModel): string {
  return [
    m.loss,
    String(m.seed),
    ...Object.entries(m.options).map(([k, v]) => `${k}:${v}`),
    ...(m.cores && m.cores > 1 ? [`cores:${m.cores}`] : []),
    ...(m.trainingPath === 'tensor' ? ['path:tensor'] : [])
  ].join(',');
}

const PROFILE_NUMBERS = [
  'dataGb',
  'voiceMinutes',
  'sms',
  'priceSensitivity',
  'budget',
  'lines',
  'daysSinceJoining'
] as const;

function parseProfile(raw: string): ColdStartProfile {
  const p: Record<string, unknown> = { bundles: [] };
  for (const pair of raw.split(',')) {
    const [k, v = ''] = pair.split(':');
    if (k === 'segment') p.segment = oneOf(v, SEGMENTS, 'the profile segment');
    else if (k === 'bundles')
      p.bundles = v === '' ? [] : v.split('+').map((b) => oneOf(b, BUNDLES, 'a profile bundle'));
    else if ((PROFILE_NUMBERS as readonly string[]).includes(k))
      p[k] = num(v, `the profile's ${k} must be a number ≥ 0`, (x) => Number.isFinite(x) && x >= 0);
  }
  for (const k of ['segment', 'dataGb', 'voiceMinutes', 'sms', 'lines', 'daysSinceJoining']) {
    if (p[k] === undefined) throw new LinkValueError(`the profile lacks ${k}`);
  }
  if (!((p.lines as number) >= 1 && isInt(p.lines as number)))
    throw new LinkValueError(`the profile's lines must be a whole number ≥ 1, got ${p.lines}`);
  return p as unknown as ColdStartProfile;
}

function formatProfile(p: ColdStartProfile): string {
  const parts = [`segment:${p.segment}`];
  for (const k of PROFILE_NUMBERS) if (p[k] !== undefined) parts.push(`${k}:${p[k]}`);
  parts.push(`bundles:${p.bundles.join('+')}`);
  return parts.join(',');
}

/** One typed property of the link: its key, how to read it into the state and how to write it. */
interface Property {
  key: string;
  /** Several values under the same key (one per model). */
  repeated?: boolean;
  parse(values: string[], s: SessionLink): void;
  /** Values to write; an empty array leaves the key out. */
  format(s: SessionLink): string[];
}

const SPLIT_KINDS: readonly SplitKind[] = ['random', 'temporal', 'cold_start'];

export const PROPERTIES: readonly Property[] = [
  {
    key: 'data',
    parse: ([v], s) => {
      const [c, seed] = v.split(',');
      s.dataset = {
        customers: num(
          c,
          'the dataset size must be a whole number of customers from 100 to 1000000',
          (x) => isInt(x) && x >= 100 && x <= 1_000_000
        ),
        seed: num(seed ?? '', 'the dataset seed must be an integer', isInt)
      };
    },
    format: (s) => (s.dataset ? [`${s.dataset.customers},${s.dataset.seed}`] : [])
  },
  {
    key: 'dsname',
    parse: ([v], s) => (s.datasetName = v === '' ? null : v),
    format: (s) => (s.datasetName ? [s.datasetName] : [])
  },
  {
    key: 'fc',
    parse: ([v], s) =>
      (s.features.customer = list(v).map((g) => oneOf(g, CUSTOMER_GROUPS, 'a customer feature group'))),
    format: (s) => [s.features.customer.join(',')]
  },
  {
    key: 'fp',
    parse: ([v], s) => (s.features.plan = list(v).map((g) => oneOf(g, PLAN_GROUPS, 'a plan feature group'))),
    format: (s) => [s.features.plan.join(',')]
  },
  {
    key: 'fx',
    parse: ([v], s) => (s.features.exclude = list(v)),
    format: (s) => (s.features.exclude.length ? [s.features.exclude.join(',')] : [])
  },
  {
    key: 'split',
    parse: ([v], s) => {
      // kind,testFraction,seed,validationFraction (empty: the default)
      const [kind, test, seed, validation] = v.split(',');
      const split: SplitOptions = { kind: oneOf(kind, SPLIT_KINDS, 'the split') };
      if (test)
        split.testFraction = num(test, 'the test share must be between 0 and 1', (x) => x > 0 && x < 1);
      if (seed) split.seed = num(seed, 'the split seed must be an integer', isInt);
      if (validation)
        split.validationFraction = num(
          validation,
          'the validation share must be between 0 and 1',
          (x) => x >= 0 && x < 1
        );
      s.split = split;
    },
    format: (s) =>
      s.split
        ? [
            [s.split.kind, s.split.testFraction ?? '', s.split.seed ?? '', s.split.validationFraction ?? '']
              .join(',')
              .replace(/,+$/, '')
          ]
        : []
  },
  {
    key: 'backend',
    parse: ([v], s) => (s.backend = oneOf(v, ['auto', 'webgl', 'wasm', 'cpu'] as const, 'the backend')),
    format: (s) => [s.backend]
  },
  { key: 'm', repeated: true, parse: () => undefined, format: (s) => s.models.map(formatModel) },
  {
    key: 'w',
    parse: ([v], s) =>
      (s.weights = list(v).map((w) =>
        num(w, 'weights must be numbers from 0 to 1', (x) => x >= 0 && x <= 1)
      )),
    format: (s) => (s.weights.length ? [s.weights.join(',')] : [])
  },
  {
    key: 'norm',
    parse: ([v], s) => (s.normalisation = oneOf(v, ['zscore', 'rank'] as const, 'the normalisation')),
    format: (s) => [s.normalisation]
  },
  {
    key: 'view',
    parse: ([v], s) => (s.view = oneOf(v, ['single', 'ensemble', 'cold'] as const, 'the view')),
    format: (s) => [s.view]
  },
  {
    key: 'single',
    parse: ([v], s) =>
      (s.single = num(v, 'the single-model index must be a whole number ≥ 0', (x) => isInt(x) && x >= 0)),
    format: (s) => (s.single ? [String(s.single)] : [])
  },
  {
    key: 'customer',
    parse: ([v], s) => (s.customer = v === '' ? null : v),
    format: (s) => (s.customer ? [s.customer] : [])
  },
  {
    key: 'lambda',
    parse: ([v], s) => (s.lambda = num(v, 'λ must be a number ≥ 0', (x) => Number.isFinite(x) && x >= 0)),
    format: (s) => (s.lambda ? [String(s.lambda)] : [])
  },
  {
    key: 'profile',
    parse: ([v], s) => (s.profile = parseProfile(v)),
    format: (s) => (s.profile ? [formatProfile(s.profile)] : [])
  }
];

// Readable links: keep the separators this format uses unescaped.
const enc = (v: string) =>
  encodeURIComponent(v).replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%2B/g, '+');

/** The hash (without '#') that carries `s`. */
export function formatSessionLink(s: SessionLink): string {
  const parts = [`v=${SESSION_LINK_VERSION}`];
  for (const p of PROPERTIES) for (const v of p.format(s)) parts.push(`${p.key}=${enc(v)}`);
  return parts.join('&');
}

/** Whether a hash looks like a session link at all (so a page can ignore other anchors). */
export function isSessionLink(hash: string): boolean {
  return /^#?v=\d+(&|$)/.test(hash);
}

export function parseSessionLink(hash: string): ParsedSessionLink {
  const state = defaultSessionLink();
  const problems: string[] = [];
  const values = new Map<string, string[]>();
  for (const part of hash.replace(/^#/, '').split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    let value: string;
    try {
      value = decodeURIComponent(eq < 0 ? '' : part.slice(eq + 1));
    } catch {
      problems.push(`The link's "${key}" is not readable (bad %-encoding): it was ignored.`);
      continue;
    }
    values.set(key, [...(values.get(key) ?? []), value]);
  }
  const v = values.get('v')?.[0];
  const version = READABLE_VERSIONS.find((n) => String(n) === v) ?? SESSION_LINK_VERSION;
  if (!READABLE_VERSIONS.some((n) => String(n) === v)) {
    problems.push(
      `This link is version ${v ?? '(none)'}; this lab reads versions ${READABLE_VERSIONS.join(' and ')}. What it could read is used.`
    );
  }
  for (const p of PROPERTIES) {
    const v = values.get(p.key);
    if (!v) continue;
    if (p.key === 'm') {
      v.forEach((raw, k) => {
        try {
          state.models.push(parseModel(raw, version));
        } catch (err) {
          problems.push(`Model ${k + 1} in the link ("${raw}") was left out: ${(err as Error).message}.`);
        }
      });
      continue;
    }
    const backup = JSON.parse(JSON.stringify(state)) as SessionLink;
    try {
      p.parse(v, state);
    } catch (err) {
      if (!(err instanceof LinkValueError)) throw err;
      Object.assign(state, backup);
      problems.push(`The link's "${p.key}" was not used (${err.message}); the default was kept.`);
    }
  }
  if (state.weights.length > 0 && state.weights.length !== state.models.length) {
    problems.push(
      `The link has ${state.weights.length} ensemble weights for ${state.models.length} models: every model weighs 1 instead.`
    );
    state.weights = [];
  }
  if (state.single >= Math.max(1, state.models.length)) {
    problems.push(
      `The link's single-model index ${state.single} is past its ${state.models.length} models: the first is shown.`
    );
    state.single = 0;
  }
  return { state, problems };
}

/** The options of a (resolved or partial) config that differ from the defaults, for a link. */
export function linkedOptions(
  config: ModelConfig | ModelConfigInput
): Record<string, number | string | boolean> {
  const defaults = resolveConfig({ loss: config.loss } as ModelConfigInput) as unknown as Record<
    string,
    unknown
  >;
  const out: Record<string, number | string | boolean> = {};
  for (const [k, v] of Object.entries(config)) {
    if (k === 'loss' || v === undefined || !(k in defaults) || defaults[k] === v) continue;
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}
