import { baseLayout, colourAt, type Figure, type Layout, type Trace } from './figure.ts';
import { escapeLabel, escapeLabels } from './escape.ts';

/** Figures for the Impact page: campaign outcomes with their 95% intervals. */

/** A mean and its 95% interval. */
export interface CampaignEstimate {
  mean: number;
  ci: [number, number];
}

/** The layout with the y axis in percent. */
const percentY = (layout: Layout): Layout => ({
  ...layout,
  yaxis: { ...(layout.yaxis as Record<string, unknown>), tickformat: '.0%' }
});

const errorOf = (e: readonly CampaignEstimate[]) => ({
  type: 'data',
  symmetric: false,
  array: e.map((x) => x.ci[1] - x.mean),
  arrayminus: e.map((x) => x.mean - x.ci[0]),
  thickness: 1
});

export interface ImpactFrontierOptions {
  /** One point per λ of the price re-rank, in λ order. */
  points: ReadonlyArray<{
    lambda: number;
    conversion: CampaignEstimate;
    revenueChange: CampaignEstimate;
    benefitShare: CampaignEstimate;
  }>;
  /** The λ chosen on the page (marked). */
  current: number;
  /** Currency label of revenue, e.g. "per customer per month". */
  title?: string;
}

/**
 * The revenue–conversion–benefit frontier: as λ grows the offers lean to dearer plans; x is
 * the change of the monthly bill against "no offer", y the shares of customers who convert
 * and who end up better off. Both with 95% intervals; the current λ is a star.
 */
export function impactFrontier(o: ImpactFrontierOptions): Figure {
  const p = o.points;
  const x = p.map((q) => q.revenueChange.mean);
  const xErr = errorOf(p.map((q) => q.revenueChange));
  const lambdas = p.map((q) => `λ = ${q.lambda}`);
  const shown = readableLabels(
    p.map((q) => ({ x: q.revenueChange.mean, y: q.conversion.mean })),
    p.findIndex((q) => q.lambda === o.current)
  );
  // λ is written beside the conversion points only (the benefit points sit right below them), and
  // only where it does not overprint another label; hovering any point names its λ.
  const series = (name: string, key: 'conversion' | 'benefitShare', k: number): Trace => ({
    type: 'scatter',
    mode: key === 'conversion' ? 'lines+markers+text' : 'lines+markers',
    name,
    x,
    y: p.map((q) => q[key].mean),
    text: lambdas.map((t, i) => (shown[i] ? t : '')),
    customdata: lambdas,
    textposition: 'top center',
    error_x: xErr,
    error_y: errorOf(p.map((q) => q[key])),
    line: { color: colourAt(k) },
    marker: { color: colourAt(k) },
    hovertemplate: `%{customdata}<br>revenue change %{x:+.2f}<br>${name} %{y:.1%}<extra></extra>`
  });
  const data: Trace[] = [
    series('conversion', 'conversion', 0),
    series('better off (true utility up)', 'benefitShare', 2)
  ];
  const cur = p.find((q) => q.lambda === o.current);
  if (cur) {
    data.push({
      type: 'scatter',
      mode: 'markers',
      name: `current λ = ${o.current}`,
      x: [cur.revenueChange.mean, cur.revenueChange.mean],
      y: [cur.conversion.mean, cur.benefitShare.mean],
      marker: { size: 16, symbol: 'star', color: colourAt(3) },
      hoverinfo: 'skip'
    });
  }
  return {
    data,
    layout: percentY(
      baseLayout({
        title: escapeLabel(o.title ?? 'Revenue, conversion and customer benefit as λ moves'),
        xTitle: 'change of the monthly bill per customer vs no offer',
        yTitle: 'share of customers'
      })
    )
  };
}

/**
 * Which points of a line get a text label: the preferred one (the current λ) first, then the
 * others in order, each only if it lies at least `minGap` of the plot's width and height away
 * (both axes scaled to their range) from every point already labelled. At small λ the re-rank
 * barely moves the offers, so those points pile up and their labels would overprint.
 */
