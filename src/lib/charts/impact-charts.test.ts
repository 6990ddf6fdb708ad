import { describe, expect, it } from 'vitest';
import {
  impactFrontier,
  monthlyConversion,
  offerShareBars,
  policyBars,
  readableLabels
} from './impact-charts.ts';

const est = (mean: number, lo: number, hi: number) => ({ mean, ci: [lo, hi] as [number, number] });

describe('impact chart builders', () => {
  it('frontier: revenue change on x, conversion and benefit on y with asymmetric intervals, the current λ starred', () => {
    const points = [
      {
        lambda: 0,
        conversion: est(0.5, 0.48, 0.53),
        revenueChange: est(-2, -2.5, -1.8),
        benefitShare: est(0.3, 0.29, 0.31)
      },
      {
        lambda: 1,
        conversion: est(0.4, 0.39, 0.41),
        revenueChange: est(1, 0.5, 1.2),
        benefitShare: est(0.2, 0.19, 0.22)
      }
    ];
    const f = impactFrontier({ points, current: 1 });
    expect(f.data).toHaveLength(3);
    expect(f.data[0]).toMatchObject({
      name: 'conversion',
      x: [-2, 1],
      y: [0.5, 0.4],
      text: ['λ = 0', 'λ = 1'],
      customdata: ['λ = 0', 'λ = 1']
    });
    const ey = f.data[0].error_y as { array: number[]; arrayminus: number[] };
    expect(ey.array[0]).toBeCloseTo(0.03, 12);
    expect(ey.arrayminus[0]).toBeCloseTo(0.02, 12);
    expect((f.data[0].error_x as { arrayminus: number[] }).arrayminus[0]).toBeCloseTo(0.5, 12);
    expect(f.data[2]).toMatchObject({ name: 'current λ = 1', x: [1, 1], y: [0.4, 0.2] });
    expect((f.layout.yaxis as { tickformat: string }).tickformat).toBe('.0%');
    expect(impactFrontier({ points, current: 0.3 }).data).toHaveLength(2);
  });

  it('bars and lines carry one trace per policy and escape labels', () => {
    const bars = policyBars({
      categories: ['residential', 'business'],
      series: [{ name: '<b>x</b>', values: [est(0.1, 0, 0.2), est(0.3, 0.2, 0.4)] }],
      title: 't',
      yTitle: 'y'
    });
    expect(bars.data[0]).toMatchObject({ type: 'bar', y: [0.1, 0.3] });
    expect(String(bars.data[0].name)).not.toContain('<b>');
    const offers = offerShareBars({
      plans: ['A', 'B'],
      series: [{ name: 'pop', shares: [0.75, 0.25], coverage: 1, hhi: 0.625 }]
    });
    expect(offers.data[0].name).toBe('pop (coverage 100%, HHI 0.63)');
    expect(
      offerShareBars({
        plans: ['A'],
        series: [{ name: 'p', shares: [1], coverage: 1, hhi: 1, typesPerOffer: 2.25 }]
      }).data[0].name
    ).toBe('p (coverage 100%, HHI 1.00, 2.3 plan types per offer)');
    const months = monthlyConversion({
      months: 3,
      series: [{ name: 'frozen', values: [est(0.5, 0.4, 0.6), est(0.2, 0.1, 0.3), est(0.1, 0, 0.2)] }]
    });
    expect(months.data[0]).toMatchObject({ x: [1, 2, 3], y: [0.5, 0.2, 0.1] });
  });

  it('frontier labels: clustered small-λ points get one label (the current λ wins), hover still names every λ', () => {
    // λ 0, 0.25, 0.5 sit within 1% of the axes' ranges of each other; 1, 2, 4 are spread out.
    const at = (lambda: number, x: number, y: number) => ({
      lambda,
      conversion: est(y, y, y),
      revenueChange: est(x, x, x),
      benefitShare: est(y / 2, y / 2, y / 2)
    });
    const points = [
      at(0, 0, 0.5),
      at(0.25, 0.02, 0.499),
      at(0.5, 0.04, 0.498),
      at(1, 1, 0.45),
      at(2, 2, 0.4),
      at(4, 4, 0.3)
    ];
    const f = impactFrontier({ points, current: 0.25 });
    expect(f.data[0].text).toEqual(['', 'λ = 0.25', '', 'λ = 1', 'λ = 2', 'λ = 4']);
    expect(f.data[0].customdata).toEqual(points.map((q) => `λ = ${q.lambda}`));
    expect(impactFrontier({ points, current: 3 }).data[0].text).toEqual([
      'λ = 0',
      '',
      '',
      'λ = 1',
      'λ = 2',
      'λ = 4'
    ]);
    // The rule itself: x gaps of 10% and 5% of the range (y flat), threshold 8%.
    expect(
      readableLabels([
        { x: 0, y: 0 },
        { x: 1, y: 0 },
        { x: 1.5, y: 0 },
        { x: 10, y: 0 }
      ])
    ).toEqual([true, true, false, true]);
    expect(
      readableLabels(
        [
          { x: 0, y: 0 },
          { x: 1, y: 0 },
          { x: 1.5, y: 0 },
          { x: 10, y: 0 }
        ],
        2
      )
    ).toEqual([true, false, true, true]);
  });
});
