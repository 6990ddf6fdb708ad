import type { SplitOptions } from '../data/split.ts';
import { DEFAULT_TENURE_POLICY, type TenurePolicy } from '../recommend/cold-start.ts';
import { isSessionLink, parseSessionLink, type LinkedModel } from './session-link.ts';

/** The session link version each file version's cold-start model was written under. */
const LINK_VERSION_OF_FILE: Record<number, number> = { 1: 1, 2: 2 };

/**
 * A session file: what a link carries (the link itself, so one parser validates both) plus what
 * does not fit in a URL: the Train page's choices, the cold-start model, top N and the tenure
 * policy. The Train choices stay opaque here (train-settings.ts reads them against the page's
 * defaults). Parsing never throws: unknown keys are ignored, a damaged value keeps its default
 * and adds a plain-words problem naming it.
 */
export const SESSION_FILE_FORMAT = 'telco-recommender-lab/session';
export const SESSION_FILE_VERSION = 2;

/** The cold-start model, as a link names a model, with the split it was trained on. */
export interface ColdModelRef extends LinkedModel {
  split: SplitOptions | null;
}

export interface SessionFile {
  /** The session link's hash (without '#'). */
  link: string;
  topN: number;
  policy: TenurePolicy;
  coldModel: ColdModelRef | null;
  /** The Train page's choices, read by parseTrainSettings; null when the file carries none. */
  train: unknown;
}

export function formatSessionFile(f: SessionFile): string {
  return JSON.stringify({ format: SESSION_FILE_FORMAT, version: SESSION_FILE_VERSION, ...f }, null, 2);
}

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

export function parseSessionFile(text: string): { file: SessionFile | null; problems: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { file: null, problems: ['This file is not a session file: it is not readable JSON.'] };
  }
  if (!isRecord(raw) || raw.format !== SESSION_FILE_FORMAT)
    return {
      file: null,
      problems: [`This file is not a session file (its "format" is not "${SESSION_FILE_FORMAT}").`]
    };
  if (typeof raw.link !== 'string' || !isSessionLink(raw.link))
    return { file: null, problems: ['This session file carries no session link: nothing to open.'] };
  const problems: string[] = [];
  const linkVersion = LINK_VERSION_OF_FILE[raw.version as number];
  if (linkVersion === undefined)
    problems.push(
      `This session file is version ${JSON.stringify(raw.version)}; this lab reads versions ${Object.keys(LINK_VERSION_OF_FILE).join(' and ')}. What it could read is used.`
    );
  const bad = (what: string, got: unknown) =>
    problems.push(`The session file's ${what}, got ${JSON.stringify(got)}; the default was kept.`);
  const file: SessionFile = {
    link: raw.link,
    topN: 5,
    policy: { ...DEFAULT_TENURE_POLICY },
    coldModel: null,
    train: raw.train ?? null
  };
  if ('topN' in raw) {
    const n = raw.topN;
    if (Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 50) file.topN = n as number;
    else bad('top N must be a whole number from 1 to 50', n);
  }
  if ('policy' in raw) file.policy = parsePolicy(raw.policy, bad);
  if (isRecord(raw.coldModel))
    file.coldModel = parseColdModel(raw.coldModel, linkVersion ?? SESSION_FILE_VERSION, bad);
  else if (raw.coldModel !== undefined && raw.coldModel !== null)
    bad('cold-start model must be an object', raw.coldModel);
  return { file, problems };
}

function parsePolicy(raw: unknown, bad: (what: string, got: unknown) => void): TenurePolicy {
  const p = { ...DEFAULT_TENURE_POLICY };
  if (!isRecord(raw)) {
    bad('tenure policy must be an object', raw);
    return p;
  }
  const read = { ...p };
  for (const k of Object.keys(p) as (keyof TenurePolicy)[]) {
    if (!(k in raw)) continue;
    const v = raw[k];
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) read[k] = v;
    else bad(`tenure policy's ${k} must be a number ≥ 0`, v);
  }
  if (read.contentOnlyUntilDay > read.blendUntilDay || read.blendContentShare > 1) {
    bad('tenure policy must have content-only days ≤ blend days and a content share from 0 to 1', raw);
    return p;
  }
  return read;
}

/** Read through the link parser (one model, one split), so a file and a link agree on what is valid. */
function parseColdModel(
  raw: Record<string, unknown>,
  linkVersion: number,
  bad: (what: string, got: unknown) => void
): ColdModelRef | null {
  const options = isRecord(raw.options) ? raw.options : {};
  const model = [
    raw.loss,
    raw.seed,
    ...Object.entries(options).map(([k, v]) => `${k}:${v}`),
    ...(raw.cores !== undefined ? [`cores:${raw.cores}`] : []),
    ...(raw.trainingPath !== undefined ? [`path:${raw.trainingPath}`] : [])
  ].join(',');
  const s = isRecord(raw.split) ? raw.split : null;
  const split = s
    ? [s.kind, s.testFraction ?? '', s.seed ?? '', s.validationFraction ?? ''].join(',').replace(/,+$/, '')
    : null;
  const hash = `v=${linkVersion}&m=${encodeURIComponent(model)}${split ? `&split=${encodeURIComponent(split)}` : ''}`;
  const { state, problems } = parseSessionLink(hash);
  if (state.models.length !== 1 || problems.length > 0) {
    bad(`cold-start model is not readable (${problems.join(' ')})`, raw);
    return null;
  }
  return { ...state.models[0], split: state.split };
}
