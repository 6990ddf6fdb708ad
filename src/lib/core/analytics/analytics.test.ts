import { describe, expect, it } from 'vitest';
import type { TelcoDataset } from '../data/schema.ts';
import { SEGMENTS } from '../data/schema.ts';
import { generateDataset } from '../data/generator.ts';
import { computeUsageStats } from '../features/usage-stats.ts';
import { computeFeatureThresholds } from '../features/customer-features.ts';
import type { LabRun } from '../pipeline/run-record.ts';
import { customerAnalytics } from './customer-analytics.ts';
import { boxStats } from './box-stats.ts';
import { adoptionShares, planAnalytics } from './plan-analytics.ts';
import { findGaps } from './gaps.ts';
import { bootstrapMean, metricLabel, modelAnalytics } from './model-analytics.ts';
import { runLabels } from '../pipeline/run-label.ts';
import { datasetAnalytics } from './index.ts';
import { median, mode, quantile, sampleIndices } from './sample.ts';
import { testPlan as plan } from './plan-fixture.ts';

const XSS = '<img src=x onerror=alert(1)>';
const CUTS: [number, number] = [3, 20];

/**
 * A hand-made dataset: 8 customers, 2 months of usage, 3 plans. Usage per line per month is
 * constant so bills are easy to check by hand (overage 2.5 per GB, see utility.ts).
 *   c0–c3 residential, 1 line, 40 GB/month (heavy), budget 20, price-sensitive
 *   c4–c5 residential, 1 line, 2 GB/month (light), budget 20, not sensitive
 *   c6    business, 1 line, 5 GB, age 30, budget 100
 *   c7    business, 1 line, 5 GB, age 70: the only plan open to business is capped at age 65 → no plan
 * Data bands are fixed with dataCuts [3, 20]: light ≤ 3 < moderate ≤ 20 < heavy.
 */
function fixture(opts: { hidden?: boolean } = {}): TelcoDataset {
  const n = 8,
    months = 2;
  const gb = [40, 40, 40, 40, 2, 2, 5, 5];
  const dataGb = new Float32Array(n * months);
  gb.forEach((g, c) => dataGb.fill(g, c * months, c * months + months));
  const ds: TelcoDataset = {
    name: 'fixture',
    startDate: '2024-01-01',
    customers: {
      ids: gb.map((_, c) => `c${c}`),
      segment: Uint8Array.from([0, 0, 0, 0, 0, 0, 1, 1]),
      age: Uint8Array.from([30, 30, 30, 30, 30, 30, 30, 70]),
      tenureMonths: Uint16Array.from([1, 2, 3, 4, 5, 6, 7, 8]),
      lines: Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 1]),
      region: new Uint8Array(n),
      regionNames: ['north']
    },
    usage: {
      months,
      dataGb,
      voiceMinutes: new Float32Array(n * months).fill(100),
      sms: new Float32Array(n * months)
    },
    plans: [
      plan('p1', XSS, 'prepaid', 10, 5),
      plan('p2', 'Unlimited', 'family', 60, null),
      plan('p3', 'Biz', 'business', 30, 10, { maxAge: 65 })
    ],
    adoptions: {
      customerIdx: Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 0]),
      planIdx: Int32Array.from([0, 0, 0, 0, 0, 0, 2, 2, 1]),
      day: Int32Array.from([0, 0, 40, 40, 40, 70, 70, 70, 75]),
      kind: Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 1])
    }
  };
  if (opts.hidden !== false) {
    ds.customers.hidden = {
      budget: Float32Array.from([20, 20, 20, 20, 20, 20, 100, 100]),
      priceSensitivity: Float32Array.from([0.9, 0.9, 0.9, 0.9, 0.1, 0.1, 0.2, 0.2]),
      bundleTaste: new Float32Array(n * 4)
    };
  }
  return ds;
}

