import { describe, expect, it } from 'vitest';
import { chartConfig, figureHasData } from './Plot.svelte';

describe('Plot: what counts as an empty figure ("no data")', () => {
  it('is empty without a figure, without traces, or with only empty arrays', () => {
    expect(figureHasData(null)).toBe(false);
    expect(figureHasData(undefined)).toBe(false);
    expect(figureHasData({ data: [] })).toBe(false);
    expect(figureHasData({ data: [{ type: 'scatter', x: [], y: [] }] })).toBe(false);
    expect(
      figureHasData({
        data: [
          { type: 'pie', values: [], labels: [] },
          { type: 'bar', y: new Float64Array(0) }
        ]
      })
    ).toBe(false);
  });
  it('has data when any trace has points (typed arrays too) or is a trace type without data arrays', () => {
    expect(
      figureHasData({
        data: [
          { type: 'scatter', x: [], y: [] },
          { type: 'bar', x: ['a'], y: [1] }
        ]
      })
    ).toBe(true);
    expect(figureHasData({ data: [{ type: 'heatmap', z: new Float32Array([1]) }] })).toBe(true);
    expect(figureHasData({ data: [{ type: 'indicator', value: 3 }] })).toBe(true);
  });
});

describe('Plot: charts never offer an upload', () => {
  it('turns off Plotly’s "Share chart…" button and cloud addresses, whatever the caller passes', () => {
    const cfg = chartConfig({
      showSendToCloud: true,
      plotlyServerURL: 'https://cloud.plotly.com/newchart',
      topojsonURL: 'https://cdn.plot.ly/un/',
      modeBarButtonsToRemove: ['lasso2d'],
      scrollZoom: true
    });
    expect(cfg.showSendToCloud).toBe(false);
    expect(cfg.plotlyServerURL).toBe('');
    expect(cfg.typesetMath).toBe(false);
    expect(cfg.modeBarButtonsToRemove).toEqual(['lasso2d', 'sendChartToCloud']);
    // No address off the site's own origin anywhere in the config.
    expect(JSON.stringify(cfg)).not.toMatch(/https?:|\/\//);
    // The caller's other settings and the defaults survive.
    expect(cfg.scrollZoom).toBe(true);
    expect(chartConfig()).toMatchObject({ responsive: true, displaylogo: false, showSendToCloud: false });
  });
});
