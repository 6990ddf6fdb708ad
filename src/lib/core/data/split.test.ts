import { describe, expect, it } from 'vitest';
import type { Interactions } from '../types.ts';
import { rankingScores } from './ceilings.ts';
import { generateDataset } from './generator.ts';
import { adoptionsToInteractions, splitInteractions } from './split.ts';
import { buildTrainTestData } from './train-test.ts';

/** 6 users: user u has u+1 interactions with items 0..u, dated 10·item. */
function handMade(): Interactions {
  const u: number[] = [],
    i: number[] = [],
    t: number[] = [];
  for (let user = 0; user < 6; user++)
    for (let item = 0; item <= user; item++) {
      u.push(user);
      i.push(item);
      t.push(10 * item + user);
    }
  return {
    userIdx: Int32Array.from(u),
    itemIdx: Int32Array.from(i),
    weight: new Float32Array(u.length).fill(1),
    time: Float64Array.from(t)
  };
}
const pairs = (x: Interactions) => Array.from(x.userIdx, (u, k) => `${u}:${x.itemIdx[k]}`);

describe('splits', () => {
  const x = handMade(); // 21 interactions

  it('random: holds out the requested share, disjoint, seeded', () => {
    const a = splitInteractions({
      interactions: x,
      nUsers: 6,
      split: { kind: 'random', testFraction: 0.2, validationFraction: 0.1, seed: 1 }
    });
    expect(a.test.userIdx.length).toBe(4); // round(21 · 0.2)
    expect(a.validation!.userIdx.length).toBe(2);
    expect(a.train.userIdx.length).toBe(15);
    const all = [...pairs(a.train), ...pairs(a.test), ...pairs(a.validation!)];
    expect(new Set(all).size).toBe(21);
    const again = splitInteractions({
      interactions: x,
      nUsers: 6,
      split: { kind: 'random', testFraction: 0.2, validationFraction: 0.1, seed: 1 }
    });
    expect(pairs(again.test)).toEqual(pairs(a.test));
    const other = splitInteractions({
      interactions: x,
      nUsers: 6,
      split: { kind: 'random', testFraction: 0.2, seed: 2 }
    });
    expect(pairs(other.test)).not.toEqual(pairs(a.test));
  });

  it('temporal: the latest interaction of every user with two or more is held out', () => {
    const a = splitInteractions({ interactions: x, nUsers: 6, split: { kind: 'temporal' } });
    expect(pairs(a.test)).toEqual(['1:1', '2:2', '3:3', '4:4', '5:5']);
    expect(a.train.userIdx.length).toBe(16);
    const v = splitInteractions({
      interactions: x,
      nUsers: 6,
      split: { kind: 'temporal', validationFraction: 0.99, seed: 3 }
    });
    expect(pairs(v.validation!)).toEqual(['2:1', '3:2', '4:3', '5:4']); // users with ≥ 3 interactions
  });

  it('cold start: test users have no training interactions', () => {
    const a = splitInteractions({
      interactions: x,
      nUsers: 6,
      split: { kind: 'cold_start', testFraction: 0.34, seed: 4 }
    });
    const testUsers = new Set(a.test.userIdx);
    expect(testUsers.size).toBe(2); // round(6 · 0.34)
    for (const u of a.train.userIdx) expect(testUsers.has(u)).toBe(false);
    expect(a.train.userIdx.length + a.test.userIdx.length).toBe(21);
  });

  it('rejects fractions that leave no training data', () => {
    expect(() =>
      splitInteractions({
        interactions: x,
        nUsers: 6,
        split: { kind: 'random', testFraction: 0.6, validationFraction: 0.5 }
      })
    ).toThrow(/below 1/);
    expect(() =>
      splitInteractions({ interactions: { ...x, time: undefined }, nUsers: 6, split: { kind: 'temporal' } })
    ).toThrow(/adoption dates/);
  });

  it('turns repeated adoptions of a plan into one interaction at the latest date', () => {
    const ds = generateDataset({ customers: 50, seed: 1, ceilings: false });
    const a = ds.adoptions;
    const n = a.customerIdx.length;
    // Customer 0 adopts its first plan again, later.
    const extra = {
      customerIdx: Int32Array.from([...a.customerIdx, 0]),
      planIdx: Int32Array.from([...a.planIdx, a.planIdx[0]]),
      day: Int32Array.from([...a.day, 9999]),
      kind: Uint8Array.from([...a.kind, 1])
    };
    const x2 = adoptionsToInteractions({ ...ds, adoptions: extra });
    expect(x2.userIdx.length).toBe(n);
    const k = Array.from(x2.userIdx).findIndex((u, r) => u === 0 && x2.itemIdx[r] === a.planIdx[0]);
    expect(x2.time![k]).toBe(9999);
  });

  it('builds TrainTestData from a dataset, feature groups and a split', () => {
    const ds = generateDataset({ customers: 400, seed: 2, ceilings: false });
    const d = buildTrainTestData({
      dataset: ds,
      features: { customer: ['basic'], plan: ['basic'] },
      split: { kind: 'cold_start' }
    });
    expect(d.space.userIds.length).toBe(400);
    expect(d.space.userFeatures.nRows).toBe(400);
    expect(d.train.userIdx.length + d.test.userIdx.length).toBe(ds.adoptions.planIdx.length);
    expect(d.split.seed).toBe(2);
  });
});

describe('ranking scores behind the ceilings', () => {
  it('follows lightfm-spec §5 on a hand-computed case', () => {
    // 1 user, 5 items; train {0}; test {1, 3}; scores 0:9 1:5 2:7 3:1 4:5.
    // rank(1) = #{2:7, 4:5 (tie counts against)} = 2; rank(3) = 3 (items 1, 2, 4).
    const one = (items: number[]): Interactions => ({
      userIdx: new Int32Array(items.length),
      itemIdx: Int32Array.from(items),
      weight: new Float32Array(items.length).fill(1)
    });
    const s = [9, 5, 7, 1, 5];
    const r = rankingScores({
      train: one([0]),
      test: one([1, 3]),
      nUsers: 1,
      nItems: 5,
      ks: [1, 3, 5],
      score: (_u, out) => out.set(s)
    });
    expect(r.usersEvaluated).toBe(1);
    expect(r.scores.precision).toEqual({ 1: 0, 3: 1 / 3, 5: 2 / 5 });
    expect(r.scores.recall).toEqual({ 1: 0, 3: 0.5, 5: 1 });
    const ideal3 = 1 + 1 / Math.log2(3);
    expect(r.scores.ndcg[3]).toBeCloseTo(1 / Math.log2(4) / ideal3, 12);
    expect(r.scores.ndcg[5]).toBeCloseTo((1 / Math.log2(4) + 1 / Math.log2(5)) / ideal3, 12);
  });
});
