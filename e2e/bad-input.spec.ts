import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, open, test } from './fixtures';
import { storedDigest } from './stored';

/**
 * Files that are not UTF-8 CSV text, imported on the Overview page: one plain sentence naming
 * the file, no parser error, no garbage characters, and nothing stored changes.
 * (The check itself is src/lib/core/data/text-file.ts; its unit tests cover every entry point.)
 */

const TABLES = ['customers', 'usage', 'plans', 'adoptions'] as const;
const VALID = 'test/fixtures/csv/valid';
const NOT_TEXT = 'test/fixtures/csv/not-text';

/** 10 MB of seeded random bytes (xorshift32), as in the tour. */
function randomBytes(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  let x = seed;
  for (let k = 0; k < size; k++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[k] = x & 255;
  }
  return out;
}

type Upload = string | { name: string; mimeType: string; buffer: Buffer };

async function importTables(
  page: Page,
  files: Partial<Record<(typeof TABLES)[number], Upload>>
): Promise<void> {
  for (const t of TABLES)
    await page.getByTestId(`import-${t}`).setInputFiles(files[t] ?? join(VALID, `${t}.csv`));
  await page.getByTestId('import-csv').click();
}

/** Printable text only: no replacement marks, no control characters from the file. */
const PLAIN = /^[\x20-\x7e→]+$/;

test('binary and non-UTF-8 files are refused in plain words and nothing stored changes', async ({ page }) => {
  await open(page, '/');
  await expect(page.getByTestId('overview')).toHaveAttribute('data-loaded', 'true');
  await importTables(page, {});
  await expect(page.getByTestId('dataset-row')).toHaveCount(1);
  const before = await storedDigest(page);
  expect(Object.keys(before)).toHaveLength(1);
  const error = page.getByTestId('import-error');

  // The four raw tables, usage replaced by 10 MB of random bytes.
  await importTables(page, {
    usage: { name: 'random.csv', mimeType: 'text/csv', buffer: randomBytes(10 * 1024 * 1024, 34) }
  });
  await expect(error).toContainText(
    /^Import rejected, nothing was stored\. random\.csv is not a text CSV file: it contains binary data \(a zero byte at byte [\d,]+\)\./
  );
  expect(await error.innerText()).toMatch(PLAIN);
  expect(await storedDigest(page)).toEqual(before);

  // A spreadsheet's Latin-1 export: the line is named, nothing is quoted.
  await importTables(page, { customers: join(NOT_TEXT, 'latin1-customers.csv') });
  await expect(error).toHaveText(
    'Import rejected, nothing was stored. latin1-customers.csv is not UTF-8 text: line 4 has characters that cannot be read as UTF-8. Save it again as "CSV UTF-8" and import that.'
  );
  expect(await storedDigest(page)).toEqual(before);

  // The parity layout, train.csv of random bytes: no header quoted as garbage.
  await page.getByTestId('import-parity-files').setInputFiles([
    { name: 'train.csv', mimeType: 'text/csv', buffer: readFileSync(join(NOT_TEXT, 'random-bytes.csv')) },
    { name: 'test.csv', mimeType: 'text/csv', buffer: Buffer.from('user,item\n1,2\n') }
  ]);
  await page.getByTestId('import-parity').click();
  await expect(error).toContainText(/train\.csv is not a text CSV file: it contains binary data/);
  expect(await error.innerText()).toMatch(PLAIN);
  await expect(page.getByTestId('dataset-row')).toHaveCount(1);
  expect(await storedDigest(page)).toEqual(before);
});
