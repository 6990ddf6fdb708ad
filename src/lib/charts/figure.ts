/**
 * Minimal Plotly figure shapes. Builders here are pure (data → { data, layout }) and never import
 * Plotly; the one Plot component renders them. Types stay loose on purpose: Plotly's own types
 * live in the renderer, and these objects are plain JSON that tests can inspect.
 */
export interface Trace {
  type: string;
  [key: string]: unknown;
}

export type Layout = Record<string, unknown>;

export interface Figure {
  data: Trace[];
  layout: Layout;
}

/** Colour-blind-friendly palette (Okabe–Ito), in a fixed order so a model keeps its colour. */
export const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#D55E00',
  '#CC79A7',
  '#56B4E9',
  '#F0E442',
  '#000000'
] as const;

export const colourAt = (k: number): string =>
  PALETTE[((k % PALETTE.length) + PALETTE.length) % PALETTE.length];

export interface BaseLayoutOptions {
  /** Already-escaped title text. */
  title?: string;
  xTitle?: string;
  yTitle?: string;
  /** Height in px. Default 360 (fits a laptop screen with two charts stacked). */
  height?: number;
}

/** Legend under the plot, below the x-axis title (see baseLayout). Copy it before mutating. */
export const LEGEND_BELOW: Readonly<Record<string, unknown>> = Object.freeze({
  orientation: 'h',
  x: 0,
  xanchor: 'left',
  y: 0,
  yanchor: 'bottom',
  yref: 'container'
});

/** Word-wraps text into lines of at most `width` characters (a longer single word keeps its own line). */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 1 + word.length <= width) lines[last] += ' ' + word;
    else lines.push(word);
  }
  return lines.length ? lines : [''];
}

/** Width of one character of an axis title (14 px system-ui), at most, on average. */
export const AXIS_TITLE_CHAR_PX = 8;

/**
 * The height a y-axis title may take: the plot area (figure height less the title, x-axis and
 * legend strips). A longer title runs past the plot and Plotly clips it at the figure's edge.
 */
export function yTitleRoom(height: number): number {
  return height - 48 - 56 - 40;
}

/** Shared look: readable fonts, tight margins, responsive width. Titles must be escaped first. */
export function baseLayout(opts: BaseLayoutOptions = {}): Layout {
  const height = opts.height ?? 360;
  // A rotated y title longer than the plot is clipped (Analytics' price-vs-value): wrap it onto lines that fit.
  const yTitle = wrapText(
    opts.yTitle ?? '',
    Math.max(12, Math.floor(yTitleRoom(height) / AXIS_TITLE_CHAR_PX))
  ).join('<br>');
  return {
    ...(opts.title !== undefined
      ? { title: { text: opts.title, x: 0, xanchor: 'left', font: { size: 15 } } }
      : {}),
    height,
    autosize: true,
    margin: { l: 64, r: 24, t: opts.title !== undefined ? 48 : 24, b: 56 },
    font: { family: 'system-ui, -apple-system, "Segoe UI", sans-serif', size: 13 },
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: 'rgba(0,0,0,0)',
    xaxis: { title: { text: opts.xTitle ?? '' }, automargin: true, zeroline: false },
    yaxis: { title: { text: yTitle, standoff: 8 }, automargin: true, zeroline: false },
    // Horizontal legend pinned to the bottom of the figure (container coordinates): Plotly then
    // reserves that strip of margin and lays the x-axis title out above it. A paper-relative
    // y (the old −0.2) scaled with the plot height and overlapped the axis title.
    legend: { ...LEGEND_BELOW },
    hoverlabel: { namelength: -1 }
  };
}
