// Impact lab: offer campaigns simulated against the generator's own choice model. Pure TS.
export * from './world.ts';
export * from './interval.ts';
export * from './campaign.ts';
export * from './policies.ts';
export * from './outcome.ts';
export * from './simulate.ts';
export * from './report.ts';
export * from './concentration.ts';
export * from './model-scores.ts';
export * from './lab.ts';
export * from './online.ts';
export * from './online-lab.ts';
export * from './cold-start-policy.ts';
export * from './replay.ts';
export * from './replay-lab.ts';
