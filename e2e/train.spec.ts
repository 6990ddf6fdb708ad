import type { Locator, Page } from '@playwright/test';
import { test, expect, open } from './fixtures';
import { ensureDefaultDataset, setModels, trainModels } from './helpers';

const ALL_FOUR = ['warp', 'bpr', 'warp-kos', 'hybrid-deep'];

test('four models train in parallel, compare, and survive a reload', async ({ page }) => {
  await trainModels(page, ALL_FOUR, { epochs: 8, components: 8, wait: false });
  // Side by side, not one after another: at some moment two or more runs are running at once.
  await expect
    .poll(() => page.locator('[data-testid="run-card"][data-status="running"]').count(), { timeout: 60_000 })
    .toBeGreaterThanOrEqual(2);
  for (let k = 0; k < 4; k++) {
    await expect(page.getByTestId('run-card').nth(k)).toHaveAttribute('data-status', 'done', {
      timeout: 180_000
    });
  }
  const rows = page.getByTestId('result-row');
  await expect(rows).toHaveCount(4);
  await expect(page.locator('[data-testid="result-row"][data-best="true"]')).toHaveCount(1);
  await expect(page.getByTestId('best-badge')).toHaveCount(1);
  await expect(page.getByTestId('reference-row').first()).toContainText('Popularity');
  await expect(page.getByTestId('reference-row').nth(1)).toContainText('ceiling');
  await expect(page.getByTestId('significance')).toContainText(/Wilcoxon signed-rank p =/);
  await expect(page.getByTestId('pak-heatmap')).toHaveAttribute('data-rendered', 'true');
  await expect(page.getByTestId('validation-curve')).toHaveAttribute('data-rendered', 'true');
  // The best row really has the highest P@5 (column 2 after the name and P@3).
  const p5 = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.children[2].textContent)));
  const bestP5 = Number(
    await page.locator('[data-testid="result-row"][data-best="true"] td').nth(2).textContent()
  );
  expect(bestP5).toBe(Math.max(...p5));
  // The table says what ran each run (the loop and the tensor backend), never a bare "wasm".
  for (const cell of await page.getByTestId('result-engine').allTextContents())
    expect(cell).toMatch(
      /^(WebAssembly SIMD kernel \(f32\)|TypeScript reference \(.+\))(, towers included| for the factors, towers in TF\.js)?( · batch-parallel on \d+ cores| · one core: .+)? · TF\.js wasm$/
    );

  await page.reload();
  await expect(page.locator('html[data-ready="true"]')).toHaveCount(1);
  await expect(page.getByTestId('result-row')).toHaveCount(4);
  await expect(page.getByTestId('stored-run')).toHaveCount(4);
});

test('cancelling one run lets the others finish', async ({ page }) => {
  await open(page, '/train');
  await ensureDefaultDataset(page);
  await setModels(page, ['warp', 'bpr', 'warp-kos'], { epochs: 40, components: 16 });
  await page.getByTestId('train').click();
  const cards = page.getByTestId('run-card');
  await expect(cards).toHaveCount(3);
  await expect(cards.nth(0)).toHaveAttribute('data-status', 'running');
  await cards.nth(0).getByTestId('run-cancel').click();
  await expect(cards.nth(0)).toHaveAttribute('data-status', 'cancelled', { timeout: 5_000 });
  await expect(cards.nth(1)).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
  await expect(cards.nth(2)).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
  await expect(page.getByTestId('result-row')).toHaveCount(2);
  await expect(page.locator('[data-testid="stored-run"][data-status="cancelled"]')).toHaveCount(1);
});

test('a worker that crashes marks its run failed with the reason; other runs and data are intact', async ({
  page
}) => {
  await open(page, '/train');
  await ensureDefaultDataset(page);
  const datasetsBefore = await page.getByTestId('dataset-select').locator('option').count();
  // First a healthy run, stored.
  await setModels(page, ['bpr'], { epochs: 2, components: 8 });
  await page.getByTestId('train').click();
  await expect(page.getByTestId('run-card').first()).toHaveAttribute('data-status', 'done', {
    timeout: 120_000
  });
  // Then a run whose worker is forced to crash 300 ms after it starts. (Cards of this tab's
  // earlier runs come back after the navigation, so the new run's card is found by its id.)
  await open(page, '/train?crashAfterMs=300');
  await setModels(page, ['warp'], { epochs: 200, components: 32 });
  const card = await startNewRun(page);
  await expect(card).toHaveAttribute('data-status', 'failed', { timeout: 30_000 });
  await expect(card.getByTestId('run-error')).toContainText(/stopped unexpectedly: .*forced crash/);
  await expect(page.locator('[data-testid="stored-run"][data-status="failed"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="stored-run"][data-status="done"]')).toHaveCount(1);
  await expect(page.getByTestId('dataset-select').locator('option')).toHaveCount(datasetsBefore);
  // The pool recovers: the next run trains on a fresh worker.
  await open(page, '/train');
  await setModels(page, ['warp'], { epochs: 2, components: 8 });
  await expect(await startNewRun(page)).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
});

/** Clicks Train and returns the card of the run it started (not one restored from before). */
async function startNewRun(page: Page): Promise<Locator> {
  const cards = page.getByTestId('run-card');
  const before = new Set(await cards.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.runId)));
  await page.getByTestId('train').click();
  let id: string | undefined;
  await expect
    .poll(async () => {
      const ids = await cards.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.runId));
      id = ids.find((x) => x !== undefined && !before.has(x));
      return id !== undefined;
    })
    .toBe(true);
  return page.locator(`[data-testid="run-card"][data-run-id="${id}"]`);
}

test('the ablation study gives one bar per feature group', async ({ page }) => {
  await open(page, '/train');
  await ensureDefaultDataset(page);
  await setModels(page, ['warp'], { epochs: 2, components: 8 });
  const groups = await page.locator('[data-testid^="group-"]:checked').count();
  await page.getByTestId('ablation-model').selectOption('warp');
  await page.getByTestId('ablation-start').click();
  const result = page.getByTestId('ablation-result');
  await expect(result).toBeVisible({ timeout: 240_000 });
  // One bar per removed group plus the identity-only variant.
  await expect(result).toHaveAttribute('data-bars', String(groups + 1));
  await expect(page.getByTestId('ablation-p5')).toHaveAttribute('data-rendered', 'true');
  await expect(page.getByTestId('ablation-auc')).toHaveAttribute('data-rendered', 'true');
});

test('an exported run imports again with identical metrics; a bad file is rejected clearly', async ({
  page
}) => {
  await trainModels(page, ['warp'], { epochs: 2, components: 8 });
  const downloadPromise = page.waitForEvent('download');
  await page.getByTestId('export-run').first().click();
  const download = await downloadPromise;
  const path = await download.path();
  const before = await page.getByTestId('result-row').first().locator('td').nth(2).textContent();
  await page.getByTestId('import-run').setInputFiles(path!);
  await expect(page.getByTestId('stored-run')).toHaveCount(2);
  await expect(page.getByTestId('result-row')).toHaveCount(2);
  const p5s = await page
    .getByTestId('result-row')
    .evaluateAll((trs) => trs.map((tr) => tr.children[2].textContent));
  expect(p5s).toEqual([before, before]);
  await page
    .getByTestId('import-run')
    .setInputFiles({ name: 'plans.csv', mimeType: 'text/csv', buffer: Buffer.from('id,name\n1,x\n') });
  await expect(page.getByTestId('import-run-error')).toContainText('plans.csv is not an exported run');
  await expect(page.getByTestId('stored-run')).toHaveCount(2);
});
