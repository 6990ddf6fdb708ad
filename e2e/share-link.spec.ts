import { test, expect, open } from './fixtures';
import { readEnsemble, trainModels } from './helpers';
import type { Page } from '@playwright/test';

test('a shared link opened in a fresh browser regenerates, retrains and shows the same ensemble metrics and top-5', async ({
  page,
  browser
}) => {
  test.setTimeout(600_000);
  await trainModels(page, ['warp', 'bpr'], { epochs: 3, components: 8, backend: 'wasm' });
  await open(page, '/recommend');
  await expect(page.getByTestId('recommend-setup')).toHaveAttribute('data-loaded', 'true');
  await page.getByTestId('mode-ensemble').check();
  const sliders = page.getByTestId('ensemble-weight');
  await expect(sliders).toHaveCount(2);
  // Not the defaults: weights 1 and 0.9, rank normalisation, another customer, top 5.
  await sliders.nth(1).focus();
  for (let k = 0; k < 10; k++) await page.keyboard.press('ArrowLeft');
  await page.getByTestId('method-rank').check();
  await page.getByTestId('customer-search').fill('C0001');
  await page.getByTestId('customer-select').selectOption({ index: 3 });
  await page.getByTestId('top-n').fill('5');
  const here = await readEnsemble(page);

  await page.getByTestId('copy-link').click();
  const url = await page.getByTestId('share-url').inputValue();
  expect(url).toMatch(
    /\/recommend#v=2&data=5000,42&.*&backend=wasm&.*&w=1,0\.9&norm=rank&view=ensemble&(single=\d+&)?customer=/
  );
  for (const m of ['m=warp,1,components:8,epochs:3', 'm=bpr,1,components:8,epochs:3'])
    expect(url).toContain(m);

  // A fresh context: empty IndexedDB, so the data is generated and both models trained again.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  const errors: string[] = [];
  other.on('pageerror', (e) => errors.push(e.message));
  other.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  fresh.on('request', (req) => {
    const u = new URL(req.url());
    if (!['localhost', '127.0.0.1'].includes(u.hostname) && !['data:', 'blob:'].includes(u.protocol))
      errors.push(`request off the site: ${req.url()}`);
  });
  await other.goto(url);
  await expect(other.getByTestId('restore-progress')).toContainText(
    'Generating the linked dataset: 5,000 customers, seed 42'
  );
  // Training the two linked models can finish between two polls (the kernels are fast), so the
  // proof that they were trained here is the store: a fresh context had no runs before.
  await expect(other.getByTestId('share-session')).toHaveAttribute('data-restore', 'done', {
    timeout: 480_000
  });
  expect(await storedRunCount(other)).toBe(2);
  await expect(other.getByTestId('restore-problems')).toHaveCount(0);
  await other.getByTestId('top-n').fill('5');
  const there = await readEnsemble(other);
  expect(there).toEqual(here);
  expect(errors).toEqual([]);
  await fresh.close();
});

test('a damaged link says what was wrong and still opens with defaults', async ({ page }) => {
  await page.goto('/recommend#v=1&data=5000,42&norm=median&w=2&future=yes');
  await expect(page.getByTestId('share-session')).toHaveAttribute('data-restore', /done|failed/, {
    timeout: 120_000
  });
  await expect(page.getByTestId('restore-problems')).toContainText(
    'The link\'s "norm" was not used (the normalisation must be one of zscore, rank, got "median")'
  );
  await expect(page.getByTestId('restore-problems')).toContainText(
    '"w" was not used (weights must be numbers from 0 to 1, got "2")'
  );
});

test('a link trained on WebGL opened where WebGL is software says retraining may be slow, and keeps WebGL for the same numbers', async ({
  page
}) => {
  test.setTimeout(300_000);
  await page.goto('/recommend#v=1&data=5000,42&backend=webgl&m=bpr,1,epochs:1,components:4&view=single');
  await expect(page.getByTestId('restore-problems')).toContainText(
    'trained on WebGL, which this browser does not run on a GPU'
  );
  await expect(page.getByTestId('share-session')).toHaveAttribute('data-restore', 'done', {
    timeout: 240_000
  });
  await expect(page.getByTestId('single-list').getByTestId('plan-card')).not.toHaveCount(0);
  // The stored run says which backend trained it.
  await open(page, '/train');
  await expect(page.getByTestId('result-row')).toHaveCount(1);
  await expect(page.getByTestId('result-row')).toContainText('webgl');
});

test('a link keeps the linked run’s training path: the full-tensor path where it says so, the kernel otherwise, never re-timed', async ({
  page
}) => {
  test.setTimeout(300_000);
  // Timing here would pick the kernel (TF.js on WASM is never tried): the link forces its path.
  await page.goto(
    '/recommend#v=2&data=5000,42&backend=wasm&m=warp,1,epochs:1,components:4,path:tensor&m=bpr,1,epochs:1,components:4&view=ensemble'
  );
  await expect(page.getByTestId('share-session')).toHaveAttribute('data-restore', 'done', {
    timeout: 240_000
  });
  await open(page, '/train');
  const row = (name: string) => page.getByTestId('result-row').filter({ hasText: name });
  await expect(page.getByTestId('result-row')).toHaveCount(2);
  await expect(row('WARP')).toContainText('TF.js full-tensor');
  await expect(row('BPR')).toContainText('WebAssembly SIMD kernel');
  await expect(row('BPR')).not.toContainText('full-tensor');
  // Shared again, the link names the path of the one run that took it.
  await open(page, '/recommend');
  await expect(page.getByTestId('recommend-setup')).toHaveAttribute('data-loaded', 'true');
  await page.getByTestId('mode-ensemble').check();
  await page.getByTestId('copy-link').click();
  const url = await page.getByTestId('share-url').inputValue();
  expect(url).toContain('m=warp,1,components:4,epochs:1,path:tensor');
  expect(url).toMatch(/m=bpr,1,components:4,epochs:1(&|$)/);
});

test('a link to an imported dataset this browser lacks says to import it first', async ({ page }) => {
  await page.goto('/recommend#v=1&dsname=My%20shop%202025&m=warp,1&view=ensemble');
  await expect(page.getByTestId('restore-error')).toHaveText(
    'Could not open the shared session: it uses the imported dataset "My shop 2025", which is not stored in this browser: import it on the Overview under that name, then open the link again.'
  );
  await expect(page.getByTestId('share-session')).toHaveAttribute('data-restore', 'failed');
});

/** Runs stored in this context's IndexedDB, read directly (not through the app). */
async function storedRunCount(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('telco-recommender-lab');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const n = await new Promise<number>((resolve, reject) => {
      const req = db.transaction('runs', 'readonly').objectStore('runs').count();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    db.close();
    return n;
  });
}
