import { explanationPhrases, type FeatureLabelContext } from './explain.ts';
import { describeGroup, groupContributions, type CustomerGrouper } from './explain-groups.ts';
import type { ModelExplanation } from './tower-scoring.ts';

/**
 * What the "why this plan" panel lists: the feature-pair and plan terms summed per customer
 * feature group (segment, account, usage…) with the plan's popularity as one part, in plain
 * words; one line for any groups beyond `maxGroups`; one for the customer's own baseline
 * (user-bias terms, equal for every plan), and for Hybrid Deep one for the tower residual.
 * The lines add up to the model's score. `grouped: false` lists the largest single terms instead.
 */
export interface ExplanationLine {
  text: string;
  value: number;
  kind: 'term' | 'rest' | 'baseline' | 'tower';
  /** A short name for a chart axis (grouped lines have one); fall back to `text`. */
  label?: string;
}

export interface ExplanationLinesResult {
  lines: ExplanationLine[];
  /** Σ of the lines' values. */
  sum: number;
  /** The model's own score (computed the ordinary way): `sum` equals it up to float rounding. */
  score: number;
}

export interface ExplanationLinesOptions {
  explanation: ModelExplanation;
  /** Ungrouped only: how many of the largest single terms to name. Default 4. */
  top?: number;
  context?: FeatureLabelContext;
  /** Sum terms per feature group (default true); false lists single terms as before. */
  grouped?: boolean;
  /** Grouped only: groups named before the rest are summed in one line. Default 8. */
  maxGroups?: number;
  /** Grouped only: the customer feature groups (default: the synthetic catalogue, else name prefixes). */
  grouper?: CustomerGrouper;
}

function termLines(opts: ExplanationLinesOptions): ExplanationLine[] {
  const top = opts.top ?? 4;
  const phrases = explanationPhrases({
    explanation: opts.explanation,
    top,
    skipUserBias: true,
    context: opts.context
  });
  return phrases.map((p, k) => ({ text: p.text, value: p.value, kind: k >= top ? 'rest' : 'term' }));
}

function groupLines(opts: ExplanationLinesOptions): ExplanationLine[] {
  const max = opts.maxGroups ?? 8;
  const groups = groupContributions(opts.explanation, { context: opts.context, grouper: opts.grouper });
  const lines: ExplanationLine[] = groups
    .slice(0, max)
    .map((g) => ({ ...describeGroup(g, opts.context), value: g.value, kind: 'term' }));
  if (groups.length > max) {
    const rest = groups.slice(max).reduce((s, g) => s + g.value, 0);
    lines.push({
      text: `${groups.length - max} smaller groups together (${(rest >= 0 ? '+' : '−') + Math.abs(rest).toFixed(2)})`,
      label: 'Smaller groups',
      value: rest,
      kind: 'rest'
    });
  }
  return lines;
}

export function explanationLines(opts: ExplanationLinesOptions): ExplanationLinesResult {
  const e = opts.explanation;
  const lines = (opts.grouped ?? true) ? groupLines(opts) : termLines(opts);
  if (e.contributions.some((c) => c.kind === 'user-bias')) {
    lines.push({
      text: "This customer's baseline (the same for every plan, so it never changes the order)",
      label: 'Baseline (same for every plan)',
      value: e.userBias,
      kind: 'baseline'
    });
  }
  if (e.towerResidual !== 0) {
    lines.push({
      text: 'Non-linear tower residual (what the deep layers add on top of the feature pairs)',
      label: 'Tower residual',
      value: e.towerResidual,
      kind: 'tower'
    });
  }
  let sum = 0;
  for (const l of lines) sum += l.value;
  return { lines, sum, score: e.modelScore };
}
