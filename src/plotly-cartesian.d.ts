// The Plotly bundle the app loads (Plot.svelte, as the script scripts/copy-plotly.mjs writes;
// this package's types are what it imports): plotly.js's "cartesian" distribution, which
// registers only the trace types our chart builders draw (scatter, bar, box, heatmap, violin,
// pie, …): a third of the full bundle's size. Its API is plotly.js's, typed by @types/plotly.js.
declare module 'plotly.js-cartesian-dist-min' {
  export * from 'plotly.js';
}
