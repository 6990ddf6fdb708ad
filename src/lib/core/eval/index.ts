// Evaluation: LightFM-exact ranking metrics, baselines, coverage and significance. Pure TS.
export * from './metrics.ts';
export * from './popularity.ts';
export * from './coverage.ts';
export * from './significance.ts';
export { groupByUser, type UserRows, type GroupByUserOptions } from './user-rows.ts';
