import type { FactorWeights, FeatureSpace } from '../types.ts';
import { dot } from '../model/dot.ts';
import { representFloat64 } from '../model/representations.ts';
import { csrRow, representUser, userFeatureRow, type SparseRow } from './scoring.ts';

/**
 * Exact explanations. The model is bilinear in features:
 *   score(u,i) = Σ_f x_f β_f  +  Σ_g y_g β_g  +  Σ_f Σ_g x_f y_g (e_f · e_g)
 * with x = X_U[u,:], y = X_I[i,:]. So a score splits exactly into user-bias terms, item-bias
 * terms and feature-pair terms, which add up to the score (up to float rounding).
 */

export type ContributionKind = 'user-bias' | 'item-bias' | 'pair';

export interface Contribution {
  kind: ContributionKind;
  /** User feature column and name (null for item-bias terms). */
  userFeature: number | null;
  userFeatureName: string | null;
  itemFeature: number | null;
  itemFeatureName: string | null;
  /** Signed share of the score. */
  value: number;
}

export interface Explanation {
  /** The model's score, computed the ordinary way (b_u + b_i + p_u·q_i). */
  score: number;
  /** Σ of all contributions; equals `score` up to rounding. */
  total: number;
  /** Every term, largest |value| first. */
  contributions: Contribution[];
  /** Σ user-bias terms: shifts all plans equally, so it never changes the ranking. */
  userBias: number;
  itemBias: number;
  interaction: number;
}

export interface ExplainOptions {
  weights: FactorWeights;
  space: FeatureSpace;
  /** A known customer's row index, or a new customer's sparse user-feature row. */
  user: number | SparseRow;
  /** Plan (item) row index. */
  item: number;
  /** L1-normalise a SparseRow user first (as scoreFeatureRow does). Default true. */
  normalize?: boolean;
}

/** The exact split of score(user, item) into named contributions. Cost |x|·|y|·components. */
export function explainScore(opts: ExplainOptions): Explanation {
  const { weights, space, item } = opts;
  const d = weights.components;
  const x = userFeatureRow(space, weights, opts.user, opts.normalize ?? true);
  const y = csrRow(space.itemFeatures, item, 'item');
  const E = weights.userEmbeddings;
  const F = weights.itemEmbeddings;
  const term = (kind: ContributionKind, f: number | null, g: number | null, value: number): Contribution => ({
    kind,
    userFeature: f,
    userFeatureName: f === null ? null : (space.userFeatureNames[f] ?? null),
    itemFeature: g,
    itemFeatureName: g === null ? null : (space.itemFeatureNames[g] ?? null),
    value
  });
  const contributions: Contribution[] = [];
  let userBias = 0,
    itemBias = 0,
    interaction = 0;
  for (let a = 0; a < x.indices.length; a++) {
    const v = x.values[a] * weights.userBiases[x.indices[a]];
    userBias += v;
    contributions.push(term('user-bias', x.indices[a], null, v));
  }
  for (let b = 0; b < y.indices.length; b++) {
    const v = y.values[b] * weights.itemBiases[y.indices[b]];
    itemBias += v;
    contributions.push(term('item-bias', null, y.indices[b], v));
  }
  for (let a = 0; a < x.indices.length; a++) {
    const f = x.indices[a];
    for (let b = 0; b < y.indices.length; b++) {
      const g = y.indices[b];
      const v = x.values[a] * y.values[b] * dot(E, f * d, F, g * d, d);
      interaction += v;
      contributions.push(term('pair', f, g, v));
    }
  }
  contributions.sort((p, q) => Math.abs(q.value) - Math.abs(p.value));

  // The ordinary score, from summed representations, as an independent check of the split.
  const p = representUser(weights, x);
  const q = new Float64Array(d);
  const { itemEmbeddings, itemBiases } = weights;
  const bi = representFloat64(y.indices, y.values, 0, y.indices.length, itemEmbeddings, itemBiases, d, q, 0);
  const score = dot(p.vector, 0, q, 0, d, p.bias + bi);
  return { score, total: userBias + itemBias + interaction, contributions, userBias, itemBias, interaction };
}

export interface FeatureLabelContext {
  /** Identity column names of this customer and this plan, if any (they read as "own history"). */
  userIdentity?: string | null;
  itemIdentity?: string | null;
}

/** "segment:business" → "segment business"; "data_tier:heavy" → "data tier heavy". */
export function humaniseFeatureName(name: string): string {
  return name.replace(/[_:]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Identity column of a row: the feature named "<prefix>:<id>" (any prefix) among its columns. */
export function identityFeatureName(
  names: readonly string[],
  rowIndices: ArrayLike<number>,
  id: string
): string | null {
  for (let k = 0; k < rowIndices.length; k++) {
    const n = names[rowIndices[k]];
    if (n === id || n?.endsWith(':' + id)) return n;
  }
  return null;
}

export interface Phrase {
  text: string;
  value: number;
  kind: ContributionKind;
}

function fmt(v: number): string {
  return (v >= 0 ? '+' : '−') + Math.abs(v).toFixed(2);
}

/** One plain-words sentence for a contribution (plain text: render it as text, never as HTML). */
export function describeContribution(c: Contribution, ctx: FeatureLabelContext = {}): string {
  const userOwn = c.userFeatureName !== null && c.userFeatureName === ctx.userIdentity;
  const itemOwn = c.itemFeatureName !== null && c.itemFeatureName === ctx.itemIdentity;
  const uf = c.userFeatureName === null ? '' : humaniseFeatureName(c.userFeatureName);
  const itf = c.itemFeatureName === null ? '' : humaniseFeatureName(c.itemFeatureName);
  const up = c.value >= 0;
  switch (c.kind) {
    case 'user-bias':
      return `${userOwn ? "This customer's own history" : `Customers with ${uf}`} shift every plan's score equally (${fmt(c.value)}); this never changes the order`;
    case 'item-bias':
      return `${itemOwn ? 'This plan is' : `Plans with ${itf} are`} ${up ? 'more' : 'less'} popular overall (${fmt(c.value)})`;
    case 'pair': {
      const who = userOwn ? "This customer's own history" : `Customers with ${uf}`;
      const what = itemOwn ? 'this plan' : `plans with ${itf}`;
      return `${who} ${userOwn ? (up ? 'favours' : 'counts against') : up ? 'tend to take' : 'tend to avoid'} ${what} (${fmt(c.value)})`;
    }
  }
}

export interface ExplanationPhrasesOptions {
  explanation: Explanation;
  /** How many of the largest terms to phrase. Default 3. */
  top?: number;
  /** Leave out user-bias terms (they never change the ranking). Default true. */
  skipUserBias?: boolean;
  context?: FeatureLabelContext;
}

/** The largest contributions as sentences, plus a remainder line when terms were left out. */
export function explanationPhrases(opts: ExplanationPhrasesOptions): Phrase[] {
  const top = opts.top ?? 3;
  const skip = opts.skipUserBias ?? true;
  const terms = opts.explanation.contributions.filter((c) => !(skip && c.kind === 'user-bias'));
  const shown = terms.slice(0, top);
  const phrases: Phrase[] = shown.map((c) => ({
    text: describeContribution(c, opts.context),
    value: c.value,
    kind: c.kind
  }));
  const rest = terms.slice(top).reduce((s, c) => s + c.value, 0);
  if (terms.length > top) {
    phrases.push({
      text: `${terms.length - top} smaller effects together (${fmt(rest)})`,
      value: rest,
      kind: 'pair'
    });
  }
  return phrases;
}
