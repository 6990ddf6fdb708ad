// Recommendation core: scoring, explanations, ensembles, cold start, re-ranking. Pure TS, no TF.js.
export * from './scoring.ts';
export * from './explain.ts';
export * from './normalise.ts';
export * from './ensemble.ts';
export * from './optimise-weights.ts';
export * from './content-rules.ts';
export * from './cold-start.ts';
export * from './revenue-rerank.ts';
