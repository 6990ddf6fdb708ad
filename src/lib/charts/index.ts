// Pure figure builders: data in, Plotly { data, layout } out. No Plotly import here.
export * from './figure.ts';
export * from './escape.ts';
export * from './model-charts.ts';
export * from './customer-charts.ts';
export * from './plan-charts.ts';
export * from './docs-charts.ts';
export * from './recommend-charts.ts';
export * from './analytics-charts.ts';
export * from './impact-charts.ts';
export * from './layout-charts.ts';
export * from './learn-charts.ts';
export * from './label-placement.ts';
