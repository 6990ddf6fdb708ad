import { describe, expect, it } from 'vitest';
import { copyFigure } from './figure-copy';

describe('copyFigure: the copy Plotly may write into', () => {
  it('copies every plain object, array and typed array, so writes never reach the original', () => {
    const fig = {
      data: [
        { type: 'scatter', x: [1, 2, 3], y: new Float64Array([4, 5, 6]), marker: { color: ['a', 'b'] } }
      ],
      layout: { xaxis: { range: [0, 1] }, annotations: [{ text: 'n', x: 1 }] }
    };
    const c = copyFigure(fig);
    expect(c).toEqual(fig);
    c.data[0].x[0] = 9;
    c.data[0].y[0] = 9;
    c.data[0].marker.color.push('c');
    (c.data[0] as Record<string, unknown>).uid = 'u1';
    c.layout.xaxis.range[1] = 7;
    c.layout.annotations[0].x = 2;
    expect(fig.data[0].x[0]).toBe(1);
    expect(fig.data[0].y[0]).toBe(4);
    expect(fig.data[0].marker.color).toEqual(['a', 'b']);
    expect(fig.data[0]).not.toHaveProperty('uid');
    expect(fig.layout.xaxis.range[1]).toBe(1);
    expect(fig.layout.annotations[0].x).toBe(1);
  });

  it('keeps primitives and non-plain objects as they are, and reads proxies through', () => {
    const target = { y: [1, 2], nested: { z: [3] } };
    const proxy = new Proxy(target, {});
    const c = copyFigure({ data: [proxy], n: null, s: 'x', when: new Date(0) });
    expect(c.data[0]).toEqual(target);
    expect(c.data[0]).not.toBe(proxy);
    expect(c.data[0].nested.z).not.toBe(target.nested.z);
    expect(c.n).toBeNull();
    expect(c.s).toBe('x');
    expect(c.when).toBeInstanceOf(Date);
  });
});
