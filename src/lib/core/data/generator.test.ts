import { describe, expect, it } from 'vitest';
import { quantiles } from '../features/usage-stats.ts';
import { computeCeilings } from './ceilings.ts';
import {
  customerId,
  GENERATOR_TARGETS as T,
  generateDataset,
  generateDatasetAsync,
  type GenerateProgress
} from './generator.ts';
import { defaultPlanCatalogue, isDominated } from './plan-catalogue.ts';
import { SEGMENTS, type TelcoDataset } from './schema.ts';
import { customerUtilities } from './utility.ts';

const within = (actual: number, target: number, rel = 0.05) =>
  expect(Math.abs(actual / target - 1), `${actual} vs target ${target}`).toBeLessThanOrEqual(rel);

/** Monthly values of one usage column for the customers of one segment (or all). */
function monthly(ds: TelcoDataset, col: Float32Array, segment?: number): Float32Array {
  const m = ds.usage.months;
  const out: number[] = [];
  for (let c = 0; c < ds.customers.ids.length; c++) {
    if (segment !== undefined && ds.customers.segment[c] !== segment) continue;
    for (let k = 0; k < m; k++) out.push(col[c * m + k]);
  }
  return Float32Array.from(out);
}

describe('generator on the 50k preset', () => {
  // The 50k preset as the app generates it (default seed).
  const ds = generateDataset({ customers: 50_000, ceilings: false });
  const n = ds.customers.ids.length;

  it('matches the segment shares within 5%', () => {
    const counts = [0, 0, 0];
    for (const s of ds.customers.segment) counts[s]++;
    SEGMENTS.forEach((_, s) => within(counts[s] / n, T.segmentShares[s]));
  });

  it('matches the data and voice medians by segment within 5%', () => {
    SEGMENTS.forEach((_, s) => {
      within(quantiles(monthly(ds, ds.usage.dataGb, s), [0.5])[0], T.dataMedianGb[s]);
      within(quantiles(monthly(ds, ds.usage.voiceMinutes, s), [0.5])[0], T.voiceMedian[s]);
    });
  });

  it('has a heavy right tail in data use', () => {
    const [p50, p99] = quantiles(monthly(ds, ds.usage.dataGb, 0), [0.5, 0.99]);
    expect(p99 / p50).toBeGreaterThan(5);
  });

  it('matches the SMS median and zero share within 5%', () => {
    const sms = monthly(ds, ds.usage.sms);
    within(quantiles(sms, [0.5])[0], T.smsMedian);
    let silent = 0;
    for (let c = 0; c < n; c++)
      if (ds.usage.sms.subarray(c * 12, c * 12 + 12).every((v) => v === 0)) silent++;
    within(silent / n, T.smsZeroShare);
  });

  it('grows data use by about 18% a year', () => {
    // Median over customers of the per-customer log-linear slope (seasonality is symmetric, so it does not bias it).
    const slopes = new Float64Array(n);
    for (let c = 0; c < n; c++) {
      let sxy = 0,
        sxx = 0,
        mean = 0;
      for (let m = 0; m < 12; m++) mean += Math.log(ds.usage.dataGb[c * 12 + m] + 1e-3) / 12;
      for (let m = 0; m < 12; m++) {
        sxy += (m - 5.5) * (Math.log(ds.usage.dataGb[c * 12 + m] + 1e-3) - mean);
        sxx += (m - 5.5) ** 2;
      }
      slopes[c] = (12 * sxy) / sxx;
    }
    within(Math.exp(quantiles(slopes, [0.5])[0]), 1 + T.dataTrendPerYear);
  });

  it('gives 2 to 3 adoptions per customer, signup first, switches to new plans', () => {
    const a = ds.adoptions;
    const perCustomer = a.customerIdx.length / n;
    expect(perCustomer).toBeGreaterThan(2);
    expect(perCustomer).toBeLessThan(3);
    // Count violations rather than calling expect per row (100k rows).
    let lastCustomer = -1,
      lastDay = -Infinity,
      bad = 0;
    const held = new Set<number>();
    for (let r = 0; r < a.customerIdx.length; r++) {
      if (a.customerIdx[r] !== lastCustomer) {
        if (a.kind[r] !== 0) bad++;
        lastCustomer = a.customerIdx[r];
        held.clear();
      } else if (a.kind[r] !== 1 || a.day[r] < lastDay) bad++;
      if (held.has(a.planIdx[r])) bad++;
      held.add(a.planIdx[r]);
      lastDay = a.day[r];
    }
    expect(bad).toBe(0);
  });
});

