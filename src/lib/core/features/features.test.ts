import { describe, expect, it } from 'vitest';
import { generateDataset } from '../data/generator.ts';
import { SEGMENTS, type Plan } from '../data/schema.ts';
import { featureCatalogue } from './catalogue.ts';
import {
  bandIndex,
  clvProxy,
  computeFeatureThresholds,
  CUSTOMER_GROUPS,
  customerFeatureNames,
  type CustomerRow,
  type FeatureThresholds,
  valueScore
} from './customer-features.ts';
import { ALL_FEATURES, buildFeatureSpace, NO_FEATURES } from './feature-space.ts';
import { buildFeatureMatrix } from './matrix.ts';
import { computePlanThresholds, planBenefit, planFeatures, PLAN_GROUPS } from './plan-features.ts';
import { profileFeatureNames } from './profile.ts';
import { computeUsageStats, quantiles, seriesStats } from './usage-stats.ts';

const series = (mean: number, extra: Partial<ReturnType<typeof seriesStats>> = {}) => ({
  mean,
  std: 0,
  min: mean,
  max: mean,
  cv: 0,
  trend: 0,
  ...extra
});

/** Hand-made bands: every threshold chosen so the expected band is obvious. */
const TH: FeatureThresholds = {
  version: 1,
  intensity: { data: [5, 10, 15, 20], voice: [100, 200, 300, 400], sms: [0, 10, 20, 30] },
  statistic: {
    data: { mean: [8, 16], std: [1, 3], max: [10, 20], min: [5, 10] },
    voice: { mean: [150, 300], std: [20, 60], max: [200, 400], min: [100, 200] },
    sms: { mean: [10, 30], std: [2, 6], max: [15, 40], min: [1, 10] }
  },
  stabilityCv: 0.2,
  clv: [1000, 2000, 3000],
  valueScale: { data: 20, voice: 400, sms: 50 },
  valueScore: [0.3, 0.6],
  trendFlat: 0.1,
  regions: ['north', 'south']
};

const ROW: CustomerRow = {
  segment: 1,
  age: 30,
  tenureMonths: 40,
  lines: 3,
  region: 'south',
  usage: {
    data: series(12, { std: 3, min: 9, max: 17, cv: 0.25, trend: 0.2 }),
    voice: series(250, { std: 10, min: 230, max: 270, cv: 0.04, trend: -0.05 }),
    sms: series(5, { std: 7, min: 0, max: 20, cv: 1.4, trend: -0.3 })
  }
};

