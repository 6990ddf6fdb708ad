import { describe, expect, it } from 'vitest';
import type { Bundle, Plan, PlanType } from '../data/schema.ts';
import { createRng } from '../data/rng.ts';
import type { Interactions } from '../types.ts';
import { evaluateRanking } from '../eval/metrics.ts';
import { popularityScores } from '../eval/popularity.ts';
import { contentScoreMatrix, contentScores, dataTierOf, type ColdStartProfile } from './content-rules.ts';
import { blendRow, coldStartRecommend, contentShareForTenure, evaluateColdStart } from './cold-start.ts';

// The telco-5k catalogue (test/fixtures/parity/telco-5k/plans.csv).
const rows: [string, PlanType, number, number | null, number, Bundle[]][] = [
  ['Prepaid 3GB', 'prepaid', 10, 3, 1, []],
  ['Prepaid 10GB', 'prepaid', 20, 10, 1, []],
  ['Prepaid 25GB', 'prepaid', 30, 25, 1, []],
  ['Prepaid Unlimited', 'prepaid', 40, null, 1, []],
  ['Prepaid International', 'prepaid', 35, 10, 1, ['roaming']],
  ['SIM-only 15GB', 'postpaid', 30, 15, 1, []],
  ['SIM-only 50GB', 'postpaid', 40, 50, 1, []],
  ['Unlimited Essentials', 'postpaid', 50, null, 1, []],
  ['Unlimited Plus', 'postpaid', 75, null, 1, ['video']],
  ['Unlimited Premium', 'postpaid', 90, null, 1, ['video', 'music', 'roaming', 'protection']],
  ['Youth 30GB + Music', 'postpaid', 35, 30, 1, ['music']],
  ['Flex', 'postpaid', 20, 0, 1, []],
  ['Family Unlimited x4', 'family', 160, null, 4, ['video']],
  ['Family Pooled 50GB x3', 'family', 110, 50, 3, []],
  ['Family Premium x4', 'family', 200, null, 4, ['video', 'music', 'roaming', 'protection']],
  ['55+ Unlimited x2', 'family', 55, null, 2, []],
  ['Business 20GB', 'business', 30, 20, 1, []],
  ['Business Unlimited + Protection', 'business', 55, null, 1, ['protection']],
  ['Business Pooled 200GB x10', 'business', 400, 200, 10, ['protection']],
  ['Business Global', 'business', 70, 100, 1, ['roaming']]
];
const plans: Plan[] = rows.map(([name, type, price, dataGb, lines, b], k) => ({
  id: `p${String(k).padStart(2, '0')}`,
  name,
  type,
  price,
  dataGb,
  minutes: null,
  sms: null,
  lines,
  bundles: {
    video: b.includes('video'),
    music: b.includes('music'),
    roaming: b.includes('roaming'),
    protection: b.includes('protection')
  }
}));
const base: ColdStartProfile = {
  segment: 'residential',
  dataGb: 8,
  voiceMinutes: 200,
  sms: 50,
  bundles: [],
  lines: 1,
  daysSinceJoining: 0
};
const best = (p: ColdStartProfile) => {
  const s = contentScores({ profile: p, plans }).scores;
  return plans[s.indexOf(Math.max(...s))].name;
};

describe('content rules', () => {
  it('data tiers follow the bounds', () => {
    expect([
      dataTierOf(3),
      dataTierOf(10),
      dataTierOf(12),
      dataTierOf(40),
      dataTierOf(90),
      dataTierOf(null)
    ]).toEqual([0, 0, 1, 2, 3, 3]);
    expect(dataTierOf(7, [5, 20, 60])).toBe(1);
  });
  it('map typical profiles to the plans a person would pick', () => {
    expect(best({ ...base, dataGb: 2, priceSensitivity: 1 })).toBe('Prepaid 3GB');
    expect(best({ ...base, dataGb: 80, segment: 'business', budget: 60 })).toBe(
      'Business Unlimited + Protection'
    );
    expect(
      best({
        ...base,
        dataGb: 100,
        segment: 'premium',
        priceSensitivity: 0,
        bundles: ['video', 'music', 'roaming', 'protection']
      })
    ).toBe('Unlimited Premium');
    expect(best({ ...base, dataGb: 70, lines: 4, priceSensitivity: 0.2, bundles: ['video'] })).toBe(
      'Family Unlimited x4'
    );
    expect(best({ ...base, dataGb: 15, lines: 3, budget: 120 })).toBe('Family Pooled 50GB x3');
  });
  it('each rule moves the score in the expected direction', () => {
    const s = (p: ColdStartProfile) => contentScores({ profile: p, plans });
    const idx = (name: string) => plans.findIndex((p) => p.name === name);
    // more data need → the 3GB plan loses its data fit
    expect(s({ ...base, dataGb: 40 }).parts[idx('Prepaid 3GB')].data).toBeLessThan(
      s({ ...base, dataGb: 2 }).parts[idx('Prepaid 3GB')].data
    );
    // over budget → lower price fit
    expect(s({ ...base, budget: 30 }).parts[idx('Unlimited Plus')].price).toBeLessThan(
      s({ ...base, budget: 100 }).parts[idx('Unlimited Plus')].price
    );
    // wanted bundle → higher bundle fit
    expect(s({ ...base, bundles: ['music'] }).parts[idx('Youth 30GB + Music')].bundles).toBe(1);
    expect(s({ ...base }).parts[idx('Youth 30GB + Music')].bundles).toBeLessThan(1);
    // business segment prefers business plans
    expect(s({ ...base, segment: 'business' }).parts[idx('Business 20GB')].planType).toBeGreaterThan(
      s(base).parts[idx('Business 20GB')].planType
    );
    const r = s({ ...base, dataGb: 2, priceSensitivity: 1 });
    expect(r.reasons[0].map((x) => x.rule)).toContain('data');
  });
  it('rejects impossible profiles with a message naming the field', () => {
    expect(() => contentScores({ profile: { ...base, lines: 0 }, plans })).toThrow(/lines/);
    expect(() => contentScores({ profile: { ...base, priceSensitivity: 2 }, plans })).toThrow(
      /priceSensitivity/
    );
    expect(() => contentScores({ profile: { ...base, segment: 'x' as never }, plans })).toThrow(/segment/);
    expect(() => contentScores({ profile: { ...base, dataGb: NaN }, plans })).toThrow(/dataGb/);
  });
});

