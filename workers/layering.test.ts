import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * design.md's layering for workers: thin adapters over core and store. The page owns the
 * workers (src/lib/client), so a worker importing the client would load page code into the
 * worker and tie the two layers in a cycle.
 */
const dir = join(import.meta.dirname);
const workerFiles = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
const importsOf = (file: string) =>
  [...readFileSync(join(dir, file), 'utf8').matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);

describe('worker layering', () => {
  it('finds the worker modules', () => {
    expect(workerFiles).toContain('trainer.ts');
  });

  it.each(workerFiles)('%s imports nothing from the client, components, charts or routes', (file) => {
    const bad = importsOf(file).filter((s) =>
      /^\$lib\/(client|components|charts)\b|src\/routes|\.svelte$/.test(s)
    );
    expect(bad).toEqual([]);
  });
});
