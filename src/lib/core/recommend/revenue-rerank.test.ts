import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng.ts';
import { evaluateRanking } from '../eval/metrics.ts';
import { normalisedPrices, rerankReport, revenueRerank } from './revenue-rerank.ts';
import { topN } from './scoring.ts';
import { interactions as inter } from '../model/synthetic-fixture.ts';

describe('revenue re-ranking', () => {
  const rng = createRng(9);
  const nUsers = 300,
    nItems = 12;
  const scores = new Float32Array(nUsers * nItems).map(() => rng.normal());
  const prices = Array.from({ length: nItems }, (_, i) => 10 + 7 * ((i * 5) % nItems));
  const train = inter(Array.from({ length: nUsers }, (_, u) => [u, u % nItems] as [number, number]));
  const test = inter(
    Array.from({ length: nUsers }, (_, u) => [u, (u + 1 + (u % 5)) % nItems] as [number, number])
  );

  it('scales prices to [0, 1]', () => {
    expect([...normalisedPrices([10, 20, 30])]).toEqual([0, 0.5, 1]);
    expect([...normalisedPrices([5, 5])]).toEqual([0, 0]);
  });
  it('λ = 0 keeps the model’s ranking; a huge λ sorts by price', () => {
    const r0 = revenueRerank({ scores, nItems, prices, lambda: 0 });
    expect(evaluateRanking({ nItems, scores: Float32Array.from(r0), train, test }).metrics).toEqual(
      evaluateRanking({ nItems, scores, train, test }).metrics
    );
    const rBig = revenueRerank({ scores, nItems, prices, lambda: 1e6 });
    const byPrice = Array.from({ length: nItems }, (_, i) => i).sort((a, b) => prices[b] - prices[a]);
    expect([...topN({ scores: rBig, nItems, user: 3, n: 3 })]).toEqual(byPrice.slice(0, 3));
  });
  it('reports P@5 and average top-5 price; price rises with λ', () => {
    const rows = rerankReport({ scores, nItems, prices, lambdas: [0, 0.5, 2, 1e6], train, test });
    expect(rows.map((r) => r.lambda)).toEqual([0, 0.5, 2, 1e6]);
    expect(rows[0].precision).toBeCloseTo(
      evaluateRanking({ nItems, scores, train, test, ks: [5] }).metrics['precision@5'],
      12
    );
    for (let k = 1; k < rows.length; k++)
      expect(rows[k].averagePrice).toBeGreaterThan(rows[k - 1].averagePrice);
    // At λ → ∞ every list is the five dearest plans the customer does not already have.
    let sum = 0;
    const byPrice = Array.from({ length: nItems }, (_, i) => i).sort((a, b) => prices[b] - prices[a]);
    for (let u = 0; u < nUsers; u++)
      sum += byPrice
        .filter((i) => i !== u % nItems)
        .slice(0, 5)
        .reduce((s, i) => s + prices[i], 0);
    expect(rows[3].averagePrice).toBeCloseTo(sum / (nUsers * 5), 9);
  });
  it('rejects negative λ and mismatched prices', () => {
    expect(() => revenueRerank({ scores, nItems, prices, lambda: -1 })).toThrow(/lambda/);
    expect(() => revenueRerank({ scores, nItems, prices: [1, 2], lambda: 1 })).toThrow(/2 prices/);
  });
});
