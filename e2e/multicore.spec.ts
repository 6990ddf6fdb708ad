import type { BrowserContext, Page } from '@playwright/test';
import { test, expect, open } from './fixtures';
import { ensureDefaultDataset, reloadOffline, setModels } from './helpers';

/** Serves every response without COOP/COEP, as a static host that sends no headers would. */
async function stripIsolationHeaders(context: BrowserContext): Promise<void> {
  await context.route('**/*', async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    delete headers['cross-origin-opener-policy'];
    delete headers['cross-origin-embedder-policy'];
    await route.fulfill({ response, headers });
  });
}

/** Trains WARP alone with `cores` cores per run; returns its finished card. */
async function trainWarp(page: Page, cores: number) {
  await ensureDefaultDataset(page);
  await setModels(page, ['warp'], { epochs: 5, components: 16 });
  await page.getByTestId('cores').fill(String(cores));
  await page.getByTestId('train').click();
  const card = page.getByTestId('run-card').last();
  await expect(card).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await expect(card.getByTestId('run-metric')).toContainText(/P@5 0\.\d{4}/);
  return card;
}

test('the built site is cross-origin isolated and a 2-core run completes, labelled with its cores', async ({
  page
}) => {
  await open(page, '/train');
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
  const card = await trainWarp(page, 2);
  // Then how the path was chosen (training-path.ts).
  await expect(card.getByTestId('run-backend')).toHaveText(
    /^training loop: WebAssembly SIMD kernel \(f32\) · batch-parallel on 2 cores · TF\.js wasm: scoring · /
  );
});

test('served without the headers, the service worker brings isolation after one reload', async ({
  page,
  context
}) => {
  await stripIsolationHeaders(context);
  await page.goto('/train');
  // The first load is not isolated; once the service worker controls the page it reloads once,
  // and every response it serves (from its cache) carries COOP/COEP.
  await expect
    .poll(() => page.evaluate(() => globalThis.crossOriginIsolated).catch(() => false), { timeout: 60_000 })
    .toBe(true);
  await expect(page.locator('html[data-ready="true"]')).toHaveCount(1);
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await context.unrouteAll({ behavior: 'ignoreErrors' });
});

test('offline after one visit, a 2-core run still has its helper cores', async ({ page, context }) => {
  await open(page, '/train');
  await ensureDefaultDataset(page);
  // The helpers load nothing from the site (a blob of the shard program), so offline changes nothing.
  await reloadOffline(page, context);
  const card = await trainWarp(page, 2);
  await expect(card.getByTestId('run-backend')).toContainText('batch-parallel on 2 cores');
  await context.setOffline(false);
});

test('without isolation a 2-core run trains on one core and its card says why', async ({ browser }) => {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    await stripIsolationHeaders(context);
    const page = await context.newPage();
    await open(page, '/train');
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(false);
    const card = await trainWarp(page, 2);
    await expect(card.getByTestId('run-backend')).toHaveText(
      /^training loop: WebAssembly SIMD kernel \(f32\) · one core: this page is not cross-origin isolated · TF\.js wasm: scoring · /
    );
  } finally {
    await context.unrouteAll({ behavior: 'ignoreErrors' });
    await context.close();
  }
});
