import { describe, expect, it } from 'vitest';
import { stepMap, stepMapRange } from './learn-charts.ts';
import { placeLabels } from './label-placement.ts';

describe('stepMap', () => {
  const customers = { names: ['C1', 'C<2>'], groups: ['streamer', 'talker'], xy: [0.1, 0.2, -0.1, -0.2] };
  const plans = {
    names: ['Data XL', 'Talk Plus', 'Data M'],
    groups: ['data', 'voice', 'data'],
    xy: [0.3, 0.3, -0.3, -0.3, 0.3, -0.2]
  };

  it('draws one trace per customer segment and plan kind on fixed symmetric axes, names escaped', () => {
    const f = stepMap({ customers, plans, range: 0.5 });
    expect(f.data.map((t) => t.name)).toEqual([
      'customers: streamer',
      'customers: talker',
      'plans: data',
      'plans: voice'
    ]);
    expect((f.data[1].text as string[])[0]).toBe('C&lt;2&gt; (talker)');
    expect(f.data[2].x).toEqual([0.3, 0.3]);
    expect((f.layout.xaxis as { range: number[] }).range).toEqual([-0.5, 0.5]);
    expect((f.layout.yaxis as { range: number[] }).range).toEqual([-0.5, 0.5]);
    expect(f.layout.annotations).toEqual([]);
  });

  it("rings the sample's rows and draws an arrow from each row's old position to its new one", () => {
    const f = stepMap({
      customers,
      plans,
      range: 0.5,
      move: {
        user: 0,
        positive: 0,
        negative: 1,
        before: { user: [0, 0], positive: [0.3, 0.3], negative: [-0.2, -0.3] }
      }
    });
    const ring = f.data.at(-1)!;
    expect(ring.name).toBe('this sample');
    expect(ring.x).toEqual([0.1, 0.3, -0.3]);
    expect(ring.text).toEqual(['customer: C1', 'positive: Data XL', 'negative: Talk Plus']);
    // The positive did not move: no arrow for it. The customer and the negative did.
    const arrows = f.layout.annotations as Array<Record<string, unknown>>;
    expect(arrows.map((a) => [a.ax, a.ay, a.x, a.y])).toEqual([
      [0, 0, 0.1, 0.2],
      [-0.2, -0.3, -0.3, -0.3]
    ]);
  });

  it("draws each point's recent path, oldest first, ending where it is now", () => {
    const trail = [
      { customers: [0, 0, 0, 0], plans: [0, 0, 0, 0, 0, 0] },
      { customers: [0.05, 0.1, -0.05, -0.1], plans: [0.2, 0.2, -0.2, -0.2, 0.2, -0.1] }
    ];
    const f = stepMap({ customers, plans, range: 0.5, trail });
    const path = f.data[0];
    expect(path.name).toBe('path over the last 2 steps');
    // First customer: (0, 0) → (0.05, 0.1) → now (0.1, 0.2), then a break.
    expect((path.x as (number | null)[]).slice(0, 4)).toEqual([0, 0.05, 0.1, null]);
    expect((path.y as (number | null)[]).slice(0, 4)).toEqual([0, 0.1, 0.2, null]);
    expect((path.x as unknown[]).length).toBe((2 + 3) * 4);
  });

  it('rejects coordinates that are not two per point', () => {
    expect(() => stepMap({ customers: { ...customers, xy: [1, 2, 3] }, plans, range: 1 })).toThrow(
      /two numbers per point/
    );
  });

  it('stepMapRange covers every coordinate with room, in steps of 0.05', () => {
    expect(stepMapRange([0.1, -0.42], [0.2])).toBeCloseTo(0.5, 10);
    expect(stepMapRange([0])).toBe(0.05);
  });
});

describe('placeLabels', () => {
  it('moves a label whose usual spot above its point is taken', () => {
    // Two points side by side: both labels above would overlap.
    const p = placeLabels({ x: [0, 0.02], y: [0, 0], labels: ['Data XL', 'Data M'], xSpan: 1, ySpan: 1 });
    expect(p.shown).toEqual([true, true]);
    expect(p.position[0]).toBe('top center');
    expect(p.position[1]).not.toBe('top center');
  });

  it('drops labels that have no free spot instead of overlapping them', () => {
    const n = 12;
    const p = placeLabels({
      x: Array(n).fill(0),
      y: Array(n).fill(0),
      labels: Array.from({ length: n }, (_, k) => `Plan ${k}`),
      xSpan: 1,
      ySpan: 1
    });
    // Eight spots around one point, and the diagonals overlap the centred ones: at most eight labels fit.
    expect(p.shown.filter(Boolean).length).toBeLessThanOrEqual(8);
    expect(p.shown.filter(Boolean).length).toBeLessThan(n);
    expect(p.shown.filter(Boolean).length).toBeGreaterThan(0);
    const placed = p.position.filter((_, k) => p.shown[k]);
    expect(new Set(placed).size).toBe(placed.length);
  });

  it('keeps labels inside the visible area: a point at the left edge gets its label on its right', () => {
    const bounds = { x0: 0, x1: 1, y0: 0, y1: 1 };
    // At the left edge: a label centred above or below would run off it.
    const p = placeLabels({
      x: [0.01],
      y: [0.5],
      labels: ['Limited Essentials'],
      xSpan: 1,
      ySpan: 1,
      bounds
    });
    expect(p).toEqual({ position: ['middle right'], shown: [true] });
    // Nowhere fits (a long label in a tiny plot): hidden rather than cut.
    expect(
      placeLabels({
        x: [0.5],
        y: [0.5],
        labels: ['A very long plan name indeed'],
        xSpan: 1,
        ySpan: 1,
        widthPx: 60,
        heightPx: 60,
        bounds
      }).shown
    ).toEqual([false]);
  });

  it('keeps every label of well separated points above them', () => {
    const p = placeLabels({ x: [0, 0.5, 1], y: [0, 0.5, 1], labels: ['a', 'b', 'c'], xSpan: 1, ySpan: 1 });
    expect(p).toEqual({ position: ['top center', 'top center', 'top center'], shown: [true, true, true] });
  });
});
