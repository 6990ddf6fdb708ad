import { baseLayout, colourAt, type Figure, type Trace } from './figure.ts';
import { escapeLabel, escapeLabels } from './escape.ts';
import type { BoxStats } from '../core/analytics/box-stats.ts';

/** Figures that only the Analytics page draws. Inputs are aggregates from core/analytics. */

export interface UsagePatternsOptions {
  /** One entry per segment: per-customer monthly means (a sample is enough). */
  groups: ReadonlyArray<{
    segment: string;
    dataGb: ArrayLike<number>;
    voiceMinutes: ArrayLike<number>;
    sms: ArrayLike<number>;
    /**
     * Box statistics computed ahead (core/analytics/box-stats.ts, positive values only): box
     * plots then draw these instead of the samples (a dozen numbers, not thousands of points).
     */
    boxes?: Record<'dataGb' | 'voiceMinutes' | 'sms', BoxStats | null>;
  }>;
  /** Box plots (default) or violins. */
  kind?: 'box' | 'violin';
  title?: string;
  height?: number;
}

const USAGE_PANELS = [
  { key: 'dataGb', title: 'monthly data (GB)' },
  { key: 'voiceMinutes', title: 'call minutes / month' },
  { key: 'sms', title: 'SMS / month' }
] as const;

/**
 * Log-axis ticks at 1, 2, 5 per decade, labelled with the whole number. Plotly's own log labels
 * print only the leading digit between decades ("2, 5, 10, 2, 5, 100"), which reads as noise.
 */
export const LOG_TICKS: readonly number[] = [-2, -1, 0, 1, 2, 3, 4, 5].flatMap((e) =>
  [1, 2, 5].map((m) => Number((m * 10 ** e).toPrecision(1)))
);

/**
 * Monthly data, calls and SMS by segment side by side: three panels, each a box (or violin) per
 * segment on a log axis. Values ≤ 0 cannot sit on a log axis and are left out (say how many
 * next to the chart, e.g. customers who send no SMS). One legend entry per segment.
 */
export function usagePatterns(o: UsagePatternsOptions): Figure {
  const kind = o.kind ?? 'box';
  const gap = 0.06;
  const w = (1 - 2 * gap) / 3;
  const data: Trace[] = [];
  USAGE_PANELS.forEach((panel, p) => {
    const xa = p === 0 ? 'x' : `x${p + 1}`;
    const ya = p === 0 ? 'y' : `y${p + 1}`;
    o.groups.forEach((g, k) => {
      const name = escapeLabel(g.segment);
      const common = { name, legendgroup: name, showlegend: p === 0, xaxis: xa, yaxis: ya };
      const stats = kind === 'box' ? g.boxes?.[panel.key] : undefined;
      if (stats !== undefined) {
        data.push(precomputedBox(common, stats, colourAt(k)));
        return;
      }
      const ys = Array.from(g[panel.key]).filter((v) => Number.isFinite(v) && v > 0);
      // No x: a box without x sits at its trace name on the panel's category axis.
      const raw = { ...common, y: ys };
      data.push(
        kind === 'violin'
          ? {
              type: 'violin',
              ...raw,
              box: { visible: true },
              meanline: { visible: true },
              points: false,
              line: { color: colourAt(k) },
              spanmode: 'hard',
              hoverinfo: 'y'
            }
          : {
              type: 'box',
              ...raw,
              boxpoints: false,
              boxmean: true,
              marker: { color: colourAt(k) },
              hoverinfo: 'y'
            }
      );
    });
  });
  const layout = baseLayout({
    title: escapeLabel(o.title ?? 'Usage patterns by segment (per line, 12-month means)'),
    height: o.height ?? 400
  });
  USAGE_PANELS.forEach((panel, p) => {
    const suffix = p === 0 ? '' : String(p + 1);
    const lo = p * (w + gap);
    // Fixed margins (baseLayout's fit these axes): automargin makes Plotly lay the three panels
    // out twice, the larger part of this chart's one draw task at 50k customers.
    layout[`xaxis${suffix}`] = {
      domain: [lo, lo + w],
      anchor: `y${suffix}`,
      automargin: false,
      showticklabels: false,
      title: { text: panel.title }
    };
    layout[`yaxis${suffix}`] = {
      type: 'log',
      anchor: `x${suffix}`,
      automargin: false,
      zeroline: false,
      tickvals: LOG_TICKS,
      ticktext: LOG_TICKS.map((v) => v.toLocaleString('en'))
    };
  });
  return { data, layout };
}

