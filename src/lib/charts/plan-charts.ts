import { baseLayout, colourAt, type Figure, type Trace } from './figure.ts';
import { escapeLabel, escapeLabels } from './escape.ts';

/** Plan figures for the analytics page. */

export interface PriceValueOptions {
  plans: ReadonlyArray<{ name: string; price: number; value: number; adoptions: number; type: string }>;
  /** Largest marker diameter in px. Default 48. */
  maxSize?: number;
  yTitle?: string;
  title?: string;
}

/** Price against value, marker area proportional to adoptions, colour by plan type. */
export function priceValueScatter(o: PriceValueOptions): Figure {
  const maxSize = o.maxSize ?? 48;
  const maxAdopt = Math.max(1, ...o.plans.map((p) => p.adoptions));
  // Plotly 'area' sizing: diameter = sqrt(size / sizeref); sizeref = 2·max/maxSize² is Plotly's own recipe.
  const sizeref = (2 * maxAdopt) / (maxSize * maxSize);
  const types = [...new Set(o.plans.map((p) => p.type))];
  const data: Trace[] = types.map((t, k) => {
    const ps = o.plans.filter((p) => p.type === t);
    return {
      type: 'scatter',
      mode: 'markers',
      name: escapeLabel(t),
      x: ps.map((p) => p.price),
      y: ps.map((p) => p.value),
      text: ps.map((p) => escapeLabel(p.name)),
      customdata: ps.map((p) => p.adoptions),
      hovertemplate: '%{text}<br>price %{x}, value %{y:.2f}<br>%{customdata} adoptions<extra></extra>',
      marker: {
        size: ps.map((p) => Math.max(0, p.adoptions)),
        sizemode: 'area',
        sizeref,
        sizemin: 4,
        color: colourAt(k),
        opacity: 0.75,
        line: { width: 1, color: '#fff' }
      }
    };
  });
  return {
    data,
    layout: baseLayout({
      title: escapeLabel(o.title ?? 'Price against value'),
      xTitle: 'monthly price',
      yTitle: escapeLabel(o.yTitle ?? 'value score'),
      height: 420
    })
  };
}

export interface BundleCompositionOptions {
  plans: ReadonlyArray<{ name: string; bundles: Readonly<Record<string, boolean>> }>;
  /** Bundle names in column order. */
  bundles: readonly string[];
  title?: string;
}

/** Which plan carries which bundle: a plan × bundle grid (filled = included). */
export function bundleComposition(o: BundleCompositionOptions): Figure {
  const z = o.plans.map((p) => o.bundles.map((b) => (p.bundles[b] ? 1 : 0)));
  return {
    data: [
      {
        type: 'heatmap',
        x: escapeLabels(o.bundles),
        y: escapeLabels(o.plans.map((p) => p.name)),
        z,
        zmin: 0,
        zmax: 1,
        showscale: false,
        xgap: 2,
        ygap: 2,
        colorscale: [
          [0, '#EEF2F5'],
          [1, colourAt(0)]
        ],
        hovertemplate: '%{y}: %{x} %{z}<extra></extra>'
      }
    ],
    layout: {
      ...baseLayout({
        title: escapeLabel(o.title ?? 'Bundle composition'),
        height: Math.max(260, 28 * o.plans.length + 90)
      }),
      yaxis: { automargin: true, autorange: 'reversed' },
      xaxis: { side: 'top', automargin: true }
    }
  };
}

export interface AdoptionShareOptions {
  /** Period labels in order (e.g. '2024-01'). */
  periods: readonly string[];
  plans: readonly string[];
  /** counts[plan][period]: adoptions (signups and switches) per period. */
  counts: ReadonlyArray<ReadonlyArray<number>>;
  title?: string;
}

/** Share of each plan among the period's adoptions, as stacked areas summing to 100%. */
export function adoptionShareOverTime(o: AdoptionShareOptions): Figure {
  if (o.counts.length !== o.plans.length || o.counts.some((r) => r.length !== o.periods.length)) {
    throw new Error(
      `adoptionShareOverTime: counts must be ${o.plans.length} plans × ${o.periods.length} periods`
    );
  }
  const totals = o.periods.map((_, t) => o.counts.reduce((s, r) => s + r[t], 0));
  const x = escapeLabels(o.periods);
  const data: Trace[] = o.plans.map((p, k) => ({
    type: 'scatter',
    mode: 'lines',
    stackgroup: 'share',
    name: escapeLabel(p),
    x,
    y: o.counts[k].map((v, t) => (totals[t] > 0 ? v / totals[t] : 0)),
    line: { width: 0.5, color: colourAt(k) },
    hovertemplate: '%{fullData.name}: %{y:.1%}<extra></extra>'
  }));
  const layout = baseLayout({
    title: escapeLabel(o.title ?? 'Adoption share per plan over time'),
    xTitle: 'period',
    yTitle: 'share of adoptions',
    height: 420
  });
  (layout.yaxis as Record<string, unknown>).tickformat = '.0%';
  (layout.yaxis as Record<string, unknown>).range = [0, 1];
  return { data, layout };
}