export function readableLabels(
  points: ReadonlyArray<{ x: number; y: number }>,
  preferred = -1,
  minGap = 0.08
): boolean[] {
  const range = (v: number[]) => Math.max(...v) - Math.min(...v) || 1;
  const sx = range(points.map((q) => q.x)),
    sy = range(points.map((q) => q.y));
  const shown = points.map(() => false);
  const order = [...(preferred >= 0 ? [preferred] : []), ...points.keys()].filter(
    (i, k, all) => all.indexOf(i) === k
  );
  for (const i of order) {
    const clear = points.every(
      (q, j) =>
        !shown[j] || Math.max(Math.abs(q.x - points[i].x) / sx, Math.abs(q.y - points[i].y) / sy) >= minGap
    );
    if (clear) shown[i] = true;
  }
  return shown;
}

export interface PolicyBarsOptions {
  /** Category labels on the x axis (e.g. segments). */
  categories: readonly string[];
  /** One series per policy: its value per category. */
  series: ReadonlyArray<{ name: string; values: readonly CampaignEstimate[] }>;
  title: string;
  yTitle: string;
  /** y as a percentage (shares). Default true. */
  percent?: boolean;
}

/** Grouped bars per category and policy with 95% intervals (per-segment conversion and benefit). */
export function policyBars(o: PolicyBarsOptions): Figure {
  const categories = escapeLabels([...o.categories]);
  const data: Trace[] = o.series.map((s, k) => ({
    type: 'bar',
    name: escapeLabel(s.name),
    x: categories,
    y: s.values.map((v) => v.mean),
    error_y: errorOf(s.values),
    marker: { color: colourAt(k) },
    hovertemplate: `%{x}: %{y:${o.percent === false ? '.3f' : '.1%'}}<extra>${escapeLabel(s.name)}</extra>`
  }));
  const layout = { ...baseLayout({ title: escapeLabel(o.title), yTitle: o.yTitle }), barmode: 'group' };
  return { data, layout: o.percent === false ? layout : percentY(layout) };
}

export interface OfferShareOptions {
  plans: readonly string[];
  /** Per policy: share of offer slots per plan (sums to 1), and its coverage and concentration. */
  series: ReadonlyArray<{
    name: string;
    shares: readonly number[];
    coverage: number;
    hhi: number;
    typesPerOffer?: number;
  }>;
  title?: string;
}

/** What each policy offers: share of offer slots per plan; the legend gives coverage, concentration (HHI) and the diversity of one offer. */
export function offerShareBars(o: OfferShareOptions): Figure {
  const plans = escapeLabels([...o.plans]);
  const data: Trace[] = o.series.map((s, k) => ({
    type: 'bar',
    name: `${escapeLabel(s.name)} (coverage ${Math.round(100 * s.coverage)}%, HHI ${s.hhi.toFixed(2)}${s.typesPerOffer !== undefined && Number.isFinite(s.typesPerOffer) ? `, ${s.typesPerOffer.toFixed(1)} plan types per offer` : ''})`,
    x: plans,
    y: [...s.shares],
    marker: { color: colourAt(k) },
    hovertemplate: '%{x}: %{y:.1%} of offers<extra></extra>'
  }));
  return {
    data,
    layout: percentY({
      ...baseLayout({
        title: escapeLabel(o.title ?? 'What each policy offers'),
        yTitle: 'share of offers',
        height: 400
      }),
      barmode: 'group'
    })
  };
}

export interface MonthlyConversionOptions {
  months: number;
  series: ReadonlyArray<{ name: string; values: readonly CampaignEstimate[] }>;
  title?: string;
}

/** Conversion month by month per strategy, with 95% intervals (online learning). */
export function monthlyConversion(o: MonthlyConversionOptions): Figure {
  const x = Array.from({ length: o.months }, (_, m) => m + 1);
  const data: Trace[] = o.series.map((s, k) => ({
    type: 'scatter',
    mode: 'lines+markers',
    name: escapeLabel(s.name),
    x,
    y: s.values.map((v) => v.mean),
    error_y: errorOf(s.values),
    line: { color: colourAt(k) },
    hovertemplate: 'month %{x}: %{y:.1%}<extra>' + escapeLabel(s.name) + '</extra>'
  }));
  return {
    data,
    layout: percentY(
      baseLayout({
        title: escapeLabel(o.title ?? 'Conversion per month'),
        xTitle: 'month of the campaign',
        yTitle: 'share of customers accepting'
      })
    )
  };
}
