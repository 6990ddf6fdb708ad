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

describe('page state keeps whole-dataset work off the main thread', () => {
  it.each(PAGE_STATE.map((f) => [relative(dir, f), f]))(
    '%s imports no whole-dataset computation',
    (_name, file) => {
      const imports = [
        ...readFileSync(file, 'utf8').matchAll(/import\s+(?!type\b)\{([^}]*)\}\s+from\s+'([^']+)'/g)
      ];
      const values = imports.flatMap((m) =>
        m[1]
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s && !s.startsWith('type '))
      );
      expect(values.filter((v) => HEAVY.includes(v))).toEqual([]);
    }
  );
});
