import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * One concept, one home (model/README.md): the loops below may be written in one file each.
 * Everyone else calls that file, so a change of summation order, and with it of the bits a seed
 * reproduces, happens in one place. The WebAssembly kernels (.wat) are not TypeScript and not
 * scanned. Each pattern is a single-line loop, the form these sums take in this code base.
 */
const lib = join(import.meta.dirname, '..', '..');

const HOMES: { concept: string; pattern: RegExp; home: string }[] = [
  {
    concept: 'a running dot product s += a[…]·b[…]',
    pattern: /for \(let (\w+) = [^;]+; \1 < [^;]+; \1\+\+\) *[\w.]+ *\+= *[\w.]+\[[^\]]+\] *\* *[\w.]+\[/,
    home: 'core/model/dot.ts'
  },
  {
    concept: 'a representation sum p[c] += x·e[f·d + c]',
    pattern:
      /for \(let (\w+) = 0; \1 < d; \1\+\+\) *[\w.]+\[[^\]]+\] *\+= *[^;]*\* *[\w.]+\[(\w+ \* d|\w+) \+ \1\]/,
    home: 'core/model/representations.ts'
  },
  {
    concept: 'the harmonic number H(r) = Σ 1/k',
    pattern: /\+= 1 \/ [a-z]\w*;/,
    home: 'core/model/sampling.ts'
  }
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|svelte)$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('one home per concept', () => {
  const files = sources(lib).map((f) => ({ file: relative(lib, f), text: readFileSync(f, 'utf8') }));

  for (const { concept, pattern, home } of HOMES) {
    it(`writes ${concept} only in ${home}`, () => {
      const where = files.flatMap(({ file, text }) =>
        text.split('\n').flatMap((line, k) => (pattern.test(line) ? [`${file}:${k + 1}`] : []))
      );
      // Not vacuous: the home itself matches its own pattern.
      expect(where.some((w) => w.startsWith(home + ':'))).toBe(true);
      expect(where.filter((w) => !w.startsWith(home + ':'))).toEqual([]);
    });
  }
});
