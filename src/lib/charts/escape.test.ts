import { describe, expect, it } from 'vitest';
import { escapeLabel } from './escape.ts';
import type { Figure } from './figure.ts';
import {
  ablationBars,
  embeddingMap,
  learningCurves,
  metricBars,
  pAtKHeatmap,
  validationCurve
} from './model-charts.ts';
import { lifecyclePie, stabilityValueScatter, stackedCounts, usageBySegment } from './customer-charts.ts';
import { adoptionShareOverTime, bundleComposition, priceValueScatter } from './plan-charts.ts';
import { contributionBars, revenueTradeoff } from './recommend-charts.ts';

const EVIL = '<img src=x onerror=alert(1)>';

/** Every string anywhere in a figure. */
function strings(x: unknown, out: string[] = []): string[] {
  if (typeof x === 'string') out.push(x);
  else if (Array.isArray(x)) x.forEach((v) => strings(v, out));
  else if (x && typeof x === 'object') Object.values(x).forEach((v) => strings(v, out));
  return out;
}

describe('escapeLabel', () => {
  it('neutralises markup so it shows as text', () => {
    expect(escapeLabel(EVIL)).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(escapeLabel('R&D <b>bold</b>')).toBe('R&amp;D &lt;b&gt;bold&lt;/b&gt;');
    expect(escapeLabel('&lt;')).toBe('&amp;lt;'); // an entity in the data stays literal text too
    expect(escapeLabel(42)).toBe('42');
    expect(escapeLabel(null)).toBe('');
  });
  it('no builder lets a markup name through', () => {
    const figs: Figure[] = [
      pAtKHeatmap({ models: [EVIL], ks: [5], values: [[0.2]], title: EVIL }),
      metricBars({
        metrics: [EVIL],
        series: [{ name: EVIL, values: [{ mean: 0.2, lower: 0.1, upper: 0.3 }] }],
        title: EVIL
      }),
      learningCurves({ series: [{ name: EVIL, x: [1, 2], y: [1, 0.5] }], title: EVIL, yTitle: EVIL }),
      validationCurve({ series: [{ name: EVIL, x: [1, 2], y: [0.1, 0.2] }] }),
      ablationBars({
        rows: [{ label: EVIL, mean: 0.2 }],
        metric: EVIL,
        reference: { label: EVIL, value: 0.1 }
      }),
      embeddingMap({
        planVectors: [1, 0, 0, 1, 1, 1],
        components: 2,
        planNames: [EVIL, 'a', 'b'],
        planGroups: [EVIL, 'x', 'x'],
        customerVectors: [0, 0],
        customerLabels: [EVIL]
      }),
      lifecyclePie({ labels: [EVIL], counts: [3] }),
      stackedCounts({ categories: [EVIL], levels: [EVIL], counts: [[1]] }),
      usageBySegment({ groups: [{ segment: EVIL, values: [1, 2] }], metric: EVIL }),
      stabilityValueScatter({ points: [{ stability: 1, value: 2, group: EVIL, label: EVIL }] }),
      priceValueScatter({ plans: [{ name: EVIL, price: 10, value: 1, adoptions: 5, type: EVIL }] }),
      bundleComposition({ plans: [{ name: EVIL, bundles: { [EVIL]: true } }], bundles: [EVIL] }),
      adoptionShareOverTime({ periods: [EVIL], plans: [EVIL], counts: [[1]] }),
      contributionBars({ items: [{ label: EVIL, value: 0.3 }], title: EVIL }),
      revenueTradeoff({ rows: [{ lambda: 0, precision: 0.2, averagePrice: 30 }], title: EVIL })
    ];
    for (const f of figs) {
      const all = strings(f);
      expect(all.some((s) => s.includes('&lt;img'))).toBe(true); // the name is there, as text
      for (const s of all) expect(s).not.toMatch(/<img|<\/?b>|onerror=alert\(1\)>/);
    }
  });
});
