/**
 * How spread out the offers are over the catalogue: a policy that offers the same three plans
 * to everybody covers little of it and concentrates; one that tailors offers covers more.
 */
export interface OfferConcentration {
  /** Share of plans offered to at least one customer. */
  coverage: number;
  /** Herfindahl index of the offer shares: 1/nPlans (even) … 1 (one plan only). */
  hhi: number;
  /** Share of all offers taken by the three most-offered plans. */
  top3Share: number;
}

export function offerConcentration(offerShare: readonly number[]): OfferConcentration {
  const n = offerShare.length;
  const total = offerShare.reduce((a, b) => a + b, 0);
  if (n === 0 || !(total > 0)) return { coverage: 0, hhi: 0, top3Share: 0 };
  const shares = offerShare.map((s) => s / total);
  return {
    coverage: shares.filter((s) => s > 0).length / n,
    hhi: shares.reduce((a, s) => a + s * s, 0),
    top3Share: [...shares]
      .sort((a, b) => b - a)
      .slice(0, 3)
      .reduce((a, b) => a + b, 0)
  };
}
