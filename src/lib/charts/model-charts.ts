import { baseLayout, colourAt, type Figure, type Trace } from './figure.ts';
import { escapeLabel, escapeLabels } from './escape.ts';
import { pca2d, projectPca } from '../core/analytics/pca.ts';
import { placeLabels } from './label-placement.ts';

/** Figures for the train page and the models part of analytics. All names are escaped. */

export interface PAtKHeatmapOptions {
  /** Row labels, one per run (runLabel); rows are placed by position, so equal labels never merge. */
  models: readonly string[];
  /** Cut-offs (columns), e.g. [1, 3, 5, 10]. */
  ks: readonly number[];
  /** values[m][j] = precision@ks[j] of model m. */
  values: ReadonlyArray<ReadonlyArray<number>>;
  /** Default 'Precision@K by model'. */
  title?: string;
}

/**
 * Heatmap runs × K with the value printed in each cell. Plotly keys a categorical axis by its
 * text, so two rows both called "BPR" would share one row (the later values drawn over the
 * earlier): rows sit at positions 0…n−1 and the labels are only tick text.
 */
/**
 * Light to mid blue, higher = darker (Plotly's 'Blues' ran dark → light grey, so the best cell was
 * the palest and its white value text was hard to read); dark text reads on every cell (≥ 4.5:1).
 */
export const HEATMAP_SCALE: ReadonlyArray<[number, string]> = [
  [0, '#f7fbff'],
  [1, '#4292c6']
];
export const HEATMAP_TEXT = '#0f172a';

export function pAtKHeatmap(o: PAtKHeatmapOptions): Figure {
  if (o.values.length !== o.models.length || o.values.some((r) => r.length !== o.ks.length)) {
    throw new Error(`pAtKHeatmap: values must be ${o.models.length} rows × ${o.ks.length} columns`);
  }
  const labels = escapeLabels(o.models);
  const rows = labels.map((_, m) => m);
  const x = o.ks.map((k) => `P@${k}`);
  return {
    data: [
      {
        type: 'heatmap',
        x,
        y: rows,
        z: o.values.map((r) => [...r]),
        text: o.values.map((r) => r.map((v) => v.toFixed(3))),
        customdata: labels.map((label) => o.ks.map(() => label)),
        texttemplate: '%{text}',
        textfont: { color: HEATMAP_TEXT },
        colorscale: HEATMAP_SCALE.map(([at, c]) => [at, c]),
        zmin: 0,
        hovertemplate: '%{customdata}<br>%{x}: %{z:.4f}<extra></extra>',
        colorbar: { title: { text: 'precision' } }
      }
    ],
    layout: {
      ...baseLayout({ title: escapeLabel(o.title ?? 'Precision@K by model'), xTitle: 'cut-off K' }),
      yaxis: { automargin: true, autorange: 'reversed', tickmode: 'array', tickvals: rows, ticktext: labels }
    }
  };
}

/** A value with an optional confidence interval (e.g. a paired-bootstrap interval). */
export interface Interval {
  mean: number;
  lower?: number;
  upper?: number;
}

export interface MetricBarsOptions {
  /** Metric names on the x axis, e.g. ['P@5', 'R@5', 'NDCG@5', 'AUC']. */
  metrics: readonly string[];
  /** One series per model; values align with `metrics`. */
  series: ReadonlyArray<{ name: string; values: readonly Interval[] }>;
  title?: string;
}

function errorBars(values: readonly Interval[]): Record<string, unknown> | undefined {
  if (!values.some((v) => v.lower !== undefined && v.upper !== undefined)) return undefined;
  return {
    type: 'data',
    symmetric: false,
    array: values.map((v) => (v.upper === undefined ? 0 : Math.max(0, v.upper - v.mean))),
    arrayminus: values.map((v) => (v.lower === undefined ? 0 : Math.max(0, v.mean - v.lower))),
    thickness: 1.5,
    width: 4
  };
}

