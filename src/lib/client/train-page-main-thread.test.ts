import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Selecting a dataset on the Train page reads it, splits it and ranks every customer by
 * popularity: at 1M customers that blocked the page for seconds. It runs in the reference
 * worker (workers/references.ts); this guards against the page state doing it again. The time
 * itself is measured by bench/scale-browser.ts.
 */
const HEAVY = [
  'openDataset',
  'openTrainTest',
  'prepareTrainingData',
  'popularityRow',
  'trainingReferences',
  // Paired bootstrap over every test customer: 34 s on the page at 1M (workers/run-stats.ts).
  'ablationDeltas',
  'compareModels',
  'pairedBootstrap'
];

describe('the Train page keeps whole-dataset reference work off the main thread', () => {
  it('train-page.svelte.ts imports no whole-dataset read or computation', () => {
    const src = readFileSync(join(import.meta.dirname, 'train-page.svelte.ts'), 'utf8');
    const values = [...src.matchAll(/import\s+(?!type\b)\{([^}]*)\}\s+from\s+'([^']+)'/g)].flatMap((m) =>
      m[1]
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s && !s.startsWith('type '))
    );
    expect(values.filter((v) => HEAVY.includes(v))).toEqual([]);
  });
});
