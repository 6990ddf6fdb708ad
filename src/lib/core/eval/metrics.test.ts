import { describe, expect, it } from 'vitest';
import { CoreError } from '../types.ts';
import { createRng } from '../data/rng.ts';
import { evaluateRanking } from './metrics.ts';
import { popularityScores } from './popularity.ts';
import { inter, loadParity } from './fixtures.test.ts';

/** The spec's definitions, written as literally as possible (slow, for cross-checking). */
function bruteForce(
  nItems: number,
  scores: Float32Array,
  train: [number, number][],
  test: [number, number][],
  k: number
) {
  const nUsers = scores.length / nItems;
  const out: { p: number; r: number; ndcg: number; auc: number; rr: number }[] = [];
  for (let u = 0; u < nUsers; u++) {
    const tr = new Set(train.filter((x) => x[0] === u).map((x) => x[1]));
    const te = [...new Set(test.filter((x) => x[0] === u).map((x) => x[1]))];
    if (te.length === 0) continue;
    const s = (i: number) => scores[u * nItems + i];
    const ranks = te.map((i) => {
      let r = 0;
      for (let j = 0; j < nItems; j++) if (!tr.has(j) && j !== i && s(j) >= s(i)) r++;
      return r;
    });
    const hits = ranks.filter((r) => r < k);
    const dcg = hits.reduce((a, r) => a + 1 / Math.log2(r + 2), 0);
    let idcg = 0;
    for (let r = 0; r < Math.min(k, te.length); r++) idcg += 1 / Math.log2(r + 2);
    const sorted = [...ranks].sort((a, b) => a - b);
    const neg = nItems - te.length - tr.size;
    const auc = sorted.reduce((a, r, m) => a + 1 - Math.max(0, r - m) / neg, 0) / te.length;
    out.push({
      p: hits.length / k,
      r: hits.length / te.length,
      ndcg: dcg / idcg,
      auc,
      rr: 1 / (sorted[0] + 1)
    });
  }
  return out;
}

describe('evaluateRanking: hand-computed ranks', () => {
  // user 0: train {0}, test {1,3}; item 1 ties item 2 (tie counts against) → ranks [2, 3]
  // user 1: no train, test {4,3} → ranks [0, 1]
  // user 2: no test items → left out
  // user 3: train {0,1,3,4}, test {2} → rank 0, no negatives → AUC left out
  const scores = Float32Array.from([
    0.9, 0.5, 0.5, 0.1, 0.7, 0.1, 0.2, 0.3, 0.4, 0.5, 1, 2, 3, 4, 5, 0.9, 0.9, 0.1, 0.9, 0.9
  ]);
  const train = inter([
    [0, 0],
    [3, 0],
    [3, 1],
    [3, 3],
    [3, 4],
    [2, 1]
  ]);
  const test = inter([
    [0, 1],
    [0, 3],
    [1, 4],
    [1, 3],
    [3, 2]
  ]);
  const res = evaluateRanking({ nItems: 5, scores, train, test });

  it('leaves out users without test items', () => {
    expect(res.metrics.n_users_evaluated).toBe(3);
    expect([...res.perUser.users]).toEqual([0, 1, 3]);
  });
  it('counts ties against the test item and excludes train items', () => {
    const p3 = res.perUser.values['precision@3'];
    expect([...p3]).toEqual([1 / 3, 2 / 3, 1 / 3]);
    expect([...res.perUser.values['precision@5']]).toEqual([2 / 5, 2 / 5, 1 / 5]);
    expect([...res.perUser.values['recall@3']]).toEqual([1 / 2, 1, 1]);
    expect([...res.perUser.values['reciprocal_rank']]).toEqual([1 / 3, 1, 1]);
  });
  it('computes NDCG with binary gains', () => {
    const nd3 = res.perUser.values['ndcg@3'];
    const idcg2 = 1 + 1 / Math.log2(3);
    expect(nd3[0]).toBeCloseTo(0.5 / idcg2, 12);
    expect(res.perUser.values['ndcg@5'][0]).toBeCloseTo((0.5 + 1 / Math.log2(5)) / idcg2, 12);
    expect(nd3[1]).toBeCloseTo(1, 12);
  });
  it('computes AUC with the sorted-rank rule and leaves out users with no negatives', () => {
    const auc = res.perUser.values.auc;
    expect(auc[0]).toBe(0); // both negatives (0.5 tie, 0.7) beat or tie both test items
    expect(auc[1]).toBe(1); // test item 3 is only beaten by test item 4
    expect(auc[2]).toBeNaN();
    expect(res.metrics.auc).toBeCloseTo(0.5, 12);
  });
  it('averages over evaluated users', () => {
    expect(res.metrics['precision@3']).toBeCloseTo(4 / 9, 12);
    expect(res.metrics.reciprocal_rank).toBeCloseTo((1 / 3 + 2) / 3, 12);
  });
  it('AUC: one negative ranked between two test items', () => {
    // scores: test 0 (0.9), neg 1 (0.5), test 2 (0.3), neg 3 (0.1): ranks [0, 2]; r' = [0, 1]; neg = 2
    const r = evaluateRanking({
      nItems: 4,
      scores: Float32Array.from([0.9, 0.5, 0.3, 0.1]),
      train: inter([]),
      test: inter([
        [0, 0],
        [0, 2]
      ])
    });
    expect(r.metrics.auc).toBeCloseTo((1 + (1 - 1 / 2)) / 2, 12); // 3 of 4 pairs ordered right
  });
  it('merges duplicated test pairs like a CSR conversion', () => {
    const a = evaluateRanking({
      nItems: 5,
      scores,
      train,
      test: inter([
        [0, 1],
        [0, 1],
        [0, 3]
      ])
    });
    const b = evaluateRanking({
      nItems: 5,
      scores,
      train,
      test: inter([
        [0, 1],
        [0, 3]
      ])
    });
    expect(a.metrics).toEqual(b.metrics);
  });
  it('honours custom ks', () => {
    const r = evaluateRanking({ nItems: 5, scores, train, test, ks: [1] });
    expect(Object.keys(r.metrics).sort()).toEqual([
      'auc',
      'n_users_evaluated',
      'ndcg@1',
      'precision@1',
      'recall@1',
      'reciprocal_rank'
    ]);
    expect(r.metrics['precision@1']).toBeCloseTo(2 / 3, 12); // users 1 and 3 have a rank-0 item
  });
});