/** Grouped bars, one group per metric, one bar per model, with interval whiskers when given. */
export function metricBars(o: MetricBarsOptions): Figure {
  const x = escapeLabels(o.metrics);
  const data: Trace[] = o.series.map((s, k) => {
    if (s.values.length !== o.metrics.length)
      throw new Error(
        `metricBars: series ${k} has ${s.values.length} values for ${o.metrics.length} metrics`
      );
    const err = errorBars(s.values);
    return {
      type: 'bar',
      name: escapeLabel(s.name),
      x,
      y: s.values.map((v) => v.mean),
      marker: { color: colourAt(k) },
      ...(err ? { error_y: err } : {}),
      hovertemplate: '%{fullData.name}<br>%{x}: %{y:.4f}<extra></extra>'
    };
  });
  return {
    data,
    layout: {
      ...baseLayout({
        title: o.title === undefined ? undefined : escapeLabel(o.title),
        yTitle: 'mean over test customers'
      }),
      barmode: 'group'
    }
  };
}

export interface CurveSeries {
  name: string;
  /** x values (epochs, usually 1-based). */
  x: readonly number[];
  y: readonly number[];
}

export interface CurvesOptions {
  series: readonly CurveSeries[];
  title?: string;
  xTitle?: string;
  yTitle?: string;
  /** Log y axis (for losses spanning orders of magnitude). Default false. */
  logY?: boolean;
}

function lineChart(o: CurvesOptions, defaults: { title: string; xTitle: string; yTitle: string }): Figure {
  const data: Trace[] = o.series.map((s, k) => {
    if (s.x.length !== s.y.length)
      throw new Error(`curve "${s.name}": ${s.x.length} x values but ${s.y.length} y values`);
    return {
      type: 'scatter',
      mode: s.x.length > 1 ? 'lines+markers' : 'markers',
      name: escapeLabel(s.name),
      x: [...s.x],
      y: [...s.y],
      line: { color: colourAt(k), width: 2 },
      marker: { size: 5 }
    };
  });
  const layout = baseLayout({
    title: escapeLabel(o.title ?? defaults.title),
    xTitle: escapeLabel(o.xTitle ?? defaults.xTitle),
    yTitle: escapeLabel(o.yTitle ?? defaults.yTitle)
  });
  if (o.logY) (layout.yaxis as Record<string, unknown>).type = 'log';
  return { data, layout };
}

/** Training loss per epoch, one line per run. */
export function learningCurves(o: CurvesOptions): Figure {
  return lineChart(o, { title: 'Learning curves', xTitle: 'epoch', yTitle: 'training loss' });
}

/** Validation P@5 (or another metric) per epoch, one line per run, with the best epoch marked. */
export function validationCurve(o: CurvesOptions): Figure {
  const fig = lineChart(o, { title: 'Validation P@5', xTitle: 'epoch', yTitle: 'P@5 (validation)' });
  o.series.forEach((s, k) => {
    if (s.y.length === 0) return;
    let best = 0;
    for (let j = 1; j < s.y.length; j++) if (s.y[j] > s.y[best]) best = j;
    fig.data.push({
      type: 'scatter',
      mode: 'markers',
      name: `${escapeLabel(s.name)}: best`,
      x: [s.x[best]],
      y: [s.y[best]],
      marker: { symbol: 'star', size: 12, color: colourAt(k) },
      showlegend: false
    });
  });
  return fig;
}

export interface AblationOptions {
  /** One row per variant, e.g. 'all features', 'without usage', 'no features'. */
  rows: ReadonlyArray<{ label: string } & Interval>;
  /** Metric shown, e.g. 'test P@5'. */
  metric: string;
  /** Draw a dashed reference line (e.g. the popularity baseline). */
  reference?: { label: string; value: number };
  title?: string;
}

