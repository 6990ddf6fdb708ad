import { describe, expect, it } from 'vitest';
import { figureHasData } from './Plot.svelte';

describe('Plot: what counts as an empty figure ("no data")', () => {
  it('is empty without a figure, without traces, or with only empty arrays', () => {
    expect(figureHasData(null)).toBe(false);
    expect(figureHasData(undefined)).toBe(false);
    expect(figureHasData({ data: [] })).toBe(false);
    expect(figureHasData({ data: [{ type: 'scatter', x: [], y: [] }] })).toBe(false);
    expect(figureHasData({ data: [{ type: 'pie', values: [], labels: [] }, { type: 'bar', y: new Float64Array(0) }] })).toBe(false);
  });
  it('has data when any trace has points (typed arrays too) or is a trace type without data arrays', () => {
    expect(figureHasData({ data: [{ type: 'scatter', x: [], y: [] }, { type: 'bar', x: ['a'], y: [1] }] })).toBe(true);
    expect(figureHasData({ data: [{ type: 'heatmap', z: new Float32Array([1]) }] })).toBe(true);
    expect(figureHasData({ data: [{ type: 'indicator', value: 3 }] })).toBe(true);
  });
});