describe('sampling helpers', () => {
  it('sampleIndices is deterministic, sorted, without repeats, and keeps small inputs whole', () => {
    const all = Int32Array.from({ length: 1000 }, (_, k) => k);
    const a = sampleIndices(all, 50, 3);
    expect(a).toHaveLength(50);
    expect(new Set(a).size).toBe(50);
    expect([...a]).toEqual([...a].sort((x, y) => x - y));
    expect([...sampleIndices(all, 50, 3)]).toEqual([...a]);
    expect([...sampleIndices([5, 7], 10)]).toEqual([5, 7]);
  });
  it('median, quantile and mode', () => {
    expect(median([3, 1, 2, 10])).toBe(2.5);
    expect(quantile([0, 10], 0.25)).toBe(2.5);
    expect(Number.isNaN(median([]))).toBe(true);
    expect(mode([2, 1, 2, 1, 3])).toBe(1); // tie → smallest code
    expect(mode([])).toBe(-1);
  });
});

describe('customer analytics', () => {
  it('samples at most 600 customers for the stability scatter (an SVG chart of more blocks the page)', () => {
    const ds = generateDataset({ customers: 1500, seed: 4, ceilings: false });
    expect(customerAnalytics({ dataset: ds, samplePerSegment: 10 }).stability).toHaveLength(600);
  });
  it('counts every customer once in the lifecycle and intensity tables; samples per segment', () => {
    const ds = generateDataset({ customers: 600, seed: 3, ceilings: false });
    const a = customerAnalytics({ dataset: ds, samplePerSegment: 50, stabilitySample: 80 });
    expect(a.lifecycle.counts.reduce((s, v) => s + v, 0)).toBe(600);
    expect(a.dataIntensity.counts.flat().reduce((s, v) => s + v, 0)).toBe(600);
    expect(a.dataIntensity.levels).toEqual(['very low', 'low', 'medium', 'high', 'very high']);
    for (const g of a.usage) {
      expect(g.dataGb.length).toBe(Math.min(50, g.customers));
      expect(g.quartiles.dataGb[0]).toBeLessThanOrEqual(g.quartiles.dataGb[2]);
    }
    expect(a.usage.reduce((s, g) => s + g.customers, 0)).toBe(600);
    expect(a.stability).toHaveLength(80);
    for (const p of a.stability) {
      expect(p.stability).toBeGreaterThanOrEqual(0);
      expect(p.stability).toBeLessThanOrEqual(1);
      expect(p.value).toBeGreaterThanOrEqual(0);
    }
  });
  it('box statistics describe every customer of a segment with a positive mean, not the sample', () => {
    const ds = generateDataset({ customers: 600, seed: 3, ceilings: false });
    const stats = computeUsageStats({ usage: ds.usage });
    const a = customerAnalytics({ dataset: ds, stats, samplePerSegment: 20 });
    for (const g of a.usage) {
      const s = SEGMENTS.indexOf(g.segment as (typeof SEGMENTS)[number]);
      const members = [...ds.customers.segment.keys()].filter((c) => ds.customers.segment[c] === s);
      const data = members.map((c) => stats.data.mean[c]).filter((v) => v > 0);
      expect(g.boxes.dataGb).toEqual(boxStats(data));
      expect(g.boxes.dataGb!.n).toBe(data.length);
      expect(g.boxes.dataGb!.n).toBeGreaterThan(20);
      const sms = members.map((c) => stats.sms.mean[c]);
      expect(g.boxes.sms?.n ?? 0).toBe(sms.filter((v) => v > 0).length);
    }
  });
  it('uses the same cuts as the model features (computeFeatureThresholds)', () => {
    const ds = generateDataset({ customers: 400, seed: 5, ceilings: false });
    const stats = computeUsageStats({ usage: ds.usage });
    const a = customerAnalytics({ dataset: ds, stats });
    const th = computeFeatureThresholds({
      stats,
      lines: ds.customers.lines,
      tenureMonths: ds.customers.tenureMonths,
      regions: ds.customers.regionNames
    });
    expect(a.thresholds.clv).toEqual(th.clv);
    expect(a.thresholds.intensityData).toEqual(th.intensity.data);
    expect(a.thresholds.valueScale).toEqual(th.valueScale);
  });
  it('hand-made fixture: two segments present, premium absent from the usage groups', () => {
    const a = customerAnalytics({ dataset: fixture() });
    expect(a.usage.map((g) => [g.segment, g.customers])).toEqual([
      ['residential', 6],
      ['business', 2]
    ]);
    expect(a.usage[0].zeroSmsShare).toBe(1);
    expect(a.dataIntensity.counts.map((r) => r[2])).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('plan analytics', () => {
  it('adoption counts, value scores in (0, 1], names kept as given (markup included)', () => {
    const a = planAnalytics({ dataset: fixture() });
    expect(a.plans.map((p) => p.adoptions)).toEqual([6, 1, 2]);
    expect(a.plans[0].name).toBe(XSS);
    expect(Math.max(...a.plans.map((p) => p.value))).toBeCloseTo(1, 12);
    expect(a.plans.every((p) => p.value > 0)).toBe(true);
  });
  it('adoption shares: monthly periods, thin leading periods folded forward, top plans + other', () => {
    const s = adoptionShares({ dataset: fixture(), topPlans: 1, minPerPeriod: 3 });
    expect(s.granularity).toBe('month');
    // Days 0 (Jan, 2 adoptions) fold into Feb (days 40: 3) → "≤ 2024-02"; March has 4.
    expect(s.periods).toEqual(['≤ 2024-02', '2024-03']);
    expect(s.totals).toEqual([5, 4]);
    expect(s.plans).toEqual([XSS, 'other plans (2)']);
    expect(s.counts).toEqual([
      [5, 1],
      [0, 3]
    ]);
    // Every period's series sum to its total.
    s.totals.forEach((t, b) => expect(s.counts.reduce((x, r) => x + r[b], 0)).toBe(t));
  });
  it('long histories switch to quarters or years', () => {
    const ds = fixture();
    ds.adoptions.day = Int32Array.from([-3000, 0, 40, 40, 40, 70, 70, 70, 75]);
    expect(adoptionShares({ dataset: ds, maxPeriods: 40, minPerPeriod: 0 }).granularity).toBe('quarter');
    expect(adoptionShares({ dataset: ds, maxPeriods: 10, minPerPeriod: 0 }).granularity).toBe('year');
  });
});

describe('gap identification', () => {
  it('flags heavy-data price-sensitive residential customers whose cheapest fitting plan is far over budget', () => {
    const g = findGaps({ dataset: fixture(), minCustomers: 1, dataCuts: CUTS });
    expect(g.budgetSource).toBe('hidden');
    const heavy = g.groups.find((x) => x.key === 'residential|heavy|sensitive|1')!;
    // 40 GB on p1 (5 GB, 10): 10 + 35·2.5 = 97.5; p2 unlimited: 60 → best fit p2, 60 / 20 = 3×.
    expect(heavy.customers).toBe(4);
    expect(heavy.bestFit).toMatchObject({
      planId: 'p2',
      planName: 'Unlimited',
      bill: 60,
      ratio: 3,
      overageShare: 0
    });
    expect(heavy.overBudget).toBe(4);
    expect(heavy.gap).toBe(true);
    expect(heavy.label).toBe('heavy-data · price-sensitive · residential · 1 line');
    expect(heavy.reason).toMatch(/100% would pay more than 1.25× their budget/);
    expect(heavy.reason).toMatch(/Unlimited at 60.00 a month against a budget of 20.00 \(3.00×\)/);
    // Light residential users fit p1 at its list price: 10 / 20 = 0.5×, no gap.
    const light = g.groups.find((x) => x.key === 'residential|light|insensitive|1')!;
    expect(light.bestFit).toMatchObject({ planId: 'p1', planName: XSS, bill: 10, ratio: 0.5 });
    expect(light.gap).toBe(false);
  });
  it('a customer outside every plan open to the segment has no plan ("missing")', () => {
    const g = findGaps({ dataset: fixture(), minCustomers: 1, dataCuts: CUTS });
    // Both business customers are moderate (5 GB); c7 (age 70) has no plan.
    const biz = g.groups.filter((x) => x.segment === 'business');
    expect(biz.reduce((s, x) => s + x.noPlan, 0)).toBe(1);
    const missing = biz.find((x) => x.noPlan === 1)!;
    expect(missing.gap).toBe(true);
    expect(missing.reason).toMatch(/have no plan open to them/);
    expect(g.gaps.map((x) => x.key)[0]).toBe('residential|heavy|sensitive|1'); // most affected first
  });
  it('small groups are not reported; the watch list holds near-gaps', () => {
    const g = findGaps({ dataset: fixture(), minCustomers: 3, dataCuts: CUTS });
    expect(g.gaps.map((x) => x.key)).toEqual(['residential|heavy|sensitive|1']);
    const loose = findGaps({ dataset: fixture(), minCustomers: 1, overBudgetFactor: 4, dataCuts: CUTS });
    expect(loose.gaps.every((x) => x.noPlan > 0)).toBe(true);
    expect(loose.watch.map((x) => x.key)).toEqual([]);
  });
  it('imported data: an explicit budget proxy (latest plan at list price), said in the note', () => {
    const g = findGaps({ dataset: fixture({ hidden: false }), minCustomers: 1, dataCuts: CUTS });
    expect(g.budgetSource).toBe('proxy');
    expect(g.budgetNote).toMatch(/no budgets .*proxy/);
    // c0's latest adoption is p2 (day 75): budget 60, best fit p2 at 60 → ratio 1; c1–c3 hold p1: budget 10, ratio 6.
    const heavy = g.groups.filter((x) => x.dataBand === 'heavy' && x.segment === 'residential');
    expect(heavy.reduce((s, x) => s + x.customers, 0)).toBe(4);
    expect(heavy.reduce((s, x) => s + x.overBudget, 0)).toBe(3);
  });
  it('finds a gap in a generated dataset once the cheap big-data plans are removed', () => {
    const ds = generateDataset({ customers: 1500, seed: 11, ceilings: false });
    const before = findGaps({ dataset: ds });
    const cheapBig = new Set(['p03', 'p05', 'p06', 'p07', 'p08', 'p13', 'p14', 'p10']);
    const pruned: TelcoDataset = {
      ...ds,
      plans: ds.plans.map((p) => (cheapBig.has(p.id) ? { ...p, price: p.price * 4 } : p))
    };
    const after = findGaps({ dataset: pruned });
    const heavyRes = (x: { gaps: Array<{ segment: string; dataBand: string }> }) =>
      x.gaps.filter((r) => r.segment === 'residential' && r.dataBand === 'heavy').length;
    expect(heavyRes(after)).toBeGreaterThan(heavyRes(before));
    for (const r of after.gaps) {
      expect(r.customers).toBeGreaterThanOrEqual(after.minCustomers);
      expect(r.gapShare).toBeGreaterThanOrEqual(after.minShare);
    }
  });
});

function run(id: string, name: string, p5: number[], createdAt: number, loss = 'warp'): LabRun {
  const values = Float64Array.from(p5);
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return {
    id,
    name,
    createdAt,
    status: 'done',
    config: { loss, components: 8 } as never,
    curves: [
      { epoch: 1, loss: 2, updatedFraction: 1, elapsedMs: 1, validation: { 'precision@5': mean / 2 } },
      { epoch: 2, loss: 1, updatedFraction: 1, elapsedMs: 2, validation: { 'precision@5': mean } }
    ],
    metrics: { 'precision@3': mean + 0.05, 'precision@5': mean, 'precision@10': mean / 2, auc: 0.8 },
    manifest: null,
    datasetId: 'ds',
    datasetName: 'd',
    fitMs: 1,
    perUser: {
      users: Int32Array.from(p5.map((_, k) => k)),
      values: { 'precision@5': values, auc: Float64Array.from(p5.map(() => 0.8)) }
    }
  };
}

describe('model analytics', () => {
  it('best first, P@K table, intervals around the mean, names that tell runs apart, curves', () => {
    const a = run(
      'a',
      'WARP',
      Array.from({ length: 60 }, (_, k) => (k % 3 === 0 ? 0.4 : 0.2)),
      1
    );
    const b = run(
      'b',
      'WARP',
      Array.from({ length: 60 }, (_, k) => (k % 3 === 0 ? 0.2 : 0.0)),
      2,
      'bpr'
    );
    const m = modelAnalytics({ runs: [b, a], iterations: 300 });
    const labels = runLabels([a, b]);
    expect(m.runs.map((r) => r.name)).toEqual([labels.get('a'), labels.get('b')]);
    expect(m.runs[0].name).not.toBe(m.runs[1].name);
    expect(m.runs[0].name).toMatch(/^WARP · .* · #[0-9a-z]{4}$/);
    expect(m.runs.map((r) => r.id)).toEqual(['a', 'b']);
    expect(m.pAtK.ks).toEqual([3, 5, 10]);
    expect(m.pAtK.values[0][1]).toBeCloseTo(a.metrics['precision@5'], 12);
    expect(m.bars.metrics).toEqual(['P@5', 'AUC']);
    const iv = m.bars.series[0].values[0];
    expect(iv.lower!).toBeLessThanOrEqual(iv.mean);
    expect(iv.upper!).toBeGreaterThanOrEqual(iv.mean);
    expect(m.loss.logY).toBe(true);
    expect(m.validation.series[0].y).toHaveLength(2);
    expect(m.best!.name).toBe(labels.get('a'));
    expect(m.best!.lead).toBeCloseTo(0.2, 12);
    expect(m.best!.significant).toBe(true);
    expect(m.best!.reason).toContain(
      `highest test P@5: 0.2667 against 0.0667 for the runner-up ${labels.get('b')} (+0.2000)`
    );
    expect(m.best!.reason).toMatch(/significant\.$/);
  });
  it('one run: a best model without a test, and no runs: none', () => {
    const m = modelAnalytics({ runs: [run('a', XSS, [0.2, 0.4], 1)] });
    expect(m.best!.runnerUp).toBeNull();
    expect(m.best!.reason).toMatch(/only finished run/);
    expect(m.best!.name.startsWith(`${XSS} · `)).toBe(true);
    expect(modelAnalytics({ runs: [] }).best).toBeNull();
  });
  it('a run tested on held-out customers is never the best of the random-split runs; it is listed apart', () => {
    const split = { kind: 'random' as const, seed: 42 };
    const a = { ...run('a', 'WARP', [0.2, 0.4, 0.2, 0.2], 1), split };
    const b = { ...run('b', 'BPR', [0.2, 0.2, 0.2, 0.0], 2), split };
    const cold = {
      ...run('cold', 'WARP · held-out customers', [0.4, 0.4, 0.2, 0.4], 3),
      split: { kind: 'cold_start' as const, seed: 42 }
    };
    const m = modelAnalytics({ runs: [cold, a, b], iterations: 200 });
    expect(m.best!.runId).toBe('a');
    expect(m.best!.split).toBe('random 80/20');
    expect(m.runs.map((r) => r.id)).toEqual(['a', 'b']);
    expect(m.pAtK.models).toHaveLength(2);
    expect(m.group!.label).toBe('random 80/20');
    expect(m.otherGroups).toEqual([
      {
        key: 'ds|cold_start|0.2|42',
        label: 'held-out customers (20%)',
        description: expect.stringMatching(/^held-out-customer split/),
        runs: [{ id: 'cold', name: runLabels([cold]).get('cold') }]
      }
    ]);
  });
  it('bootstrapMean brackets the mean; metric labels', () => {
    const r = bootstrapMean(Float64Array.from([0, 1, 0, 1, NaN]), { iterations: 500 });
    expect(r.mean).toBe(0.5);
    expect(r.lower!).toBeLessThan(0.5);
    expect(r.upper!).toBeGreaterThan(0.5);
    expect(metricLabel('ndcg@10')).toBe('NDCG@10');
    expect(metricLabel('auc')).toBe('AUC');
  });
});

describe('datasetAnalytics', () => {
  it('runs every part once and reports timings', () => {
    const a = datasetAnalytics({ dataset: generateDataset({ customers: 300, seed: 2, ceilings: false }) });
    expect(a.customers.customers).toBe(300);
    expect(a.plans.plans).toHaveLength(20);
    expect(a.gaps.groups.reduce((s, g) => s + g.customers, 0)).toBe(300);
    expect(a.timings.total).toBeGreaterThanOrEqual(a.timings.gaps);
  });
});
