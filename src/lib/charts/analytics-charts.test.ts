import { describe, expect, it } from 'vitest';
import { gapBars, LOG_TICKS, usagePatterns } from './analytics-charts.ts';
import { baseLayout, LEGEND_BELOW } from './figure.ts';
import { adoptionShareOverTime, bundleComposition, priceValueScatter } from './plan-charts.ts';
import { embeddingMap, metricBars, pAtKHeatmap } from './model-charts.ts';

const XSS = '<img src=x onerror=alert(1)>';
const SAFE = '&lt;img src=x onerror=alert(1)&gt;';

/** Every string anywhere in a figure (labels, names, titles, hover text). */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => strings(x, out));
  return out;
}
const noRawMarkup = (fig: unknown) => expect(strings(fig).filter((s) => s.includes('<img'))).toEqual([]);

describe('usage patterns', () => {
  const groups = [
    { segment: 'residential', dataGb: [0, 1, 10], voiceMinutes: [100, 200], sms: [0, 0, 5] },
    { segment: XSS, dataGb: [2], voiceMinutes: [50], sms: [1] }
  ];
  it('three log panels, one box per segment each, non-positive values dropped, one legend entry per segment', () => {
    const f = usagePatterns({ groups });
    expect(f.data).toHaveLength(6);
    expect(f.data.map((t) => t.xaxis)).toEqual(['x', 'x', 'x2', 'x2', 'x3', 'x3']);
    expect(f.data[0]).toMatchObject({ type: 'box', y: [1, 10], showlegend: true });
    expect(f.data[4]).toMatchObject({ y: [5], showlegend: false });
    for (const a of ['yaxis', 'yaxis2', 'yaxis3']) expect((f.layout[a] as { type: string }).type).toBe('log');
    const domains = ['xaxis', 'xaxis2', 'xaxis3'].map((a) => (f.layout[a] as { domain: number[] }).domain);
    for (let k = 1; k < 3; k++) expect(domains[k][0]).toBeGreaterThan(domains[k - 1][1]);
    expect(usagePatterns({ groups, kind: 'violin' }).data[0].type).toBe('violin');
  });
  it('draws boxes from statistics computed ahead when given (no raw values in the figure), violins from the samples', () => {
    const box = { q1: 1, median: 2, q3: 4, lowerFence: 0.5, upperFence: 8, mean: 3, n: 900 };
    const withBoxes = groups.map((g, k) => ({
      ...g,
      boxes: { dataGb: box, voiceMinutes: box, sms: k === 0 ? null : box }
    }));
    const f = usagePatterns({ groups: withBoxes });
    expect(f.data).toHaveLength(6);
    expect(f.data[0]).toMatchObject({
      type: 'box',
      x: ['residential'],
      q1: [1],
      median: [2],
      q3: [4],
      lowerfence: [0.5],
      upperfence: [8],
      mean: [3],
      boxmean: true,
      showlegend: true
    });
    expect(f.data[0]).not.toHaveProperty('y');
    expect(f.data[4]).toMatchObject({ x: [], q1: [], showlegend: false }); // no positive SMS: no box
    expect(usagePatterns({ groups: withBoxes, kind: 'violin' }).data[0]).toMatchObject({
      type: 'violin',
      y: [1, 10]
    });
  });
  it('labels log ticks with whole numbers (1, 2, 5, 10, 20…), not a bare leading digit', () => {
    const f = usagePatterns({ groups });
    for (const a of ['yaxis', 'yaxis2', 'yaxis3']) {
      const ax = f.layout[a] as { tickvals: number[]; ticktext: string[] };
      expect(ax.tickvals).toContain(200);
      expect(ax.ticktext[ax.tickvals.indexOf(200)]).toBe('200');
      expect(ax.ticktext[ax.tickvals.indexOf(0.5)]).toBe('0.5');
      expect(ax.ticktext[ax.tickvals.indexOf(5000)]).toBe('5,000');
    }
    expect(LOG_TICKS.slice(0, 4)).toEqual([0.01, 0.02, 0.05, 0.1]);
  });
  it('escapes segment names', () => {
    const f = usagePatterns({ groups });
    expect(f.data[1].name).toBe(SAFE);
    noRawMarkup(f);
  });
});

describe('gap bars', () => {
  it('shares over budget and without a plan, table order top-down, threshold line, escaped labels', () => {
    const f = gapBars({
      rows: [
        { label: `heavy · ${XSS}`, customers: 10, overBudget: 6, noPlan: 1 },
        { label: 'light', customers: 4, overBudget: 1, noPlan: 0 }
      ],
      threshold: 0.25,
      factor: 1.25
    });
    expect(f.data[0].y).toEqual(['light', `heavy · ${SAFE}`]);
    expect(f.data[0].x).toEqual([0.25, 0.6]);
    expect(f.data[1].x).toEqual([0, 0.1]);
    expect(f.layout.barmode).toBe('stack');
    expect((f.layout.shapes as Array<{ x0: number }>)[0].x0).toBe(0.25);
    noRawMarkup(f);
  });
});

describe('markup in plan and model names never reaches Plotly raw', () => {
  it('price/value, bundles, adoption share, P@K, metric bars and the embedding map', () => {
    noRawMarkup(
      priceValueScatter({ plans: [{ name: XSS, price: 10, value: 0.5, adoptions: 3, type: 'prepaid' }] })
    );
    noRawMarkup(bundleComposition({ plans: [{ name: XSS, bundles: { video: true } }], bundles: ['video'] }));
    noRawMarkup(adoptionShareOverTime({ periods: ['2024'], plans: [XSS], counts: [[1]] }));
    noRawMarkup(pAtKHeatmap({ models: [XSS], ks: [5], values: [[0.1]] }));
    noRawMarkup(
      metricBars({
        metrics: ['P@5'],
        series: [{ name: XSS, values: [{ mean: 0.1, lower: 0.05, upper: 0.2 }] }]
      })
    );
    noRawMarkup(
      embeddingMap({
        planVectors: [1, 0, 0, 1, 1, 1],
        components: 2,
        planNames: [XSS, 'b', 'c'],
        customerVectors: [0.5, 0.5],
        customerLabels: [XSS]
      })
    );
  });
});

describe('base layout legend', () => {
  it('sits at the bottom of the figure in container coordinates, not over the x-axis title', () => {
    const l = baseLayout({ xTitle: 'x' }).legend as Record<string, unknown>;
    expect(l).toEqual({
      orientation: 'h',
      x: 0,
      xanchor: 'left',
      y: 0,
      yanchor: 'bottom',
      yref: 'container'
    });
    // Each layout gets its own copy: mutating one never changes the shared default.
    l.y = 5;
    expect(LEGEND_BELOW.y).toBe(0);
    expect((baseLayout().legend as Record<string, unknown>).y).toBe(0);
  });
});
