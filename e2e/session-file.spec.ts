import { readFileSync } from 'node:fs';
import { test, expect, open } from './fixtures';
import { readEnsemble, trainModels } from './helpers';

test('an exported session file imported in a fresh browser gives the same ensemble metrics and top list, and carries what a link cannot', async ({
  page,
  browser
}) => {
  test.setTimeout(600_000);
  await trainModels(page, ['warp', 'bpr'], { epochs: 3, components: 8, backend: 'wasm' });
  await open(page, '/recommend');
  await expect(page.getByTestId('recommend-setup')).toHaveAttribute('data-loaded', 'true');
  // What a link leaves out: the cold-start model, the tenure policy and top N.
  await page.getByTestId('mode-cold').check();
  const coldSelect = page.getByTestId('cold-model-select');
  await coldSelect.selectOption({ index: 1 });
  const coldModel = await coldSelect.evaluate((e) =>
    (e as HTMLSelectElement).selectedOptions[0].textContent!.split(' · ')[0].trim()
  );
  await page.getByTestId('policy-blend-days').fill('45');
  await page.getByTestId('mode-ensemble').check();
  await expect(page.getByTestId('ensemble-weight')).toHaveCount(2);
  await page.getByTestId('method-rank').check();
  await page.getByTestId('customer-select').selectOption({ index: 2 });
  await page.getByTestId('top-n').fill('7');
  const here = await readEnsemble(page, 7);

  const saved = page.waitForEvent('download');
  await page.getByTestId('export-session').click();
  const download = await saved;
  expect(download.suggestedFilename()).toBe('session-synthetic-5000-s42.json');
  const path = test.info().outputPath(download.suggestedFilename());
  await download.saveAs(path);
  const file = JSON.parse(readFileSync(path, 'utf8'));
  expect(file.format).toBe('telco-recommender-lab/session');
  expect(file.policy.blendUntilDay).toBe(45);
  expect(file.train.selectedModels).toEqual(['warp', 'bpr']);

  // A fresh context: empty IndexedDB and storage; the data is generated and both models retrained.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  const errors: string[] = [];
  other.on('pageerror', (e) => errors.push(e.message));
  other.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  await open(other, '/recommend');
  await other.getByTestId('import-session').setInputFiles(path);
  await expect(other.getByTestId('share-session')).toHaveAttribute('data-restore', 'done', {
    timeout: 480_000
  });
  await expect(other.getByTestId('session-file-note')).toContainText(
    'Opened session-synthetic-5000-s42.json'
  );
  await expect(other.getByTestId('restore-problems')).toHaveCount(0);
  expect(await readEnsemble(other, 7)).toEqual(here);
  await other.getByTestId('mode-cold').check();
  await expect(other.getByTestId('policy-blend-days')).toHaveValue('45');
  expect(
    await other
      .getByTestId('cold-model-select')
      .evaluate((e) => (e as HTMLSelectElement).selectedOptions[0].textContent!.split(' · ')[0].trim())
  ).toBe(coldModel);
  // The Train page's choices came with the file.
  await open(other, '/train');
  await expect(other.getByTestId('model-warp')).toBeChecked();
  await expect(other.getByTestId('model-bpr')).toBeChecked();
  await expect(other.getByTestId('model-hybrid-deep')).not.toBeChecked();
  await expect(other.getByTestId('backend-select')).toHaveValue('wasm');
  expect(errors).toEqual([]);
  await fresh.close();
});

test('a file that is not a session file says so and changes nothing', async ({ page }) => {
  await open(page, '/recommend');
  await page.getByTestId('import-session').setInputFiles({
    name: 'notes.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format":"x"}')
  });
  await expect(page.getByTestId('session-file-note')).toContainText(
    'notes.json: This file is not a session file (its "format" is not "telco-recommender-lab/session").'
  );
  await expect(page.getByTestId('share-session')).toHaveAttribute('data-restore', 'idle');
});
