import { baseLayout, colourAt, type Figure, type Trace } from './figure.ts';
import { escapeLabel, escapeLabels } from './escape.ts';

/** Customer figures for the analytics page. Inputs are aggregates (counts, samples), not raw tables. */

export interface LifecyclePieOptions {
  /** Stage names, e.g. ['bronze', 'silver', 'gold', 'platinum']. */
  labels: readonly string[];
  counts: readonly number[];
  title?: string;
}

export function lifecyclePie(o: LifecyclePieOptions): Figure {
  if (o.labels.length !== o.counts.length)
    throw new Error(`lifecyclePie: ${o.labels.length} labels but ${o.counts.length} counts`);
  return {
    data: [
      {
        type: 'pie',
        labels: escapeLabels(o.labels),
        values: [...o.counts],
        hole: 0.45,
        sort: false,
        direction: 'clockwise',
        textinfo: 'label+percent',
        hovertemplate: '%{label}: %{value} customers (%{percent})<extra></extra>',
        marker: { colors: o.labels.map((_, k) => colourAt(k)) }
      }
    ],
    layout: { ...baseLayout({ title: escapeLabel(o.title ?? 'Lifecycle stages') }), showlegend: false }
  };
}

export interface StackedCountsOptions {
  /** Categories on the x axis (e.g. segments). */
  categories: readonly string[];
  /** Stack levels (e.g. data-intensity bands, lowest first). */
  levels: readonly string[];
  /** counts[level][category]. */
  counts: ReadonlyArray<ReadonlyArray<number>>;
  /** Show shares within each category (100% stacks) instead of counts. Default true. */
  normalise?: boolean;
  title?: string;
  xTitle?: string;
}

/** Stacked bars, e.g. data intensity by segment. */
export function stackedCounts(o: StackedCountsOptions): Figure {
  if (o.counts.length !== o.levels.length || o.counts.some((r) => r.length !== o.categories.length)) {
    throw new Error(
      `stackedCounts: counts must be ${o.levels.length} levels × ${o.categories.length} categories`
    );
  }
  const normalise = o.normalise ?? true;
  const totals = o.categories.map((_, c) => o.counts.reduce((s, r) => s + r[c], 0));
  const x = escapeLabels(o.categories);
  const data: Trace[] = o.levels.map((level, l) => ({
    type: 'bar',
    name: escapeLabel(level),
    x,
    y: o.counts[l].map((v, c) => (normalise ? (totals[c] > 0 ? v / totals[c] : 0) : v)),
    customdata: [...o.counts[l]],
    marker: { color: colourAt(l) },
    hovertemplate: normalise
      ? '%{fullData.name}: %{y:.1%} (%{customdata})<extra></extra>'
      : '%{fullData.name}: %{y}<extra></extra>'
  }));
  const layout = baseLayout({
    title: escapeLabel(o.title ?? 'Data intensity by segment'),
    xTitle: escapeLabel(o.xTitle ?? 'segment'),
    yTitle: normalise ? 'share of customers' : 'customers'
  });
  if (normalise) (layout.yaxis as Record<string, unknown>).tickformat = '.0%';
  return { data, layout: { ...layout, barmode: 'stack' } };
}

/** Data intensity by segment: stackedCounts with the analytics defaults. */
export function dataIntensityBySegment(
  o: Omit<StackedCountsOptions, 'title' | 'xTitle'> & { title?: string }
): Figure {
  return stackedCounts({ ...o, title: o.title ?? 'Data intensity by segment', xTitle: 'segment' });
}

export interface DistributionBySegmentOptions {
  /** One sample per segment (e.g. mean monthly data GB per customer; subsample big datasets). */
  groups: ReadonlyArray<{ segment: string; values: ArrayLike<number> }>;
  /** Axis label with units, e.g. 'monthly data (GB)'. */
  metric: string;
  /** 'box' (default) or 'violin'. */
  kind?: 'box' | 'violin';
  /** Log y axis for skewed usage. Default true. Non-positive values are dropped on a log axis. */
  log?: boolean;
  title?: string;
}

/** Usage spread by segment, as box plots or violins (log axis by default). */
export function usageBySegment(o: DistributionBySegmentOptions): Figure {
  const log = o.log ?? true;
  const kind = o.kind ?? 'box';
  const data: Trace[] = o.groups.map((g, k) => {
    const ys = Array.from(g.values).filter((v) => Number.isFinite(v) && (!log || v > 0));
    const name = escapeLabel(g.segment);
    return kind === 'violin'
      ? {
          type: 'violin',
          name,
          y: ys,
          box: { visible: true },
          meanline: { visible: true },
          points: false,
          line: { color: colourAt(k) },
          spanmode: 'hard'
        }
      : { type: 'box', name, y: ys, boxpoints: false, boxmean: true, marker: { color: colourAt(k) } };
  });
  const layout = baseLayout({
    title: escapeLabel(o.title ?? `${o.metric} by segment`),
    xTitle: 'segment',
    yTitle: escapeLabel(o.metric)
  });
  if (log) (layout.yaxis as Record<string, unknown>).type = 'log';
  return { data, layout: { ...layout, showlegend: false } };
}

export interface StabilityValueOptions {
  /** One point per (sampled) customer. Stability: e.g. 1 − coefficient of variation of usage. */
  points: ReadonlyArray<{ stability: number; value: number; group: string; label?: string }>;
  title?: string;
  xTitle?: string;
  yTitle?: string;
}

/** Stability against value, coloured by group (segment or lifecycle stage). */
export function stabilityValueScatter(o: StabilityValueOptions): Figure {
  const groups = [...new Set(o.points.map((p) => p.group))];
  const data: Trace[] = groups.map((g, k) => {
    const pts = o.points.filter((p) => p.group === g);
    return {
      // SVG, not scattergl: WebGL traces compile shaders with new Function, which the CSP refuses.
      type: 'scatter',
      mode: 'markers',
      name: escapeLabel(g),
      x: pts.map((p) => p.stability),
      y: pts.map((p) => p.value),
      text: pts.map((p) => escapeLabel(p.label ?? g)),
      hovertemplate: '%{text}<br>stability %{x:.2f}, value %{y:.2f}<extra></extra>',
      marker: { size: 5, opacity: 0.6, color: colourAt(k) }
    };
  });
  return {
    data,
    layout: baseLayout({
      title: escapeLabel(o.title ?? 'Stability against value'),
      xTitle: escapeLabel(o.xTitle ?? 'usage stability'),
      yTitle: escapeLabel(o.yTitle ?? 'customer value')
    })
  };
}
