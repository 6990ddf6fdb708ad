import { describe, expect, it } from 'vitest';
import { coAdoptionHeatmap, featureGroupBars, itemAdoptionBars } from './layout-charts.ts';

describe('charts of a dataset without raw tables', () => {
  it('draw adoption bars most adopted on top, a co-adoption grid, and escaped feature values', () => {
    const bars = itemAdoptionBars({
      items: [
        { item: 'A', adoptions: 4 },
        { item: 'B', adoptions: 1 }
      ],
      customers: 8
    });
    expect(bars.data[0]).toMatchObject({ y: ['B', 'A'], x: [1, 4], customdata: [0.125, 0.5] });
    const heat = coAdoptionHeatmap({
      items: ['A', 'B'],
      counts: [
        [4, 1],
        [1, 1]
      ]
    });
    expect(heat.data[0]).toMatchObject({
      type: 'heatmap',
      z: [
        [4, 1],
        [1, 1]
      ]
    });
    const f = featureGroupBars({
      group: 'contract',
      values: [{ value: '<b>x</b>', customers: 2 }],
      customers: 4
    });
    expect((f.data[0].x as string[])[0]).not.toContain('<b>');
    expect(JSON.stringify(f.layout)).toContain('Customers by contract');
  });
});
