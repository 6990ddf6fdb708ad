import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Small modules with one job: no source file in these folders may grow past this many lines. */
const MAX_LINES = 450;
const root = join(import.meta.dirname, '..');
const FOLDERS = ['src', 'workers', 'bench', 'e2e', 'scripts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js|mjs|svelte)$/.test(name) ? [path] : [];
  });
}

describe('file length', () => {
  it(`keeps every source file at ${MAX_LINES} lines or fewer`, () => {
    const files = FOLDERS.flatMap((f) => sourceFiles(join(root, f)));
    expect(files.length).toBeGreaterThan(50);
    const long = files
      .map((f) => ({ file: relative(root, f), lines: readFileSync(f, 'utf8').split('\n').length - 1 }))
      .filter((f) => f.lines > MAX_LINES);
    expect(long).toEqual([]);
  });
});
