import { baseLayout, colourAt, type Figure } from './figure.ts';
import { escapeLabel, escapeLabels } from './escape.ts';

/** Figures for a dataset without raw telco tables (core/analytics/layout-analytics.ts). */

/** Horizontal bars: adoptions per item, most adopted on top. */
export function itemAdoptionBars(o: {
  items: ReadonlyArray<{ item: string; adoptions: number }>;
  customers: number;
  title?: string;
}): Figure {
  const items = [...o.items].reverse();
  return {
    data: [
      {
        type: 'bar',
        orientation: 'h',
        x: items.map((i) => i.adoptions),
        y: escapeLabels(items.map((i) => i.item)),
        customdata: items.map((i) => (o.customers > 0 ? i.adoptions / o.customers : 0)),
        marker: { color: colourAt(0) },
        hovertemplate: '%{y}: %{x} customers (%{customdata:.1%})<extra></extra>'
      }
    ],
    layout: baseLayout({
      title: escapeLabel(o.title ?? 'Adoptions per item'),
      xTitle: 'customers who adopted it',
      height: Math.max(260, 60 + 24 * items.length)
    })
  };
}

/** Item × item heatmap: customers who adopted both (the diagonal: the item alone). */
export function coAdoptionHeatmap(o: {
  items: readonly string[];
  counts: ReadonlyArray<ReadonlyArray<number>>;
  title?: string;
}): Figure {
  const labels = escapeLabels(o.items);
  return {
    data: [
      {
        type: 'heatmap',
        x: labels,
        y: labels,
        z: o.counts.map((r) => [...r]),
        colorscale: 'Blues',
        xgap: 1,
        ygap: 1,
        hovertemplate: '%{y} and %{x}: %{z} customers<extra></extra>',
        colorbar: { title: { text: 'customers' } }
      }
    ],
    layout: {
      ...baseLayout({
        title: escapeLabel(o.title ?? 'Co-adoption of the most adopted items'),
        height: Math.max(360, 120 + 26 * o.items.length)
      }),
      yaxis: { autorange: 'reversed', automargin: true }
    }
  };
}

/** One bar group per customer feature group: how many customers have each value. */
export function featureGroupBars(o: {
  group: string;
  values: ReadonlyArray<{ value: string; customers: number }>;
  customers: number;
}): Figure {
  return {
    data: [
      {
        type: 'bar',
        x: escapeLabels(o.values.map((v) => v.value)),
        y: o.values.map((v) => v.customers),
        customdata: o.values.map((v) => (o.customers > 0 ? v.customers / o.customers : 0)),
        marker: { color: colourAt(2) },
        hovertemplate: '%{x}: %{y} customers (%{customdata:.1%})<extra></extra>'
      }
    ],
    layout: baseLayout({ title: escapeLabel(`Customers by ${o.group}`), yTitle: 'customers', height: 300 })
  };
}
