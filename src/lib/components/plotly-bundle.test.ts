import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * The full Plotly bundle (4.6 MB, every trace type) took 150–200 ms of the Recommend page's
 * opening at 50k customers to evaluate. The app loads a partial bundle instead; these tests keep it small and keep it covering every trace type the
 * chart builders draw (an unregistered type would be drawn as a scatter, with only a warning).
 */
const CHART_DIR = 'src/lib/charts';
/** Size budget of the Plotly bundle's file; the full distribution is 4.6 MB. */
const BUDGET_BYTES = 2_000_000;

/** Every trace type of the full plotly.js 4 bundle (so chart sources' other `type:` values, e.g. axis types, are told apart). */
const ALL_PLOTLY_TRACES = new Set(
  (
    'bar barpolar box candlestick carpet choropleth choroplethmap cone contour contourcarpet ' +
    'densitymap funnel funnelarea heatmap histogram histogram2d histogram2dcontour icicle image ' +
    'indicator isosurface mesh3d ohlc parcats parcoords pie quiver sankey scatter scatter3d ' +
    'scattercarpet scattergeo scattergl scattermap scatterpolar scatterpolargl scattersmith ' +
    'scatterternary splom streamtube sunburst surface table treemap violin volume waterfall'
  ).split(' ')
);

/** The package scripts/copy-plotly.mjs serves to Plot.svelte (plotly-loader.ts). */
async function plotlyPackage(): Promise<string> {
  return (await import('../../../scripts/copy-plotly.mjs')).PLOTLY_PACKAGE;
}

const bundleFile = async () =>
  createRequire(join(process.cwd(), 'package.json')).resolve(await plotlyPackage());

/** Trace types the chart builders use: `type: '…'` literals that name a Plotly trace type. */
function tracesUsed(): Set<string> {
  const used = new Set<string>();
  for (const f of readdirSync(CHART_DIR)) {
    if (!f.endsWith('.ts') || f.endsWith('.test.ts')) continue;
    const text = readFileSync(join(CHART_DIR, f), 'utf8');
    for (const m of text.matchAll(/\btype:\s*'([a-z0-9]+)'/g))
      if (ALL_PLOTLY_TRACES.has(m[1])) used.add(m[1]);
  }
  return used;
}

describe('Plotly bundle', () => {
  it(`is a partial bundle under ${BUDGET_BYTES / 1e6} MB`, async () => {
    expect(statSync(await bundleFile()).size).toBeLessThan(BUDGET_BYTES);
  });

  it('registers every trace type the chart builders draw, and no WebGL (eval-based) one', async () => {
    const text = readFileSync(await bundleFile(), 'utf8');
    const registered = new Set(
      [...text.matchAll(/moduleType:["'`]trace["'`],name:["'`]([a-z0-9]+)["'`]/g)].map((m) => m[1])
    );
    const used = tracesUsed();
    expect(used.size).toBeGreaterThan(3); // the scan found the builders' traces
    expect([...used].filter((t) => !registered.has(t))).toEqual([]);
    expect([...registered].filter((t) => t.endsWith('gl') || t === 'splom')).toEqual([]);
  });
});
