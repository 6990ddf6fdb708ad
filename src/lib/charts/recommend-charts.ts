import { baseLayout, colourAt, wrapText, type Figure } from './figure.ts';
import { escapeLabel, escapeLabels } from './escape.ts';

/** Figures for the recommend page. */

export interface ContributionBarsOptions {
  /** Plain-words labels (e.g. explanationPhrases texts) and signed values, largest first. */
  items: ReadonlyArray<{ label: string; value: number }>;
  title?: string;
}

/** Characters per line of a wrapped bar label, and the width a character of the 13 px font takes at most on average. */
const LABEL_LINE_CHARS = 28;
const LABEL_CHAR_PX = 7.5;

/**
 * Why-this-plan: signed horizontal bars, green raises the score, red lowers it. Labels are
 * wrapped, never cut, and the left margin is sized to the longest line (Plotly's automargin
 * alone gives up on long labels in a narrow panel and clips them).
 */
export function contributionBars(o: ContributionBarsOptions): Figure {
  const items = [...o.items].reverse(); // largest on top
  const wrapped = items.map((i) => wrapText(i.label, LABEL_LINE_CHARS));
  const longest = Math.max(1, ...wrapped.flat().map((l) => l.length));
  const lineCount = wrapped.reduce((s, w) => s + w.length, 0);
  const layout = baseLayout({
    title: escapeLabel(o.title ?? 'Why this plan'),
    xTitle: 'contribution to the score',
    height: Math.max(220, 18 * lineCount + 22 * items.length + 100)
  });
  return {
    data: [
      {
        type: 'bar',
        orientation: 'h',
        y: wrapped.map((lines) => escapeLabels(lines).join('<br>')),
        x: items.map((i) => i.value),
        marker: { color: items.map((i) => (i.value >= 0 ? '#009E73' : '#D55E00')) },
        hovertemplate: '%{x:+.3f}<extra></extra>',
        showlegend: false
      }
    ],
    layout: {
      ...layout,
      margin: { l: Math.ceil(16 + LABEL_CHAR_PX * longest), r: 16, t: 40, b: 48 },
      yaxis: { ...(layout.yaxis as object), automargin: true, ticksuffix: ' ' }
    }
  };
}

export interface RevenueTradeoffOptions {
  /** rerankReport rows. */
  rows: ReadonlyArray<{ lambda: number; precision: number; averagePrice: number }>;
  /** The λ currently chosen on the slider (highlighted). */
  current?: number;
  /** Default 5. */
  n?: number;
  title?: string;
}

/** P@n against average top-n price as λ grows: how much relevance each unit of revenue costs. */
export function revenueTradeoff(o: RevenueTradeoffOptions): Figure {
  const n = o.n ?? 5;
  const data: Figure['data'] = [
    {
      type: 'scatter',
      mode: 'lines+markers',
      name: 'λ sweep',
      x: o.rows.map((r) => r.averagePrice),
      y: o.rows.map((r) => r.precision),
      text: o.rows.map((r) => `λ = ${r.lambda}`),
      hovertemplate: '%{text}<br>avg price %{x:.2f}, P@' + n + ' %{y:.4f}<extra></extra>',
      line: { color: colourAt(0) }
    }
  ];
  const cur = o.current === undefined ? undefined : o.rows.find((r) => r.lambda === o.current);
  if (cur)
    data.push({
      type: 'scatter',
      mode: 'markers',
      name: 'chosen λ',
      x: [cur.averagePrice],
      y: [cur.precision],
      marker: { size: 14, symbol: 'star', color: colourAt(3) }
    });
  return {
    data,
    layout: baseLayout({
      title: escapeLabel(o.title ?? 'Relevance against revenue'),
      xTitle: `average price of the top ${n}`,
      yTitle: `P@${n} (test)`
    })
  };
}
