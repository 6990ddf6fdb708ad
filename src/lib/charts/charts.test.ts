import { describe, expect, it } from 'vitest';
import { createRng } from '../core/data/rng.ts';
import {
  ablationBars,
  embeddingMap,
  HEATMAP_SCALE,
  HEATMAP_TEXT,
  learningCurves,
  metricBars,
  pAtKHeatmap,
  validationCurve
} from './model-charts.ts';
import {
  dataIntensityBySegment,
  lifecyclePie,
  stabilityValueScatter,
  stackedCounts,
  usageBySegment
} from './customer-charts.ts';
import { adoptionShareOverTime, bundleComposition, priceValueScatter } from './plan-charts.ts';
import { warpRankWeighting, warpWeightingCurve } from './docs-charts.ts';
import { contributionBars, revenueTradeoff } from './recommend-charts.ts';
import { AXIS_TITLE_CHAR_PX, baseLayout, wrapText, yTitleRoom } from './figure.ts';

describe('model charts', () => {
  it('P@K heatmap: models × K with printed values', () => {
    const f = pAtKHeatmap({
      models: ['warp', 'bpr'],
      ks: [3, 5],
      values: [
        [0.2, 0.19],
        [0.18, 0.17]
      ]
    });
    expect(f.data[0].type).toBe('heatmap');
    expect(f.data[0].x).toEqual(['P@3', 'P@5']);
    expect(f.data[0].text).toEqual([
      ['0.200', '0.190'],
      ['0.180', '0.170']
    ]);
    expect(() => pAtKHeatmap({ models: ['a'], ks: [3, 5], values: [[1]] })).toThrow(/1 rows × 2 columns/);
  });
  it('P@K heatmap: two runs with the same label stay two rows with their own values', () => {
    const f = pAtKHeatmap({
      models: ['BPR', 'WARP-KOS', 'BPR'],
      ks: [3, 5, 10],
      values: [
        [0.246, 0.187, 0.112],
        [0.282, 0.208, 0.118],
        [0.25, 0.19, 0.11]
      ]
    });
    const y = f.data[0].y as unknown[];
    expect(new Set(y).size).toBe(3);
    const axis = f.layout.yaxis as { tickvals: unknown[]; ticktext: string[] };
    // Row of the first BPR: its own values, labelled BPR.
    const first = y.indexOf(axis.tickvals[0]);
    expect(axis.ticktext[0]).toBe('BPR');
    expect((f.data[0].z as number[][])[first]).toEqual([0.246, 0.187, 0.112]);
    expect(axis.ticktext).toEqual(['BPR', 'WARP-KOS', 'BPR']);
  });
  it('metric bars: one trace per model with asymmetric intervals', () => {
    const f = metricBars({
      metrics: ['P@5', 'AUC'],
      series: [{ name: 'warp', values: [{ mean: 0.2, lower: 0.18, upper: 0.23 }, { mean: 0.86 }] }]
    });
    const e = f.data[0].error_y as { array: number[]; arrayminus: number[] };
    expect(e.array[0]).toBeCloseTo(0.03, 12);
    expect(e.arrayminus[0]).toBeCloseTo(0.02, 12);
    expect(e.array[1]).toBe(0);
    expect(f.layout.barmode).toBe('group');
    // The axis says what the bars are, not a bare "value".
    expect((f.layout.yaxis as { title: { text: string } }).title.text).toBe('mean over test customers');
  });
  it('learning and validation curves; the best epoch is starred', () => {
    const l = learningCurves({ series: [{ name: 'a', x: [1, 2, 3], y: [3, 2, 1] }], logY: true });
    expect((l.layout.yaxis as { type: string }).type).toBe('log');
    const v = validationCurve({ series: [{ name: 'a', x: [1, 2, 3], y: [0.1, 0.3, 0.2] }] });
    expect(v.data).toHaveLength(2);
    expect(v.data[1].x).toEqual([2]);
    expect(() => learningCurves({ series: [{ name: 'a', x: [1], y: [] }] })).toThrow(/1 x values/);
  });
  it('ablation bars: sorted ascending so the best is on top, with a reference line', () => {
    const f = ablationBars({
      rows: [
        { label: 'all', mean: 0.2, lower: 0.19, upper: 0.21 },
        { label: 'none', mean: 0.12 }
      ],
      metric: 'P@5',
      reference: { label: 'popularity', value: 0.125 }
    });
    expect(f.data[0].y).toEqual(['none', 'all']);
    expect((f.layout.shapes as { x0: number }[])[0].x0).toBe(0.125);
  });
  it('embedding map: plans by group plus a customer layer, axes say the variance share', () => {
    const rng = createRng(2);
    const plans = Array.from({ length: 5 * 4 }, () => rng.normal());
    const f = embeddingMap({
      planVectors: plans,
      components: 4,
      planNames: ['a', 'b', 'c', 'd', 'e'],
      planGroups: ['x', 'x', 'y', 'y', 'y'],
      customerVectors: Array.from({ length: 3 * 4 }, () => rng.normal())
    });
    expect(f.data.map((t) => t.name)).toEqual(['customers (sample)', 'x', 'y']);
    expect((f.data[0].x as number[]).length).toBe(3);
    expect(String((f.layout.xaxis as { title: { text: string } }).title.text)).toMatch(
      /^PC1 \(\d+% of variance\)$/
    );
    expect(() => embeddingMap({ planVectors: plans, components: 4, planNames: ['a'] })).toThrow(
      /5 plan vectors/
    );
  });
});