/** A box drawn from its statistics, at its trace name on the panel's category axis (none: no box). */
function precomputedBox(common: { name: string }, b: BoxStats | null, colour: string): Trace {
  const one = (v: number | undefined) => (v === undefined ? [] : [v]);
  return {
    type: 'box',
    ...common,
    x: b ? [common.name] : [],
    q1: one(b?.q1),
    median: one(b?.median),
    q3: one(b?.q3),
    lowerfence: one(b?.lowerFence),
    upperfence: one(b?.upperFence),
    mean: one(b?.mean),
    boxpoints: false,
    boxmean: true,
    marker: { color: colour },
    hoverinfo: 'y'
  };
}

export interface GapBarsOptions {
  /** One bar per demand group (already chosen: the gaps, or the nearest groups). */
  rows: ReadonlyArray<{ label: string; customers: number; overBudget: number; noPlan: number }>;
  /** Share that makes a gap: drawn as a dashed line. */
  threshold: number;
  /** Multiple of the budget that counts as over (for the legend). */
  factor: number;
  title?: string;
}

/** Horizontal stacked bars: share of each group over budget on its best fit, and without a plan. */
export function gapBars(o: GapBarsOptions): Figure {
  const rows = [...o.rows].reverse(); // Plotly draws the first category at the bottom: keep the table's order top-down
  const y = escapeLabels(rows.map((r) => r.label));
  const share = (v: number, r: { customers: number }) => (r.customers > 0 ? v / r.customers : 0);
  const data: Trace[] = [
    {
      type: 'bar',
      orientation: 'h',
      name: `over ${o.factor}× budget on the best fit`,
      y,
      x: rows.map((r) => share(r.overBudget, r)),
      customdata: rows.map((r) => [r.overBudget, r.customers]),
      marker: { color: colourAt(1) },
      hovertemplate: '%{y}<br>%{x:.0%} over budget (%{customdata[0]} of %{customdata[1]})<extra></extra>'
    },
    {
      type: 'bar',
      orientation: 'h',
      name: 'no fitting plan',
      y,
      x: rows.map((r) => share(r.noPlan, r)),
      customdata: rows.map((r) => [r.noPlan, r.customers]),
      marker: { color: colourAt(3) },
      hovertemplate: '%{y}<br>%{x:.0%} without a plan (%{customdata[0]} of %{customdata[1]})<extra></extra>'
    }
  ];
  const layout = baseLayout({
    title: escapeLabel(o.title ?? 'Demand groups priced out'),
    xTitle: 'share of the group',
    height: Math.max(240, 34 * rows.length + 150)
  });
  (layout.xaxis as Record<string, unknown>).tickformat = '.0%';
  (layout.xaxis as Record<string, unknown>).range = [0, 1];
  layout.yaxis = { automargin: true };
  layout.shapes = [
    {
      type: 'line',
      x0: o.threshold,
      x1: o.threshold,
      yref: 'paper',
      y0: 0,
      y1: 1,
      line: { dash: 'dash', color: '#444' }
    }
  ];
  layout.annotations = [
    {
      x: o.threshold,
      yref: 'paper',
      y: 1,
      text: `gap at ${Math.round(100 * o.threshold)}%`,
      showarrow: false,
      yanchor: 'bottom',
      font: { size: 11, color: '#444' }
    }
  ];
  return { data, layout: { ...layout, barmode: 'stack' } };
}
