/**
 * Greedy label placement for scatter plots with a few named points (plans): each label tries
 * above, below, right and left of its point, then the four diagonals, and takes the first spot whose estimated box
 * overlaps no label placed before it (nor the other points' markers); a label with no free spot
 * is dropped from the plot (its point keeps its hover text), so labels never pile up unreadably
 * or run off the plot's edge.
 * Sizes are estimated in data units from the axis spans and the plot's pixel size.
 */
export type TextPosition =
  | 'top center'
  | 'bottom center'
  | 'middle right'
  | 'middle left'
  | 'top right'
  | 'top left'
  | 'bottom right'
  | 'bottom left';

export interface LabelPlacementOptions {
  x: readonly number[];
  y: readonly number[];
  labels: readonly string[];
  /** Axis spans in data units (max − min of the visible range). */
  xSpan: number;
  ySpan: number;
  /** Approximate plot area in pixels. Defaults 640 × 380. */
  widthPx?: number;
  heightPx?: number;
  /** Font size in px. Default 11. */
  fontPx?: number;
  /** The visible data area: a spot whose label would cross it is not free (Plotly clips it). */
  bounds?: { x0: number; x1: number; y0: number; y1: number };
}

export interface LabelPlacement {
  /** Plotly textposition per point. */
  position: TextPosition[];
  /** Whether the point's label is drawn (false: no free spot, hover only). */
  shown: boolean[];
}

interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

const ORDER: readonly TextPosition[] = [
  'top center',
  'bottom center',
  'middle right',
  'middle left',
  'top right',
  'top left',
  'bottom right',
  'bottom left'
];

export function placeLabels(o: LabelPlacementOptions): LabelPlacement {
  const n = o.labels.length;
  const px = (o.widthPx ?? 640) / (o.xSpan > 0 ? o.xSpan : 1);
  const py = (o.heightPx ?? 380) / (o.ySpan > 0 ? o.ySpan : 1);
  const font = o.fontPx ?? 11;
  const gap = 7; // marker radius + padding, px
  const markers: Box[] = Array.from({ length: n }, (_, k) => ({
    x0: o.x[k] - 5 / px,
    x1: o.x[k] + 5 / px,
    y0: o.y[k] - 5 / py,
    y1: o.y[k] + 5 / py
  }));
  const placed: Box[] = [];
  const position: TextPosition[] = [];
  const shown: boolean[] = [];
  for (let k = 0; k < n; k++) {
    const w = (0.6 * font * o.labels[k].length) / px;
    // An SVG text box is about 1.35 lines of its font size tall (ascent + descent), not 1.2.
    const h = (1.4 * font) / py;
    const cx = o.x[k];
    const cy = o.y[k];
    const boxes: Record<TextPosition, Box> = {
      'top center': { x0: cx - w / 2, x1: cx + w / 2, y0: cy + gap / py, y1: cy + gap / py + h },
      'bottom center': { x0: cx - w / 2, x1: cx + w / 2, y0: cy - gap / py - h, y1: cy - gap / py },
      'middle right': { x0: cx + gap / px, x1: cx + gap / px + w, y0: cy - h / 2, y1: cy + h / 2 },
      'middle left': { x0: cx - gap / px - w, x1: cx - gap / px, y0: cy - h / 2, y1: cy + h / 2 },
      // Plotly starts a diagonal label at the marker's edge, half a line off the point.
      'top right': { x0: cx + 3 / px, x1: cx + 3 / px + w, y0: cy + gap / py, y1: cy + gap / py + h },
      'top left': { x0: cx - 3 / px - w, x1: cx - 3 / px, y0: cy + gap / py, y1: cy + gap / py + h },
      'bottom right': { x0: cx + 3 / px, x1: cx + 3 / px + w, y0: cy - gap / py - h, y1: cy - gap / py },
      'bottom left': { x0: cx - 3 / px - w, x1: cx - 3 / px, y0: cy - gap / py - h, y1: cy - gap / py }
    };
    const inside = (b: Box) =>
      !o.bounds || (b.x0 >= o.bounds.x0 && b.x1 <= o.bounds.x1 && b.y0 >= o.bounds.y0 && b.y1 <= o.bounds.y1);
    const free = ORDER.find(
      (p) =>
        inside(boxes[p]) &&
        !placed.some((b) => overlaps(b, boxes[p])) &&
        !markers.some((m, j) => j !== k && overlaps(m, boxes[p]))
    );
    position.push(free ?? 'top center');
    shown.push(free !== undefined);
    if (free) placed.push(boxes[free]);
  }
  return { position, shown };
}

function overlaps(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}