describe('customer and plan charts', () => {
  it('lifecycle pie', () => {
    const f = lifecyclePie({ labels: ['bronze', 'gold'], counts: [3, 1] });
    expect(f.data[0]).toMatchObject({ type: 'pie', labels: ['bronze', 'gold'], values: [3, 1] });
  });
  it('stacked counts normalise within each category', () => {
    const f = dataIntensityBySegment({
      categories: ['res', 'bus'],
      levels: ['low', 'high'],
      counts: [
        [1, 0],
        [3, 2]
      ]
    });
    expect(f.layout.barmode).toBe('stack');
    expect(f.data[0].y).toEqual([0.25, 0]);
    expect(f.data[1].y).toEqual([0.75, 1]);
    expect(
      stackedCounts({ categories: ['a'], levels: ['l'], counts: [[4]], normalise: false }).data[0].y
    ).toEqual([4]);
  });
  it('usage by segment: box or violin, log axis drops non-positive values', () => {
    const f = usageBySegment({ groups: [{ segment: 'res', values: [0, 1, 10] }], metric: 'GB' });
    expect(f.data[0]).toMatchObject({ type: 'box', y: [1, 10] });
    expect((f.layout.yaxis as { type: string }).type).toBe('log');
    expect(
      usageBySegment({
        groups: [{ segment: 'res', values: [0, 1] }],
        metric: 'GB',
        kind: 'violin',
        log: false
      }).data[0]
    ).toMatchObject({ type: 'violin', y: [0, 1] });
  });
  it('stability against value: one trace per group', () => {
    const f = stabilityValueScatter({
      points: [
        { stability: 0.5, value: 1, group: 'a' },
        { stability: 0.7, value: 2, group: 'b' },
        { stability: 0.1, value: 3, group: 'a' }
      ]
    });
    expect(f.data.map((t) => (t.x as number[]).length)).toEqual([2, 1]);
  });
  it('price against value: marker area follows adoptions', () => {
    const f = priceValueScatter({
      plans: [
        { name: 'A', price: 10, value: 1, adoptions: 100, type: 'prepaid' },
        { name: 'B', price: 50, value: 2, adoptions: 25, type: 'prepaid' }
      ],
      maxSize: 40
    });
    const m = f.data[0].marker as { size: number[]; sizemode: string; sizeref: number };
    expect(m.sizemode).toBe('area');
    expect(Math.sqrt(m.size[0] / m.sizeref)).toBeCloseTo(40 / Math.SQRT2, 9); // Plotly: diameter = √(size/sizeref)
  });
  it('bundle composition grid and adoption shares summing to 1', () => {
    const b = bundleComposition({
      plans: [{ name: 'A', bundles: { video: true, music: false } }],
      bundles: ['video', 'music']
    });
    expect(b.data[0].z).toEqual([[1, 0]]);
    const a = adoptionShareOverTime({
      periods: ['t1', 't2'],
      plans: ['A', 'B'],
      counts: [
        [1, 0],
        [3, 0]
      ]
    });
    expect(a.data[0].y).toEqual([0.25, 0]);
    expect(a.data[1].y).toEqual([0.75, 0]);
    expect(() => adoptionShareOverTime({ periods: ['t1'], plans: ['A'], counts: [[1, 2]] })).toThrow(
      /1 plans × 1 periods/
    );
  });
});

