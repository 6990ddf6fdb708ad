import { baseLayout, colourAt, LEGEND_BELOW, type Figure, type Trace } from './figure.ts';
import { escapeLabel } from './escape.ts';
import { placeLabels } from './label-placement.ts';

/**
 * The step-by-step view's 2-D plot: every customer and plan at its current embedding, and for
 * the sample just trained, arrows from where its three rows were to where the step moved them.
 */
export interface StepMapPoints {
  names: readonly string[];
  /** Group per point (customer segment or plan kind): one legend entry and colour each. */
  groups: readonly string[];
  /** n × 2 coordinates, row-major. */
  xy: ArrayLike<number>;
}

export interface StepMapMove {
  user: number;
  positive: number;
  /** −1 when the sample had no negative. */
  negative: number;
  /** Positions (2 numbers each) before the step; `negative` empty when there was none. */
  before: { user: readonly number[]; positive: readonly number[]; negative: readonly number[] };
}

export interface StepMapOptions {
  customers: StepMapPoints;
  plans: StepMapPoints;
  move?: StepMapMove | null;
  /** Both axes show [−range, range], so motion is not hidden by rescaling. */
  range: number;
  /** Earlier positions (oldest first, each n × 2 like `xy`), drawn as faint paths ending at each point. */
  trail?: { customers: ArrayLike<number>; plans: ArrayLike<number> }[];
  title?: string;
}

const ROLE_COLOURS = { user: '#000000', positive: '#009E73', negative: '#D55E00' } as const;