/** Horizontal bars with intervals, best at the top. */
export function ablationBars(o: AblationOptions): Figure {
  const rows = [...o.rows].sort((a, b) => a.mean - b.mean); // Plotly draws the first category at the bottom
  const err = errorBars(rows);
  const data: Trace[] = [
    {
      type: 'bar',
      orientation: 'h',
      y: escapeLabels(rows.map((r) => r.label)),
      x: rows.map((r) => r.mean),
      marker: { color: rows.map((_, k) => (k === rows.length - 1 ? colourAt(0) : '#9DB4C0')) },
      ...(err ? { error_x: err } : {}),
      hovertemplate: '%{y}: %{x:.4f}<extra></extra>',
      showlegend: false
    }
  ];
  const layout = baseLayout({
    title: escapeLabel(o.title ?? 'Feature ablation'),
    xTitle: escapeLabel(o.metric)
  });
  if (o.reference) {
    layout.shapes = [
      {
        type: 'line',
        x0: o.reference.value,
        x1: o.reference.value,
        yref: 'paper',
        y0: 0,
        y1: 1,
        line: { dash: 'dash', color: '#666' }
      }
    ];
    layout.annotations = [
      {
        x: o.reference.value,
        yref: 'paper',
        y: 1,
        text: escapeLabel(o.reference.label),
        showarrow: false,
        yanchor: 'bottom',
        font: { size: 11, color: '#444' }
      }
    ];
  }
  return { data, layout };
}

export interface EmbeddingMapOptions {
  /** Plan representations (nPlans × components), e.g. Representations.vectors of the items. */
  planVectors: ArrayLike<number>;
  components: number;
  planNames: readonly string[];
  /** Optional plan group (type) for colour. */
  planGroups?: readonly string[];
  /** Optional customer representations (a sample, m × components), drawn faintly on the same axes. */
  customerVectors?: ArrayLike<number>;
  /** Hover label per sampled customer (e.g. id and segment). */
  customerLabels?: readonly string[];
  /** Group (segment) per sampled customer: one colour and legend entry each. */
  customerGroups?: readonly string[];
  /** Per plan, its nearest plans in all dimensions (index, cosine similarity), for the hover. */
  planNeighbours?: readonly (readonly { index: number; similarity: number }[])[];
  /** Per plan, how many sampled customers it is the top-scored plan for, for the hover. */
  planTopFor?: readonly number[];
  /** Per sampled customer, the plans scored highest (plan indices, best first), for the hover. */
  customerTopPlans?: readonly (readonly number[])[];
  title?: string;
  seed?: number;
}

/**
 * Customer segments: the palette's sky blue, then grey and black (told apart by lightness), so
 * they never take a plan type's colour (plans use the palette from its start) and no faint yellow.
 */
const CUSTOMER_COLOURS = ['#56B4E9', '#999999', '#000000'] as const;

/** The data area Plotly's autorange shows for these points (about 5% padding per side), for label placement. */
function visibleArea(
  xs: number[],
  ys: number[]
): { xSpan: number; ySpan: number; bounds: { x0: number; x1: number; y0: number; y1: number } } {
  const range = (v: number[]) => {
    const lo = Math.min(...v);
    const hi = Math.max(...v);
    const pad = 0.05 * (hi - lo || 1);
    return [lo - pad, hi + pad];
  };
  const [x0, x1] = range(xs);
  const [y0, y1] = range(ys);
  return { xSpan: x1 - x0, ySpan: y1 - y0, bounds: { x0, x1, y0, y1 } };
}

/**
 * 2-D PCA of plan embeddings (fitted on plans), with an optional customer sample projected,
 * coloured by segment. Plan labels are placed so they do not overlap (placeLabels); a plan whose
 * label has no free spot keeps its hover. Hovers explain neighbours in all dimensions, which the
 * 2-D picture can only approximate.
 */