describe('evaluateRanking: errors', () => {
  const scores = new Float32Array(2 * 3);
  it('names the user and item of a train/test overlap', () => {
    try {
      evaluateRanking({
        nItems: 3,
        scores,
        train: inter([[1, 2]]),
        test: inter([
          [0, 1],
          [1, 2]
        ])
      });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CoreError);
      expect((e as CoreError).code).toBe('train_test_overlap');
      expect((e as Error).message).toContain('user index 1');
      expect((e as Error).message).toContain('item index 2');
    }
  });
  it('rejects out-of-range indices, wrong shapes, NaN scores and empty tests', () => {
    expect(() => evaluateRanking({ nItems: 3, scores, train: inter([]), test: inter([[2, 0]]) })).toThrow(
      /user index 2/
    );
    expect(() => evaluateRanking({ nItems: 4, scores, train: inter([]), test: inter([[0, 0]]) })).toThrow(
      /multiple/
    );
    expect(() =>
      evaluateRanking({
        nItems: 3,
        scores: Float32Array.from([0, NaN, 0, 0, 0, 0]),
        train: inter([]),
        test: inter([[0, 0]])
      })
    ).toThrow(/NaN/);
    expect(() => evaluateRanking({ nItems: 3, scores, train: inter([]), test: inter([]) })).toThrow(
      CoreError
    );
    expect(() =>
      evaluateRanking({ nItems: 3, scores, train: inter([]), test: inter([[0, 0]]), ks: [0] })
    ).toThrow(/positive integer/);
  });
});

describe('evaluateRanking matches a literal implementation on random data', () => {
  for (const [nUsers, nItems, nTest, quant] of [
    [40, 7, 3, 4],
    [30, 60, 40, 6], // many test items per user → the sorted path
    [25, 200, 120, 1000]
  ] as const) {
    it(`${nUsers}×${nItems}, up to ${nTest} test items, scores in ${quant} levels (ties)`, () => {
      const rng = createRng(nUsers * 7 + nItems);
      const scores = new Float32Array(nUsers * nItems).map(() => rng.int(quant) / quant);
      const train: [number, number][] = [];
      const test: [number, number][] = [];
      for (let u = 0; u < nUsers; u++) {
        const perm = rng.shuffle(Array.from({ length: nItems }, (_, i) => i));
        const nt = rng.int(nTest + 1);
        const ntr = rng.int(Math.min(5, nItems - nt) + 1);
        perm.slice(0, nt).forEach((i) => test.push([u, i]));
        perm.slice(nt, nt + ntr).forEach((i) => train.push([u, i]));
      }
      const k = 5;
      const ref = bruteForce(nItems, scores, train, test, k);
      const res = evaluateRanking({ nItems, scores, train: inter(train), test: inter(test), ks: [k] });
      expect(res.metrics.n_users_evaluated).toBe(ref.length);
      ref.forEach((x, e) => {
        expect(res.perUser.values['precision@5'][e]).toBeCloseTo(x.p, 12);
        expect(res.perUser.values['recall@5'][e]).toBeCloseTo(x.r, 12);
        expect(res.perUser.values['ndcg@5'][e]).toBeCloseTo(x.ndcg, 12);
        if (Number.isFinite(x.auc)) expect(res.perUser.values.auc[e]).toBeCloseTo(x.auc, 12);
        expect(res.perUser.values.reciprocal_rank[e]).toBeCloseTo(x.rr, 12);
      });
    });
  }
});

describe('popularity baseline reproduces the parity README', () => {
  it.each([
    ['telco-5k', 0.125, 0.677],
    ['catalog-3k', 0.299, 0.951]
  ] as const)('%s: P@5 %f, AUC %f', (name, p5, auc) => {
    const d = loadParity(name);
    const res = evaluateRanking({
      nItems: d.nItems,
      scores: popularityScores(d.train, d.nUsers, d.nItems),
      train: d.train,
      test: d.test
    });
    expect(res.metrics['precision@5']).toBeCloseTo(p5, 3);
    expect(res.metrics.auc).toBeCloseTo(auc, 3);
  });
});
