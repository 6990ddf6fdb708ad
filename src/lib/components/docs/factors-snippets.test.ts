import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIGHTFM_SNIPPET, SPARK_SNIPPET } from './factors-snippets';

describe('training-elsewhere snippets', () => {
  it('are the ones docs/factors.md shows', () => {
    const md = readFileSync(join(import.meta.dirname, '../../../../docs/factors.md'), 'utf8');
    expect(md).toContain('```python\n' + LIGHTFM_SNIPPET + '```');
    expect(md).toContain('```python\n' + SPARK_SNIPPET + '```');
  });
});
