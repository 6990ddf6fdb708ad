/** How the Impact tables print an estimate and its 95% interval (campaign and replay alike). */

/** A mean with its 95% interval. */
export interface Estimate {
  mean: number;
  ci: [number, number];
}

export type Format = (x: number) => string;

export const pct: Format = (x) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '–');
export const pp: Format = (x) =>
  Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)} pp` : '–';
export const money: Format = (x) => (Number.isFinite(x) ? x.toFixed(2) : '–');
/** money with a sign, for changes. */
export const signedMoney: Format = (x) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${x.toFixed(2)}` : '–');
/** "[lo, hi]" in the estimate's format. */
export const interval = (e: Estimate, f: Format): string => `[${f(e.ci[0])}, ${f(e.ci[1])}]`;