describe('plan catalogue', () => {
  const plans = defaultPlanCatalogue();

  it('has about 20 plans of every type and no dominated plan', () => {
    expect(plans.length).toBe(20);
    expect(new Set(plans.map((p) => p.type)).size).toBe(5);
    for (const a of plans)
      for (const b of plans) expect(isDominated(a, b), `${a.id} dominated by ${b.id}`).toBe(false);
  });

  it('detects a dominated plan', () => {
    const worse = { ...plans[1], id: 'x', price: plans[1].price + 1 };
    expect(isDominated(worse, plans[1])).toBe(true);
  });

  it('lets every plan be the best choice of some customers', () => {
    const ds = generateDataset({ customers: 5000, seed: 3, ceilings: false });
    const best = new Array<number>(plans.length).fill(0);
    const u = new Float64Array(plans.length);
    for (let c = 0; c < 5000; c++) {
      customerUtilities(ds, c, u);
      best[u.indexOf(Math.max(...u))]++;
    }
    best.forEach((count, j) => expect(count, `plan ${plans[j].id}`).toBeGreaterThan(0));
  });
});

describe('generator behaviour', () => {
  it('pads ids so they sort like indices', () => {
    expect(customerId(7, 5000)).toBe('c00007');
    expect(customerId(7, 1_000_000)).toBe('c000007');
  });

  it('reports progress up to 1 and is seeded', async () => {
    const seen: GenerateProgress[] = [];
    const a = generateDataset({ customers: 3000, seed: 5, onProgress: (p) => seen.push(p) });
    expect(seen.at(-1)).toMatchObject({ phase: 'done', fraction: 1 });
    for (let k = 1; k < seen.length; k++)
      expect(seen[k].fraction).toBeGreaterThanOrEqual(seen[k - 1].fraction);
    const b = await generateDatasetAsync({ customers: 3000, seed: 5, yieldControl: () => Promise.resolve() });
    expect(b).toEqual(a);
  });

  it('stops when cancelled', async () => {
    const signal = { aborted: false };
    const run = generateDatasetAsync({
      customers: 5000,
      ceilings: false,
      signal,
      onProgress: (p) => {
        if (p.done >= 2000) signal.aborted = true;
      }
    });
    await expect(run).rejects.toMatchObject({ name: 'CoreError:aborted' });
  });

  it('rejects bad sizes with a clear message', () => {
    expect(() => generateDataset({ customers: 0 })).toThrow(/customers must be an integer/);
  });

  it('carries ceilings where the ideal ranking beats popularity', () => {
    const ds = generateDataset({ customers: 3000, seed: 9 });
    expect(ds.ceilings!.map((c) => c.split.kind)).toEqual(['random', 'temporal', 'cold_start']);
    for (const c of ds.ceilings!) {
      for (const k of [3, 5, 10]) {
        expect(c.ideal.ndcg[k]).toBeGreaterThan(c.popularity.ndcg[k]);
        expect(c.ideal.precision[k]).toBeGreaterThanOrEqual(c.popularity.precision[k]);
      }
      expect(c.ideal.precision[5]).toBeGreaterThan(c.popularity.precision[5] * 1.2);
    }
    // Same numbers when recomputed from the stored dataset (nothing depends on generation state).
    expect(computeCeilings({ dataset: ds, split: { kind: 'random' } })).toEqual(ds.ceilings![0]);
  });
});
