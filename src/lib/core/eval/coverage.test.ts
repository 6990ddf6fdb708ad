import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng.ts';
import { catalogueCoverage } from './coverage.ts';
import { popularityScores } from './popularity.ts';
import { inter } from './fixtures.test.ts';
import { topN } from '../recommend/scoring.ts';

describe('catalogueCoverage', () => {
  it('counts items in anyone’s top-k, excluding owned items', () => {
    const scores = [0.9, 0.8, 0.1, 0.0, /**/ 0.9, 0.8, 0.1, 0.0];
    expect(catalogueCoverage({ scores, nItems: 4, k: 2 }).coverage).toBe(0.5);
    const r = catalogueCoverage({ scores, nItems: 4, k: 2, exclude: inter([[1, 0]]) });
    expect(r.coverage).toBe(0.75);
    expect([...r.itemCounts]).toEqual([1, 2, 1, 0]);
  });
  it('popularity covers k items; agrees with topN on random scores with ties', () => {
    const train = inter([
      [0, 3],
      [1, 3],
      [2, 1]
    ]);
    expect(catalogueCoverage({ scores: popularityScores(train, 10, 8), nItems: 8, k: 3 }).coverage).toBe(
      3 / 8
    );
    const rng = createRng(1);
    const n = 50,
      N = 12;
    const scores = Float32Array.from({ length: n * N }, () => rng.int(5));
    const counts = new Int32Array(N);
    for (let u = 0; u < n; u++) for (const i of topN({ scores, nItems: N, user: u, n: 4 })) counts[i]++;
    expect([...catalogueCoverage({ scores, nItems: N, k: 4 }).itemCounts]).toEqual([...counts]);
  });
});
