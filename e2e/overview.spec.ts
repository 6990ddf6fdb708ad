import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, open, test } from './fixtures';
import { storedDigest } from './stored';

/**
 * The Overview page in real Chromium: generate, survive a reload, reject a malformed import
 * without touching storage, import a valid set, export → import round trip, and imported
 * text rendered as text.
 */

const VALID = 'test/fixtures/csv/valid';
const E2E = 'test/fixtures/e2e';
const TABLES = ['customers', 'usage', 'plans', 'adoptions'] as const;
type Table = (typeof TABLES)[number];

async function generateDefault(page: Page): Promise<void> {
  await expect(page.getByTestId('overview')).toHaveAttribute('data-loaded', 'true');
  const before = await page.getByTestId('dataset-row').count();
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('dataset-row')).toHaveCount(before + 1, { timeout: 90_000 });
  await expect(page.getByTestId('generate-progress')).toHaveCount(0);
}

/** Sets the four CSV inputs (paths per table) and submits the import. */
async function importCsv(
  page: Page,
  paths: Record<Table, string>,
  opts: { name?: string; seed?: number } = {}
): Promise<void> {
  for (const t of TABLES) await page.getByTestId(`import-${t}`).setInputFiles(paths[t]);
  if (opts.name) await page.getByTestId('import-name').fill(opts.name);
  if (opts.seed !== undefined) await page.getByTestId('import-seed').fill(String(opts.seed));
  await page.getByTestId('import-csv').click();
}

const validPaths = (over: Partial<Record<Table, string>> = {}): Record<Table, string> =>
  Object.fromEntries(TABLES.map((t) => [t, over[t] ?? join(VALID, `${t}.csv`)])) as Record<Table, string>;

/** The stored summary of a dataset, read from IndexedDB directly. */
async function storedSummary(page: Page, id: string): Promise<unknown> {
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('telco-recommender-lab');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const meta = await new Promise<{ summary?: unknown }>((resolve, reject) => {
      const req = db.transaction('datasets', 'readonly').objectStore('datasets').get(id);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    db.close();
    return meta.summary;
  }, id);
}

test('generates the default dataset, shows its summary and ceilings, and keeps it across a reload', async ({
  page
}) => {
  await open(page, '/');
  await expect(page.getByTestId('no-datasets')).toBeVisible();
  await expect(page.getByTestId('generate-preset')).toHaveValue('5000');
  await expect(page.getByTestId('generate-seed')).toHaveValue('42');
  await generateDefault(page);

  const row = page.getByTestId('dataset-row');
  await expect(row.getByTestId('dataset-name')).toHaveText('synthetic-5000-s42');
  await expect(row).toHaveAttribute('data-current', 'true');
  await expect(page.getByTestId('summary-customers')).toHaveText('5,000');
  await expect(page.getByTestId('summary-plans')).toHaveText('20');
  await expect(page.getByTestId('segment-mix').locator('tbody tr')).toHaveCount(3);
  await expect(page.getByTestId('usage-quantiles').locator('tbody tr')).toHaveCount(3);
  await expect(page.getByTestId('plan-adoptions').locator('tbody tr')).toHaveCount(20);
  const ceilings = page.getByTestId('ceilings-random');
  await expect(ceilings).toContainText('perfect model');
  await expect(ceilings).toContainText('Popularity ranking');
  await expect(ceilings.locator('thead th')).toHaveCount(1 + 9);
  await expect(page.getByTestId('storage-used')).toContainText('1 dataset');
  const id = await row.getAttribute('data-id');
  const summaryText = await page.getByTestId('summary-stats').innerText();

  await page.reload();
  await expect(page.locator('html[data-ready="true"]')).toHaveCount(1);
  await expect(page.getByTestId('overview')).toHaveAttribute('data-loaded', 'true');
  await expect(page.getByTestId('dataset-row')).toHaveCount(1);
  await expect(page.getByTestId('dataset-row')).toHaveAttribute('data-id', id!);
  await expect(page.getByTestId('current-dataset')).toHaveAttribute('data-id', id!);
  expect(await page.getByTestId('summary-stats').innerText()).toBe(summaryText);
});

test('a malformed CSV set is rejected naming file, row and column, and every stored dataset stays byte-identical', async ({
  page
}) => {
  await open(page, '/');
  await generateDefault(page);
  await importCsv(page, validPaths(), { name: 'small valid' });
  await expect(page.getByTestId('dataset-row')).toHaveCount(2);
  const before = await storedDigest(page);
  expect(Object.keys(before)).toHaveLength(2);

  await importCsv(page, validPaths({ usage: join(E2E, 'bad-usage.csv') }), { name: 'broken' });
  const alert = page.getByRole('alert').filter({ hasText: 'bad-usage.csv' });
  await expect(alert).toHaveText(
    'Import rejected, nothing was stored. bad-usage.csv row 5, column voice_minutes: "lots" is not a number'
  );
  await expect(page.getByTestId('dataset-row')).toHaveCount(2);
  expect(await storedDigest(page)).toEqual(before);

  // A broken plans file names its own file, row and column.
  await importCsv(page, validPaths({ plans: 'test/fixtures/csv/malformed/plans--zero-price.csv' }));
  await expect(page.getByTestId('import-error')).toContainText(
    'plans--zero-price.csv row 2, column price: 0 is out of range'
  );
  expect(await storedDigest(page)).toEqual(before);
});