describe('usage statistics', () => {
  it('computes mean, std, min, max, CV and yearly trend of a series', () => {
    const s = seriesStats([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(s.mean).toBe(6.5);
    expect(s.std).toBeCloseTo(Math.sqrt(143 / 12), 12);
    expect([s.min, s.max]).toEqual([1, 12]);
    expect(s.cv).toBeCloseTo(Math.sqrt(143 / 12) / 6.5, 12);
    expect(s.trend).toBeCloseTo(12 / 6.5, 12); // slope 1 per month
    expect(seriesStats([0, 0, 0])).toEqual({ mean: 0, std: 0, min: 0, max: 0, cv: 0, trend: 0 });
  });

  it('computes columns for every customer and quantiles like numpy', () => {
    const stats = computeUsageStats({
      usage: {
        months: 2,
        dataGb: Float32Array.from([1, 3, 5, 5]),
        voiceMinutes: new Float32Array(4),
        sms: Float32Array.from([0, 2, 0, 0])
      }
    });
    expect(Array.from(stats.data.mean)).toEqual([2, 5]);
    expect(Array.from(stats.data.std)).toEqual([1, 0]);
    expect(Array.from(stats.sms.cv)).toEqual([1, 0]);
    expect(quantiles(Float64Array.from([1, 2, 3, 4]), [0.5, 0.25])).toEqual([2.5, 1.75]);
  });
});

describe('customer features on a hand-made row', () => {
  it('bands a value by counting the cuts strictly below it', () => {
    expect([0.5, 1, 1.5, 4, 5].map((v) => bandIndex(v, [1, 2, 3, 4]))).toEqual([0, 0, 1, 3, 4]);
  });

  it('computes the CLV proxy and the value score from their formulas', () => {
    expect(clvProxy(ROW)).toBeCloseTo(3 * (10 + 6 + 2.5 + 0.05) * 64, 9);
    expect(valueScore(ROW, TH.valueScale)).toBeCloseTo(0.6 * 0.6 + 0.25 * 0.625 + 0.15 * 0.1, 12);
  });

  it('gives every feature of every group', () => {
    expect(customerFeatureNames({ row: ROW, thresholds: TH, groups: CUSTOMER_GROUPS })).toEqual([
      'segment:business',
      'lines_band:3-4',
      'age_band:26-40',
      'tenure_band:3-5y',
      'region:south',
      'data_intensity:medium',
      'call_intensity:medium',
      'sms_intensity:low',
      'usage_stability:variable',
      'lifecycle_stage:platinum',
      'value_score:medium',
      'data_mean:mid',
      'data_std:mid',
      'data_max:mid',
      'data_min:mid',
      'voice_mean:mid',
      'voice_std:low',
      'voice_max:mid',
      'voice_min:high',
      'sms_mean:low',
      'sms_std:high',
      'sms_max:mid',
      'sms_min:low',
      'data_trend:rising',
      'voice_trend:flat',
      'sms_trend:falling'
    ]);
  });

  it('switches groups on and off', () => {
    expect(customerFeatureNames({ row: ROW, thresholds: TH, groups: ['basic'] })).toEqual([
      'segment:business'
    ]);
    expect(customerFeatureNames({ row: ROW, thresholds: TH, groups: ['derived'] })).toEqual([
      'usage_stability:variable',
      'lifecycle_stage:platinum',
      'value_score:medium'
    ]);
    expect(customerFeatureNames({ row: ROW, thresholds: TH, groups: [] })).toEqual([]);
  });

  it('derives thresholds from dataset quantiles', () => {
    const stats = computeUsageStats({
      usage: {
        months: 1,
        dataGb: Float32Array.from([1, 2, 3, 4, 5]),
        voiceMinutes: Float32Array.from([10, 20, 30, 40, 50]),
        sms: new Float32Array(5)
      }
    });
    const th = computeFeatureThresholds({
      stats,
      lines: [1, 1, 1, 1, 1],
      tenureMonths: [0, 0, 0, 0, 0],
      regions: ['x']
    });
    th.intensity.data.forEach((v, k) => expect(v).toBeCloseTo([1.8, 2.6, 3.4, 4.2][k], 5));
    expect(th.valueScale.data).toBeCloseTo(4.6, 6);
    expect(th.clv[1]).toBeCloseTo((10 + 0.5 * 3 + 0.01 * 30) * 24, 4);
  });
});

describe('plan features on hand-made plans', () => {
  const plan = (
    id: string,
    price: number,
    dataGb: number | null,
    lines: number,
    bundles: Partial<Plan['bundles']> = {}
  ): Plan => ({
    id,
    name: id,
    type: 'postpaid',
    price,
    dataGb,
    minutes: null,
    sms: null,
    lines,
    bundles: { video: false, music: false, roaming: false, protection: false, ...bundles }
  });
  const plans = [
    plan('a', 10, 5, 1),
    plan('b', 20, 20, 1, { video: true }),
    plan('c', 40, null, 1, { video: true, music: true, roaming: true }),
    plan('d', 120, 100, 4)
  ];
  const th = computePlanThresholds(plans);

  it('scores benefit per price and bands price per line', () => {
    expect(planBenefit(plans[0])).toBe(5 + 10 + 5);
    expect(planBenefit(plans[2])).toBe(100 + 10 + 5 + 24);
    expect(th.pricePerLine).toEqual(quantiles(Float64Array.from([10, 20, 40, 30]), [0.25, 0.5, 0.75]));
    expect(th.maxRawValue).toBeCloseTo(139 / 40, 12);
  });

  it('gives every feature of every group', () => {
    const f = planFeatures({ plan: plans[2], thresholds: th, groups: PLAN_GROUPS });
    expect(f).toEqual([
      'plan_type:postpaid',
      'price_tier:luxury',
      'data_tier:unlimited',
      'plan_lines:1',
      ['value_score', 1],
      'value_category:high',
      'bundle_type:complete',
      ['bundle_richness', 0.75],
      'bundle:video',
      'bundle:music',
      'bundle:roaming'
    ]);
    const g = planFeatures({ plan: plans[3], thresholds: th, groups: PLAN_GROUPS });
    expect(g).toEqual([
      'plan_type:postpaid',
      'price_tier:premium',
      'data_tier:medium',
      'plan_lines:2-4', // 100 GB over 4 lines = 25 GB a line
      ['value_score', 40 / 30 / (139 / 40)],
      'value_category:low',
      'bundle_type:basic'
    ]);
  });
});

describe('feature space of a generated dataset', () => {
  const ds = generateDataset({ customers: 800, seed: 4, ceilings: false });
  const built = buildFeatureSpace({ dataset: ds });

  it('has identity columns first, every selected value after, rows L1-normalised', () => {
    const { space } = built;
    expect(space.userFeatureNames.slice(0, 2)).toEqual(['user:c00000', 'user:c00001']);
    expect(space.userFeatureNames).toContain('segment:premium');
    expect(space.itemFeatureNames[0]).toBe('item:p01');
    expect(space.userFeatures.nCols).toBe(space.userFeatureNames.length);
    for (const m of [space.userFeatures, space.itemFeatures]) {
      for (let r = 0; r < m.nRows; r++) {
        let sum = 0;
        for (let p = m.indptr[r]; p < m.indptr[r + 1]; p++) sum += m.values[p];
        expect(sum).toBeCloseTo(1, 5);
      }
    }
  });

  it('equals buildFeatureMatrix fed with the same names (the fast path is only faster)', () => {
    const { space, thresholds } = built;
    const cu = ds.customers;
    const rows = cu.ids.map((_, c) =>
      customerFeatureNames({
        row: {
          segment: cu.segment[c],
          age: cu.age[c],
          tenureMonths: cu.tenureMonths[c],
          lines: cu.lines[c],
          region: cu.regionNames[cu.region[c]],
          usage: {
            data: pick(built.stats.data, c),
            voice: pick(built.stats.voice, c),
            sms: pick(built.stats.sms, c)
          }
        },
        thresholds: thresholds.customer,
        groups: CUSTOMER_GROUPS
      })
    );
    const slow = buildFeatureMatrix({
      ids: cu.ids,
      features: rows,
      identityPrefix: 'user:',
      featureNames: space.userFeatureNames
    });
    expect(space.userFeatures).toEqual(slow.matrix);
  });

  it('turns groups and identity off', () => {
    const plain = buildFeatureSpace({ dataset: ds, selection: NO_FEATURES, stats: built.stats });
    expect(plain.space.userFeatures.nCols).toBe(800);
    expect(plain.space.userFeatures.indices.length).toBe(800);
    const noId = buildFeatureSpace({
      dataset: ds,
      selection: { customer: ['basic'], plan: ['basic'], identity: { users: false, items: false } },
      stats: built.stats
    });
    expect(noId.space.userFeatureNames).toEqual(SEGMENTS.map((s) => `segment:${s}`));
    expect(() =>
      buildFeatureSpace({ dataset: ds, selection: { customer: ['nope' as never], plan: [] } })
    ).toThrow(/unknown customer feature group/);
    expect(() =>
      buildFeatureSpace({ dataset: ds, selection: { customer: [], plan: [], identity: { users: false } } })
    ).toThrow(/no features/);
  });

  it('bands a new customer profile exactly like a dataset customer', () => {
    const c = 17,
      cu = ds.customers;
    const months = (col: Float32Array) => Array.from(col.subarray(c * 12, c * 12 + 12));
    const names = profileFeatureNames({
      profile: {
        segment: SEGMENTS[cu.segment[c]],
        dataGb: 0,
        voiceMinutes: 0,
        sms: 0,
        lines: cu.lines[c],
        age: cu.age[c],
        tenureMonths: cu.tenureMonths[c],
        region: cu.regionNames[cu.region[c]],
        monthly: {
          dataGb: months(ds.usage.dataGb),
          voiceMinutes: months(ds.usage.voiceMinutes),
          sms: months(ds.usage.sms)
        }
      },
      thresholds: built.thresholds.customer,
      groups: ALL_FEATURES.customer
    });
    const m = built.space.userFeatures;
    const fromSpace = Array.from(
      m.indices.subarray(m.indptr[c] + 1, m.indptr[c + 1]),
      (k) => built.space.userFeatureNames[k]
    );
    expect(names).toEqual(fromSpace);
    const steady = profileFeatureNames({
      profile: { segment: 'premium', dataGb: 30, voiceMinutes: 100, sms: 0 },
      thresholds: built.thresholds.customer,
      groups: ['statistical', 'derived']
    });
    expect(steady).toContain('usage_stability:stable');
    expect(steady).toContain('data_trend:flat');
    expect(() =>
      profileFeatureNames({
        profile: { segment: 'vip' as never, dataGb: 1, voiceMinutes: 1, sms: 1 },
        thresholds: built.thresholds.customer,
        groups: ['basic']
      })
    ).toThrow(/segment/);
  });

  it('documents every group and feature', () => {
    const cat = featureCatalogue(built.thresholds.customer);
    expect(cat.map((g) => `${g.side}:${g.id}`)).toEqual([
      ...CUSTOMER_GROUPS.map((g) => `customer:${g}`),
      ...PLAN_GROUPS.map((g) => `plan:${g}`)
    ]);
    for (const g of cat)
      for (const f of g.features) expect(f.description.length * f.formula.length).toBeGreaterThan(0);
    expect(cat.find((g) => g.id === 'account')!.features.find((f) => f.name === 'region')!.values).toEqual(
      ds.customers.regionNames
    );
  });
});

function pick(
  s: {
    mean: Float32Array;
    std: Float32Array;
    min: Float32Array;
    max: Float32Array;
    cv: Float32Array;
    trend: Float32Array;
  },
  c: number
) {
  return { mean: s.mean[c], std: s.std[c], min: s.min[c], max: s.max[c], cv: s.cv[c], trend: s.trend[c] };
}
