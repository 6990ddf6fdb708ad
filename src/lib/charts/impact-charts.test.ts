import { describe, expect, it } from 'vitest';
import { impactFrontier, monthlyConversion, offerShareBars, policyBars } from './impact-charts.ts';

const est = (mean: number, lo: number, hi: number) => ({ mean, ci: [lo, hi] as [number, number] });

describe('impact chart builders', () => {
  it('frontier: revenue change on x, conversion and benefit on y with asymmetric intervals, the current λ starred', () => {
    const points = [
      { lambda: 0, conversion: est(0.5, 0.48, 0.53), revenueChange: est(-2, -2.5, -1.8), benefitShare: est(0.3, 0.29, 0.31) },
      { lambda: 1, conversion: est(0.4, 0.39, 0.41), revenueChange: est(1, 0.5, 1.2), benefitShare: est(0.2, 0.19, 0.22) }
    ];
    const f = impactFrontier({ points, current: 1 });
    expect(f.data).toHaveLength(3);
    expect(f.data[0]).toMatchObject({ name: 'conversion', x: [-2, 1], y: [0.5, 0.4], text: ['λ = 0', 'λ = 1'] });
    const ey = f.data[0].error_y as { array: number[]; arrayminus: number[] };
    expect(ey.array[0]).toBeCloseTo(0.03, 12);
    expect(ey.arrayminus[0]).toBeCloseTo(0.02, 12);
    expect((f.data[0].error_x as { arrayminus: number[] }).arrayminus[0]).toBeCloseTo(0.5, 12);
    expect(f.data[2]).toMatchObject({ name: 'current λ = 1', x: [1, 1], y: [0.4, 0.2] });
    expect((f.layout.yaxis as { tickformat: string }).tickformat).toBe('.0%');
    expect(impactFrontier({ points, current: 0.3 }).data).toHaveLength(2);
  });

  it('bars and lines carry one trace per policy and escape labels', () => {
    const bars = policyBars({ categories: ['residential', 'business'], series: [{ name: '<b>x</b>', values: [est(0.1, 0, 0.2), est(0.3, 0.2, 0.4)] }], title: 't', yTitle: 'y' });
    expect(bars.data[0]).toMatchObject({ type: 'bar', y: [0.1, 0.3] });
    expect(String(bars.data[0].name)).not.toContain('<b>');
    const offers = offerShareBars({ plans: ['A', 'B'], series: [{ name: 'pop', shares: [0.75, 0.25], coverage: 1, hhi: 0.625 }] });
    expect(offers.data[0].name).toBe('pop (coverage 100%, HHI 0.63)');
    expect(offerShareBars({ plans: ['A'], series: [{ name: 'p', shares: [1], coverage: 1, hhi: 1, typesPerOffer: 2.25 }] }).data[0].name).toBe('p (coverage 100%, HHI 1.00, 2.3 plan types per offer)');
    const months = monthlyConversion({ months: 3, series: [{ name: 'frozen', values: [est(0.5, 0.4, 0.6), est(0.2, 0.1, 0.3), est(0.1, 0, 0.2)] }] });
    expect(months.data[0]).toMatchObject({ x: [1, 2, 3], y: [0.5, 0.2, 0.1] });
  });
});