test('importing a valid CSV set adds a dataset; rename and delete with confirmation', async ({ page }) => {
  await open(page, '/');
  await expect(page.getByTestId('overview')).toHaveAttribute('data-loaded', 'true');
  await importCsv(page, validPaths(), { name: 'my telco' });
  await expect(page.getByTestId('notice')).toContainText(
    'Imported "my telco": 3 customers, 3 plans, 4 adoptions'
  );
  await expect(page.getByTestId('dataset-row')).toHaveCount(1);
  await expect(page.getByTestId('current-name')).toHaveText('my telco');
  await expect(page.getByTestId('summary-customers')).toHaveText('3');
  await expect(page.getByTestId('no-ceilings')).toBeVisible();

  await page.getByTestId('rename').click();
  await page.getByTestId('rename-input').fill('renamed telco');
  await page.getByTestId('rename-save').click();
  await expect(page.getByTestId('dataset-name')).toHaveText('renamed telco');

  await page.getByTestId('delete').click();
  await page.getByTestId('delete-keep').click();
  await expect(page.getByTestId('dataset-row')).toHaveCount(1);
  await page.getByTestId('delete').click();
  await page.getByTestId('delete-confirm').click();
  await expect(page.getByTestId('no-datasets')).toBeVisible();
  expect(await storedDigest(page)).toEqual({});
});

test('export then import gives an identical summary', async ({ page }, testInfo) => {
  await open(page, '/');
  await generateDefault(page);
  const originalId = (await page.getByTestId('current-dataset').getAttribute('data-id'))!;

  await page.getByTestId('export-csv').click();
  await expect(page.getByTestId('export-file')).toHaveCount(4);
  const saved: Partial<Record<Table, string>> = {};
  for (const link of await page.getByTestId('export-file').all()) {
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const name = download.suggestedFilename();
    const table = TABLES.find((t) => name.endsWith(`_${t}.csv`));
    expect(table, name).toBeDefined();
    const path = testInfo.outputPath(name);
    await download.saveAs(path);
    saved[table!] = path;
  }
  expect((await readFile(saved.customers!, 'utf8')).split('\n')[0]).toContain('customer_id,segment');

  await importCsv(page, saved as Record<Table, string>, { name: 'round trip', seed: 42 });
  await expect(page.getByTestId('dataset-row')).toHaveCount(2, { timeout: 60_000 });
  await expect(page.getByTestId('current-name')).toHaveText('round trip');
  const importedId = (await page.getByTestId('current-dataset').getAttribute('data-id'))!;
  expect(importedId).not.toBe(originalId);

  const importedText = await page.getByTestId('summary-stats').innerText();
  const importedCeilings = await page.getByTestId('ceilings-random').innerText();
  await page.getByTestId(`dataset-select-${originalId}`).click();
  await expect(page.getByTestId('current-name')).toHaveText('synthetic-5000-s42');
  expect(await page.getByTestId('summary-stats').innerText()).toBe(importedText);
  expect(await page.getByTestId('ceilings-random').innerText()).toBe(importedCeilings);
  expect(await storedSummary(page, importedId)).toEqual(await storedSummary(page, originalId));

  // The parity layout exports too (train, test, users, items, both feature files, plans) and imports back.
  await page.getByTestId('export-parity').click();
  await expect(page.getByTestId('export-files')).toHaveAttribute('data-what', 'parity');
  await expect(page.getByTestId('export-file')).toHaveCount(7);
  const parity: string[] = [];
  for (const link of await page.getByTestId('export-file').all()) {
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const path = testInfo.outputPath(download.suggestedFilename());
    await download.saveAs(path);
    parity.push(path);
  }
  await page.getByTestId('import-parity-files').setInputFiles(parity);
  await page.getByTestId('import-parity-name').fill('parity round trip');
  await page.getByTestId('import-parity').click();
  await expect(page.getByTestId('dataset-row')).toHaveCount(3, { timeout: 60_000 });
  await expect(page.getByTestId('current-name')).toHaveText('parity round trip');
  await expect(page.getByTestId('summary-stats')).toContainText(
    'An imported train/test layout: 5,000 customers, 20 plans'
  );
});

test('a running generation can be cancelled and stores nothing', async ({ page }) => {
  await open(page, '/');
  await expect(page.getByTestId('overview')).toHaveAttribute('data-loaded', 'true');
  await page.getByTestId('generate-preset').selectOption('1000000');
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('generate-progress')).toBeVisible();
  await page.getByTestId('generate-cancel').click();
  await expect(page.getByTestId('notice')).toHaveText('Generation cancelled: nothing was stored.', {
    timeout: 30_000
  });
  await expect(page.getByTestId('generate-progress')).toHaveCount(0);
  await expect(page.getByTestId('no-datasets')).toBeVisible();
  expect(await storedDigest(page)).toEqual({});
});

test('a plan named <img src=x onerror=alert(1)> shows as text and runs nothing', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await open(page, '/');
  await expect(page.getByTestId('overview')).toHaveAttribute('data-loaded', 'true');
  await importCsv(page, validPaths({ plans: join(E2E, 'xss-plans.csv') }), { name: '<b>bold</b> name' });
  await expect(page.getByTestId('dataset-row')).toHaveCount(1);
  const literal = '<img src=x onerror=alert(1)>';
  await expect(page.getByTestId('plan-name').filter({ hasText: literal })).toHaveText(literal);
  await expect(page.getByTestId('dataset-name')).toHaveText('<b>bold</b> name');
  await expect(page.locator('main img')).toHaveCount(0);
  await expect(page.locator('main b')).toHaveCount(0);
  await page.waitForTimeout(300);
  expect(dialogs).toEqual([]);
});
