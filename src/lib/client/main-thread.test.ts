import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The Recommend and Analytics pages must not block the main thread on large datasets: their
 * whole-dataset computations run in workers (workers/recommend.ts, workers/analytics.ts).
 * This guards against a page-state module calling one of them again; the time itself is
 * measured by bench/longtask-browser.ts.
 */
const HEAVY = [
  'datasetAnalytics',
  'findGaps',
  'embeddingInputs', // every customer's aggregates, the gap table, PCA inputs
  'rerankReport',
  'prepareEnsemble',
  'ensembleEvaluator',
  'optimiseWeights',
  'ensembleWeightSearch', // full score matrices
  'evaluateColdStart',
  'coldStartRunEvaluation',
  'contentScoreMatrix',
  'modelScores',
  'splitInteractions',
  'computeUsageStats',
  'computeThresholdSet',
  // A stored run with its weights (and score matrix): IndexedDB copies it on the reading thread.
  'getRun',
  'putRun'
];
const dir = import.meta.dirname;
const PAGE_STATE = [
  join(dir, 'recommend-page.svelte.ts'),
  join(dir, 'analytics-page.svelte.ts'),
  ...readdirSync(join(dir, 'recommend')).map((f) => join(dir, 'recommend', f))
].filter((f) => statSync(f).isFile() && !f.endsWith('.test.ts'));

/** The names a module imports as values (not `import type`). */
function valueImports(file: string): string[] {
  const imports = [
    ...readFileSync(file, 'utf8').matchAll(/import\s+(?!type\b)\{([^}]*)\}\s+from\s+'([^']+)'/g)
  ];
  return imports.flatMap((m) =>
    m[1]
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s && !s.startsWith('type '))
  );
}

describe('page state keeps whole-dataset work off the main thread', () => {
  it.each(PAGE_STATE.map((f) => [relative(dir, f), f]))(
    '%s imports no whole-dataset computation',
    (_name, file) => {
      expect(valueImports(file).filter((v) => HEAVY.includes(v))).toEqual([]);
    }
  );
});

/**
 * Issue 14 §1: at 1M customers a run's model is ~260 MB (216 MB of it the user-feature matrix).
 * The recommend worker holds the one copy (core/recommend/held-model.ts) and the Recommend page
 * asks it for one customer's row or explanation; a page module that rebuilds or scores a model
 * would hold a second copy on the page.
 */
const MODEL_ON_THE_PAGE = [
  'deserializeModel', // rebuilds a model from its stored weights
  'scoringItems',
  'scoringUser',
  'scoreUserRow',
  'explainModelScore',
  'featureRowFromNames', // needs the model's feature names (one per customer with identity features)
  'holdModel',
  'customerScores',
  'planExplanation',
  'profileScores'
];
const RECOMMEND_PAGE_STATE = PAGE_STATE.filter((f) => !f.endsWith('analytics-page.svelte.ts'));

describe('the Recommend page holds no model', () => {
  it.each(RECOMMEND_PAGE_STATE.map((f) => [relative(dir, f), f]))(
    '%s neither rebuilds nor scores a model',
    (_name, file) => {
      expect(valueImports(file).filter((v) => MODEL_ON_THE_PAGE.includes(v))).toEqual([]);
    }
  );
});
