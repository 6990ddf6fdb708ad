import { explanationPhrases, type FeatureLabelContext } from './explain.ts';
import type { ModelExplanation } from './tower-scoring.ts';

/**
 * What the "why this plan" panel lists: the largest feature-pair and plan terms in plain words,
 * one line for the rest, one for the customer's own baseline (user-bias terms, equal for every
 * plan), and for Hybrid Deep one for the tower residual. The lines add up to the model's score.
 */
export interface ExplanationLine {
  text: string;
  value: number;
  kind: 'term' | 'rest' | 'baseline' | 'tower';
}

export interface ExplanationLinesResult {
  lines: ExplanationLine[];
  /** Σ of the lines' values. */
  sum: number;
  /** The model's own score (computed the ordinary way): `sum` equals it up to float rounding. */
  score: number;
}

export function explanationLines(opts: { explanation: ModelExplanation; top?: number; context?: FeatureLabelContext }): ExplanationLinesResult {
  const e = opts.explanation;
  const phrases = explanationPhrases({ explanation: e, top: opts.top ?? 4, skipUserBias: true, context: opts.context });
  const lines: ExplanationLine[] = phrases.map((p, k) => ({
    text: p.text,
    value: p.value,
    kind: k >= (opts.top ?? 4) ? 'rest' : 'term'
  }));
  if (e.contributions.some((c) => c.kind === 'user-bias')) {
    lines.push({ text: "This customer's baseline (the same for every plan, so it never changes the order)", value: e.userBias, kind: 'baseline' });
  }
  if (e.towerResidual !== 0) {
    lines.push({ text: 'Non-linear tower residual (what the deep layers add on top of the feature pairs)', value: e.towerResidual, kind: 'tower' });
  }
  let sum = 0;
  for (const l of lines) sum += l.value;
  return { lines, sum, score: e.modelScore };
}