describe('docs and recommend charts', () => {
  it('WARP weighting: rises with the rank, updates get rarer for well-ranked positives', () => {
    const c = warpWeightingCurve({ nItems: 20, maxSampled: 10 });
    expect(c.violators).toHaveLength(19);
    // r = N−1: the first trial almost surely violates, weight ln(19) with probability 19/20.
    expect(c.updateProbability[18]).toBeCloseTo(1 - (1 / 20) ** 10, 12);
    expect(c.expectedWeight[0]).toBeLessThan(c.expectedWeight[18]);
    // r = 1: P(update) = 1 − (19/20)^10
    expect(c.updateProbability[0]).toBeCloseTo(1 - 0.95 ** 10, 12);
    const f = warpRankWeighting();
    expect(f.data).toHaveLength(3);
    expect(f.data[2].yaxis).toBe('y2');
  });
  it('contribution bars colour by sign and put the largest on top', () => {
    const f = contributionBars({
      items: [
        { label: 'big', value: 0.5 },
        { label: 'small', value: -0.1 }
      ]
    });
    expect(f.data[0].y).toEqual(['small', 'big']);
    expect((f.data[0].marker as { color: string[] }).color).toEqual(['#D55E00', '#009E73']);
  });
  it('contribution bars wrap long labels whole and size the left margin to the longest line', () => {
    const long =
      "The customer's monthly usage pattern and trend makes this plan a better fit (+0.41; largest part: data std low with data tier heavy +0.02)";
    const f = contributionBars({
      items: [
        { label: long, value: 0.41 },
        { label: 'Plan popularity', value: -0.1 }
      ]
    });
    const y = f.data[0].y as string[];
    const lines = y[1].split('<br>');
    // Nothing cut: the lines read back as the whole label, none wider than the wrap width.
    expect(lines.join(' ')).toBe(long);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(28);
    const margin = f.layout.margin as { l: number };
    const longest = Math.max(...y.flatMap((t) => t.split('<br>')).map((t) => t.length));
    expect(margin.l).toBeGreaterThanOrEqual(7 * longest);
    expect((f.layout.yaxis as { automargin: boolean }).automargin).toBe(true);
    // Taller with more lines, so wrapped labels do not overlap.
    expect(f.layout.height as number).toBeGreaterThanOrEqual(18 * (lines.length + 1) + 100);
    expect(wrapText('a-single-very-long-feature-name-without-spaces-at-all', 28)).toEqual([
      'a-single-very-long-feature-name-without-spaces-at-all'
    ]);
  });
  it('revenue trade-off marks the chosen λ', () => {
    const f = revenueTradeoff({
      rows: [
        { lambda: 0, precision: 0.2, averagePrice: 30 },
        { lambda: 1, precision: 0.15, averagePrice: 50 }
      ],
      current: 1
    });
    expect(f.data[1].x).toEqual([50]);
  });
});

describe('charts stay within the Content-Security-Policy', () => {
  // Plotly's WebGL traces (scattergl, …) build their shaders with `new Function`, which the
  // site's policy refuses (no 'unsafe-eval'): the scatter plots use SVG traces instead.
  it('the scatter plots (stability against value, embedding map) use no WebGL trace', () => {
    const rng = createRng(3);
    const figures = [
      stabilityValueScatter({ points: [{ stability: 0.5, value: 1, group: 'a' }] }),
      embeddingMap({
        planVectors: Array.from({ length: 3 * 2 }, () => rng.normal()),
        components: 2,
        planNames: ['a', 'b', 'c'],
        customerVectors: [0.1, 0.2]
      })
    ];
    for (const f of figures)
      for (const t of f.data)
        expect(String(t.type)).not.toMatch(
          /gl$|^(splom|parcoords|scatter3d|mesh3d|cone|streamtube|volume|isosurface|surface)$/
        );
  });
});

describe('axis titles fit their plot', () => {
  it("Analytics' price-vs-value y title wraps onto lines no longer than the plot is tall", () => {
    const title = 'value score (benefit per price, best = 1)';
    const f = priceValueScatter({
      plans: [{ name: 'A', price: 10, value: 1, adoptions: 100, type: 'prepaid' }],
      yTitle: title
    });
    const y = f.layout.yaxis as { title: { text: string; standoff: number }; automargin: boolean };
    const lines = y.title.text.split('<br>');
    expect(lines.join(' ')).toBe(title);
    for (const l of lines)
      expect(l.length * AXIS_TITLE_CHAR_PX).toBeLessThanOrEqual(yTitleRoom(f.layout.height as number));
    expect(y.automargin).toBe(true);
    expect(y.title.standoff).toBeGreaterThan(0);
  });
  it('short titles stay on one line', () => {
    expect((baseLayout({ yTitle: 'training loss' }).yaxis as { title: { text: string } }).title.text).toBe(
      'training loss'
    );
  });
});

/** WCAG relative luminance and contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5]
      .map((k) => parseInt(hex.slice(k, k + 2), 16) / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe('P@K heatmap colours', () => {
  it('the best cell is the darkest and its value text reads on every cell colour (≥ 4.5:1)', () => {
    const t = pAtKHeatmap({ models: ['warp'], ks: [3], values: [[0.2]] }).data[0] as unknown as {
      colorscale: [number, string][];
      textfont: { color: string };
    };
    expect(t.colorscale).toEqual(HEATMAP_SCALE);
    expect(t.textfont.color).toBe(HEATMAP_TEXT);
    const [low, high] = [t.colorscale[0][1], t.colorscale[t.colorscale.length - 1][1]];
    expect(contrast(high, '#ffffff')).toBeGreaterThan(contrast(low, '#ffffff'));
    for (const [, c] of t.colorscale) expect(contrast(c, t.textfont.color)).toBeGreaterThanOrEqual(4.5);
  });
});