export function stepMap(o: StepMapOptions): Figure {
  const { customers, plans, move } = o;
  const nC = customers.names.length;
  const nP = plans.names.length;
  if (customers.xy.length !== 2 * nC || plans.xy.length !== 2 * nP)
    throw new Error('stepMap: xy must hold two numbers per point');
  const data: Trace[] = [];
  const xs = (p: StepMapPoints, idx: number[]) => idx.map((i) => p.xy[2 * i]);
  const ys = (p: StepMapPoints, idx: number[]) => idx.map((i) => p.xy[2 * i + 1]);
  const groupsOf = (p: StepMapPoints) => [...new Set(p.groups)];
  if (o.trail && o.trail.length > 0) data.push(trailTrace(o.trail, customers, plans));
  const cGroups = groupsOf(customers);
  cGroups.forEach((g, k) => {
    const idx = customers.groups.flatMap((x, i) => (x === g ? [i] : []));
    data.push({
      type: 'scatter',
      mode: 'markers',
      name: `customers: ${escapeLabel(g)}`,
      x: xs(customers, idx),
      y: ys(customers, idx),
      text: idx.map((i) => `${escapeLabel(customers.names[i])} (${escapeLabel(g)})`),
      hovertemplate: '%{text}<br>(%{x:.3f}, %{y:.3f})<extra></extra>',
      marker: { size: 9, symbol: 'circle', color: colourAt(k + 4), opacity: 0.85 }
    });
  });
  const span = 2 * o.range;
  const labels = placeLabels({
    x: Array.from({ length: nP }, (_, i) => plans.xy[2 * i]),
    y: Array.from({ length: nP }, (_, i) => plans.xy[2 * i + 1]),
    labels: plans.names,
    xSpan: span,
    ySpan: span,
    widthPx: 520,
    heightPx: 400
  });
  groupsOf(plans).forEach((g, k) => {
    const idx = plans.groups.flatMap((x, i) => (x === g ? [i] : []));
    data.push({
      type: 'scatter',
      mode: 'markers+text',
      name: `plans: ${escapeLabel(g)}`,
      x: xs(plans, idx),
      y: ys(plans, idx),
      text: idx.map((i) => (labels.shown[i] ? escapeLabel(plans.names[i]) : '')),
      hovertext: idx.map((i) => `${escapeLabel(plans.names[i])} (${escapeLabel(g)} plan)`),
      textposition: idx.map((i) => labels.position[i]),
      textfont: { size: 11 },
      hovertemplate: '%{hovertext}<br>(%{x:.3f}, %{y:.3f})<extra></extra>',
      marker: { size: 13, symbol: 'diamond', color: colourAt(k), line: { width: 1, color: '#fff' } }
    });
  });
  const annotations: Record<string, unknown>[] = [];
  if (move) {
    const rows: Array<[keyof typeof ROLE_COLOURS, StepMapPoints, number, readonly number[]]> = [
      ['user', customers, move.user, move.before.user],
      ['positive', plans, move.positive, move.before.positive]
    ];
    if (move.negative >= 0) rows.push(['negative', plans, move.negative, move.before.negative]);
    const ring: Trace = {
      type: 'scatter',
      mode: 'markers',
      name: 'this sample',
      x: [],
      y: [],
      text: [],
      hovertemplate: '%{text}<extra></extra>',
      marker: { size: 22, symbol: 'circle-open', line: { width: 2.5 }, color: [] as string[] }
    };
    for (const [role, pts, r, from] of rows) {
      const x = pts.xy[2 * r];
      const y = pts.xy[2 * r + 1];
      (ring.x as number[]).push(x);
      (ring.y as number[]).push(y);
      (ring.text as string[]).push(`${role === 'user' ? 'customer' : role}: ${escapeLabel(pts.names[r])}`);
      (ring.marker as { color: string[] }).color.push(ROLE_COLOURS[role]);
      if (from.length === 2 && (from[0] !== x || from[1] !== y)) {
        annotations.push({
          x,
          y,
          ax: from[0],
          ay: from[1],
          xref: 'x',
          yref: 'y',
          axref: 'x',
          ayref: 'y',
          showarrow: true,
          arrowhead: 3,
          arrowsize: 1.2,
          arrowwidth: 2,
          arrowcolor: ROLE_COLOURS[role],
          text: ''
        });
      }
    }
    data.push(ring);
  }
  const layout = baseLayout({
    title: o.title === undefined ? undefined : escapeLabel(o.title),
    xTitle: 'embedding dimension 1',
    yTitle: 'embedding dimension 2',
    height: 480
  });
  return {
    data,
    layout: {
      ...layout,
      xaxis: {
        ...(layout.xaxis as object),
        range: [-o.range, o.range],
        zeroline: true,
        zerolinecolor: '#ddd'
      },
      yaxis: {
        ...(layout.yaxis as object),
        range: [-o.range, o.range],
        zeroline: true,
        zerolinecolor: '#ddd',
        scaleanchor: 'x'
      },
      legend: { ...LEGEND_BELOW },
      annotations
    }
  };
}

/** One line per point through its earlier positions to its current one; null breaks the line between points. */
function trailTrace(
  trail: NonNullable<StepMapOptions['trail']>,
  customers: StepMapPoints,
  plans: StepMapPoints
): Trace {
  const x: (number | null)[] = [];
  const y: (number | null)[] = [];
  const paths = (now: ArrayLike<number>, past: (t: (typeof trail)[number]) => ArrayLike<number>) => {
    for (let i = 0; i < now.length / 2; i++) {
      for (const t of trail) {
        x.push(past(t)[2 * i]);
        y.push(past(t)[2 * i + 1]);
      }
      x.push(now[2 * i], null);
      y.push(now[2 * i + 1], null);
    }
  };
  paths(customers.xy, (t) => t.customers);
  paths(plans.xy, (t) => t.plans);
  return {
    type: 'scatter',
    mode: 'lines',
    name: `path over the last ${trail.length} steps`,
    x,
    y,
    hoverinfo: 'skip',
    line: { width: 1, color: 'rgba(120,120,120,0.45)' }
  };
}

/** A symmetric axis half-width covering every coordinate with 15% room, rounded up to 0.05. */
export function stepMapRange(...coords: ArrayLike<number>[]): number {
  let m = 0;
  for (const c of coords) for (let k = 0; k < c.length; k++) m = Math.max(m, Math.abs(c[k]));
  return Math.max(0.05, Math.ceil((m * 1.15) / 0.05) * 0.05);
}