describe('tenure blend', () => {
  it('content only to day 7, 70/30 to day 30, model after', () => {
    expect([0, 7, 8, 30, 31, 400].map((d) => contentShareForTenure(d))).toEqual([1, 1, 0.7, 0.7, 0, 0]);
    expect(
      contentShareForTenure(10, { contentOnlyUntilDay: 14, blendUntilDay: 60, blendContentShare: 0.5 })
    ).toBe(1);
    expect(
      contentShareForTenure(20, { contentOnlyUntilDay: 14, blendUntilDay: 60, blendContentShare: 0.5 })
    ).toBe(0.5);
    expect(() => contentShareForTenure(5, { contentOnlyUntilDay: 40 })).toThrow(/must not exceed/);
  });
  it('tags each item with its source and follows the share', () => {
    const content = [0.9, 0.1, 0.5, 0.3];
    const model = [0.0, 5.0, 1.0, 3.0];
    const fresh = coldStartRecommend({ content, model, daysSinceJoining: 2, n: 2 });
    expect(fresh.items.map((x) => [x.item, x.source])).toEqual([
      [0, 'content'],
      [2, 'content']
    ]);
    const old = coldStartRecommend({ content, model, daysSinceJoining: 90, n: 2 });
    expect(old.items.map((x) => [x.item, x.source])).toEqual([
      [1, 'model'],
      [3, 'model']
    ]);
    const mid = coldStartRecommend({ content, model, daysSinceJoining: 20, n: 4 });
    expect(mid.contentShare).toBe(0.7);
    expect(mid.items.every((x) => x.source === 'blend')).toBe(true);
    const b = blendRow({ content, model, contentShare: 0.7 });
    expect(mid.items[0].score).toBe(Math.max(...b));
    expect(coldStartRecommend({ content, model: null, daysSinceJoining: 90 }).items[0].source).toBe(
      'content'
    );
  });
});

describe('evaluateColdStart', () => {
  it('reports content, model, blend and popularity on held-out customers', () => {
    const rng = createRng(2);
    const nUsers = 400,
      nItems = 20;
    const truth = new Float64Array(nUsers * nItems).map(() => rng.normal());
    const pairs: [number, number][] = [];
    for (let u = 0; u < nUsers; u++) {
      let bestI = 0;
      for (let i = 1; i < nItems; i++) if (truth[u * nItems + i] > truth[u * nItems + bestI]) bestI = i;
      pairs.push([u, bestI]);
    }
    const inter = (p: [number, number][]): Interactions => ({
      userIdx: Int32Array.from(p, (x) => x[0]),
      itemIdx: Int32Array.from(p, (x) => x[1]),
      weight: new Float32Array(p.length).fill(1)
    });
    const test = inter(pairs);
    const warm = inter(Array.from({ length: 300 }, (_, k) => [k, k % 3] as [number, number]));
    const content = Float32Array.from(truth, (t) => t + 0.5 * rng.normal());
    const model = Float32Array.from(truth, (t) => t + 3 * rng.normal());
    const rows = evaluateColdStart({
      nItems,
      contentScores: content,
      modelScores: model,
      test,
      popularityFrom: warm,
      ks: [5]
    });
    const p5 = Object.fromEntries(rows.map((r) => [r.source, r.metrics['precision@5']]));
    expect(p5.content).toBeGreaterThan(p5.model);
    const ref = evaluateRanking({
      nItems,
      scores: popularityScores(warm, nUsers, nItems),
      train: inter([]),
      test
    });
    expect(p5.popularity).toBeCloseTo(ref.metrics['precision@5'], 12);
    const share1 = evaluateColdStart({
      nItems,
      contentScores: content,
      modelScores: model,
      test,
      popularityFrom: warm,
      blendContentShare: 1
    });
    expect(share1[2].metrics).toEqual(share1[0].metrics);
    expect(rows[2].metrics['ndcg@5']).toBeGreaterThan(0);
  });
  it('content score matrix stacks profiles', () => {
    const m = contentScoreMatrix({ profiles: [base, { ...base, dataGb: 90 }], plans });
    expect(m.length).toBe(40);
    expect([...m.subarray(0, 20)]).toEqual([
      ...Float32Array.from(contentScores({ profile: base, plans }).scores)
    ]);
  });
});
