import { describe, expect, it } from 'vitest';
import type { TelcoDataset } from '../data/schema.ts';
import { generateDataset } from '../data/generator.ts';
import { findGaps, type GapGroup } from './gaps.ts';
import { testPlan as plan } from './plan-fixture.ts';

/**
 * Four heavy-data, price-sensitive residential customers (40 GB a month, 1 line) whose cheapest
 * fitting plan is the same 60-a-month unlimited plan, with budgets 20, 50, 100, 200: only the
 * first is over 1.25× budget (3×), which is 25% of the group, so it is a gap. The budgets'
 * median (75) and the ratios' median (0.9) are different populations' numbers: 60 / 75 = 0.8.
 */
function mixedBudgets(): TelcoDataset {
  const n = 4,
    months = 2;
  return {
    name: 'mixed budgets',
    startDate: '2024-01-01',
    customers: {
      ids: ['c0', 'c1', 'c2', 'c3'],
      segment: new Uint8Array(n),
      age: new Uint8Array(n).fill(30),
      tenureMonths: new Uint16Array(n).fill(3),
      lines: new Uint8Array(n).fill(1),
      region: new Uint8Array(n),
      regionNames: ['north'],
      hidden: {
        budget: Float32Array.from([20, 50, 100, 200]),
        priceSensitivity: new Float32Array(n).fill(0.9),
        bundleTaste: new Float32Array(n * 4)
      }
    },
    usage: {
      months,
      dataGb: new Float32Array(n * months).fill(40),
      voiceMinutes: new Float32Array(n * months).fill(100),
      sms: new Float32Array(n * months)
    },
    plans: [plan('p1', 'Small', 'prepaid', 10, 5), plan('p2', 'Unlimited', 'family', 60, null)],
    adoptions: {
      customerIdx: Int32Array.from([0, 1, 2, 3]),
      planIdx: Int32Array.from([1, 1, 1, 1]),
      day: new Int32Array(4),
      kind: new Uint8Array(4)
    }
  };
}

/** "… at 60.00 a month against a budget of 20.00 (3.00×)" → the three numbers. */
function citedNumbers(reason: string): { bill: number; budget: number; ratio: number } | null {
  const m = /at (\d+\.\d\d) a month against a budget of (\d+\.\d\d) \((\d+\.\d\d)×\)/.exec(reason);
  return m ? { bill: Number(m[1]), budget: Number(m[2]), ratio: Number(m[3]) } : null;
}

/** Every number shown for a group agrees with the numbers beside it. */
function expectConsistent(g: GapGroup, factor: number): void {
  if (g.bestFit && Number.isFinite(g.bestFit.ratio)) {
    // The table shows bill, budget and ratio to 2 decimals: the ratio is the quotient of the two.
    expect(g.bestFit.ratio).toBeCloseTo(g.bestFit.bill / g.bestFit.budget, 10);
  }
  const cited = citedNumbers(g.reason);
  if (g.gap && g.overBudget > 0) {
    expect(cited, g.reason).not.toBeNull();
    expect(cited!.ratio).toBeCloseTo(cited!.bill / cited!.budget, 1);
    // The cited bill really is over the threshold: a gap is never explained by a bill under budget.
    expect(cited!.bill).toBeGreaterThan(factor * cited!.budget);
    expect(g.overBudgetExample!.ratio).toBeGreaterThan(factor);
  } else {
    expect(cited).toBeNull();
  }
}

describe('gap table: every number and sentence agrees with its data', () => {
  it('bill, budget and ratio of the cheapest fitting plan come from the same customers', () => {
    const g = findGaps({ dataset: mixedBudgets(), minCustomers: 1, dataCuts: [3, 20] });
    const row = g.groups.find((x) => x.key === 'residential|heavy|sensitive|1')!;
    expect(row.gap).toBe(true);
    expect(row.overBudget).toBe(1);
    expect(row.bestFit).toMatchObject({ planName: 'Unlimited', customers: 4, bill: 60, budget: 75 });
    expect(row.bestFit!.ratio).toBeCloseTo(0.8, 12);
    expectConsistent(row, g.overBudgetFactor);
  });

  it('the reason cites the over-budget customers, not the typical member who is under budget', () => {
    const g = findGaps({ dataset: mixedBudgets(), minCustomers: 1, dataCuts: [3, 20] });
    const row = g.groups.find((x) => x.key === 'residential|heavy|sensitive|1')!;
    expect(row.overBudgetExample).toMatchObject({ planName: 'Unlimited', bill: 60, budget: 20, ratio: 3 });
    expect(row.reason).toContain('25% would pay more than 1.25× their budget');
    expect(citedNumbers(row.reason)).toEqual({ bill: 60, budget: 20, ratio: 3 });
  });

  it('holds for every group of a generated dataset, at several thresholds', () => {
    const ds = generateDataset({ customers: 1500, seed: 11, ceilings: false });
    const pricier: TelcoDataset = {
      ...ds,
      plans: ds.plans.map((p) => (p.dataGb === null || p.dataGb > 20 ? { ...p, price: p.price * 3 } : p))
    };
    let cited = 0;
    for (const dataset of [ds, pricier]) {
      for (const overBudgetFactor of [1, 1.25, 1.5]) {
        for (const forceProxy of [false, true]) {
          const g = findGaps({ dataset, overBudgetFactor, minShare: 0.1, forceProxy });
          for (const row of g.groups) expectConsistent(row, overBudgetFactor);
          cited += g.groups.filter((r) => r.gap && r.overBudget > 0).length;
        }
      }
    }
    // The check above ran on real gap reasons, not only on groups without one.
    expect(cited).toBeGreaterThan(5);
  });
});
