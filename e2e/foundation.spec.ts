import { test, expect, open } from './fixtures';
import type { Page } from '@playwright/test';
import { ensureDefaultDataset, reloadOffline, setModels } from './helpers';

/** Trains one small WARP model from the Train page. */
async function trainOne(page: Page, opts: { backend?: 'auto' | 'webgl' | 'wasm' | 'cpu'; epochs?: number; components?: number } = {}) {
  await ensureDefaultDataset(page);
  await setModels(page, ['warp'], { backend: opts.backend, epochs: opts.epochs ?? 3, components: opts.components ?? 8 });
  await page.getByTestId('train').click();
}

test('the five pages load with a navigation bar', async ({ page }) => {
  for (const [path, title] of [['/', 'Overview'], ['/train', 'Train'], ['/recommend', 'Recommend'], ['/analytics', 'Analytics'], ['/docs', 'Docs']]) {
    await open(page, path);
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: title })).toHaveAttribute('aria-current', 'page');
  }
});

test('(b) the default backend here is WASM, and the UI says why', async ({ page }) => {
  await open(page, '/train');
  await trainOne(page);
  const card = page.getByTestId('run-card').first();
  await expect(card).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(card.getByTestId('run-backend')).toHaveAttribute('data-backend', 'wasm');
  // Truthful: the loop is JavaScript (WASM only for the dot kernel); TF.js on WASM only scored.
  await expect(card.getByTestId('run-backend')).toHaveText('training loop: JavaScript + WASM SIMD dot kernel · TF.js wasm: scoring');
  await expect(card.getByTestId('run-backend-reason')).toContainText(/software/i);
  await expect(card.getByTestId('run-metric')).toContainText(/P@5 0\.\d{4}/);
});

test('(a) forced to WebGL, training finishes in the worker and reports webgl', async ({ page }) => {
  await open(page, '/train');
  await trainOne(page, { backend: 'webgl', epochs: 2, components: 8 });
  const card = page.getByTestId('run-card').first();
  await expect(card).toHaveAttribute('data-status', 'done', { timeout: 110_000 });
  await expect(card.getByTestId('run-backend')).toHaveAttribute('data-backend', 'webgl');
  await expect(card.getByTestId('run-backend-reason')).toContainText(/chosen by you/);
  await expect(card.getByTestId('run-metric')).toContainText(/P@5 0\.\d{4}/);
});

test('(c) cancel stops a run within a second', async ({ page }) => {
  await open(page, '/train');
  await trainOne(page, { epochs: 200, components: 64 });
  const card = page.getByTestId('run-card').first();
  await expect(card).toHaveAttribute('data-status', 'running');
  await expect.poll(async () => Number(await card.getByTestId('run-progress').getAttribute('value'))).toBeGreaterThan(0);
  const t0 = Date.now();
  await card.getByTestId('run-cancel').click();
  await expect(card).toHaveAttribute('data-status', 'cancelled', { timeout: 5_000 });
  expect(Date.now() - t0).toBeLessThan(1_000);
});

test('(d) after one visit, the app loads and trains offline', async ({ page, context }) => {
  await open(page, '/train');
  await reloadOffline(page, context);
  await trainOne(page);
  const card = page.getByTestId('run-card').first();
  await expect(card).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(card.getByTestId('run-backend')).toHaveAttribute('data-backend', 'wasm');
  await context.setOffline(false);
});