export function embeddingMap(o: EmbeddingMapOptions): Figure {
  const d = o.components;
  const nPlans = o.planVectors.length / d;
  if (nPlans !== o.planNames.length)
    throw new Error(`embeddingMap: ${nPlans} plan vectors but ${o.planNames.length} names`);
  const pca = pca2d({ rows: o.planVectors, d, seed: o.seed });
  const names = escapeLabels(o.planNames);
  const data: Trace[] = [];
  const groups = o.planGroups ?? o.planNames.map(() => 'plans');
  const distinct = [...new Set(groups)];
  let cx: number[] = [];
  let cy: number[] = [];
  if (o.customerVectors && o.customerVectors.length > 0) {
    const c = projectPca(pca, o.customerVectors, d);
    const m = c.length / 2;
    cx = Array.from({ length: m }, (_, r) => c[2 * r]);
    cy = Array.from({ length: m }, (_, r) => c[2 * r + 1]);
    const cGroups = o.customerGroups ?? cx.map(() => 'customers');
    const hover = cx.map((_, r) => {
      const label = o.customerLabels ? escapeLabel(o.customerLabels[r]) : 'customer';
      const top = o.customerTopPlans?.[r];
      return top && top.length > 0
        ? `${label}<br>scores highest: ${top.map((i) => names[i]).join(', ')}`
        : label;
    });
    [...new Set(cGroups)].forEach((g, k) => {
      const idx = cGroups.flatMap((x, r) => (x === g ? [r] : []));
      data.push({
        // SVG, not scattergl: WebGL traces compile shaders with new Function, which the CSP refuses.
        type: 'scatter',
        mode: 'markers',
        name: o.customerGroups ? `customers: ${escapeLabel(g)}` : 'customers (sample)',
        x: idx.map((r) => cx[r]),
        y: idx.map((r) => cy[r]),
        text: idx.map((r) => hover[r]),
        hovertemplate: '%{text}<extra></extra>',
        marker: { size: 5, color: CUSTOMER_COLOURS[k % CUSTOMER_COLOURS.length], opacity: 0.45 }
      });
    });
  }
  const px = Array.from({ length: nPlans }, (_, i) => pca.coords[2 * i]);
  const py = Array.from({ length: nPlans }, (_, i) => pca.coords[2 * i + 1]);
  const area = visibleArea([...px, ...cx], [...py, ...cy]);
  const labels = placeLabels({ x: px, y: py, labels: o.planNames, ...area, widthPx: 700, heightPx: 340 });
  const planHover = names.map((name, i) => {
    const lines = [`${name} (${escapeLabel(groups[i])})`];
    const nb = o.planNeighbours?.[i];
    if (nb && nb.length > 0)
      lines.push(
        `nearest plans (cosine, all ${d} dimensions): ${nb.map((n) => `${names[n.index]} ${n.similarity.toFixed(2)}`).join(', ')}`
      );
    if (o.planTopFor && o.customerVectors)
      lines.push(`top-scored plan for ${o.planTopFor[i]} of ${cx.length} sampled customers`);
    return lines.join('<br>');
  });
  distinct.forEach((g, k) => {
    const idx = groups.flatMap((x, i) => (x === g ? [i] : []));
    data.push({
      type: 'scatter',
      mode: 'markers+text',
      name: escapeLabel(g),
      x: idx.map((i) => px[i]),
      y: idx.map((i) => py[i]),
      text: idx.map((i) => (labels.shown[i] ? names[i] : '')),
      hovertext: idx.map((i) => planHover[i]),
      textposition: idx.map((i) => labels.position[i]),
      textfont: { size: 11 },
      hovertemplate: '%{hovertext}<extra></extra>',
      marker: { size: 11, color: colourAt(k), line: { width: 1, color: '#fff' } }
    });
  });
  const pct = (v: number) => `${(100 * v).toFixed(0)}%`;
  const layout = baseLayout({
    title: escapeLabel(o.title ?? 'Plan embeddings (PCA)'),
    xTitle: `PC1 (${pct(pca.explained[0])} of variance)`,
    yTitle: `PC2 (${pct(pca.explained[1])} of variance)`,
    height: 460
  });
  // The axes show exactly the area the labels were placed in: Plotly's autorange pads for text
  // differently, which would rescale the plot under the placed labels and let them collide.
  const { bounds } = area;
  layout.xaxis = { ...(layout.xaxis as object), range: [bounds.x0, bounds.x1], autorange: false };
  layout.yaxis = { ...(layout.yaxis as object), range: [bounds.y0, bounds.y1], autorange: false };
  return { data, layout };
}
