import { expect, type BrowserContext, type Page } from '@playwright/test';
import { open } from './fixtures';

/** Every page of the site: specs that check all pages (policy, accessibility) share this list. */
export const PAGES = ['/', '/train', '/recommend', '/analytics', '/impact', '/learn', '/docs'];

/** On /train: generates and selects the default 5,000-customer dataset if none is stored. */
export async function ensureDefaultDataset(page: Page): Promise<void> {
  await expect(page.getByTestId('dataset-area')).toHaveAttribute('data-loaded', 'true');
  if (await page.getByTestId('generate-default').isVisible()) {
    await page.getByTestId('generate-default').click();
  }
  await expect(page.getByTestId('dataset-select')).toBeVisible({ timeout: 60_000 });
}

export interface TrainModelsOptions {
  epochs?: number;
  components?: number;
  backend?: 'auto' | 'webgl' | 'wasm' | 'cpu';
  /** Wait until every new run has finished (done). Default true. */
  wait?: boolean;
}

/** Opens /train, makes sure a dataset exists, trains the given models with small settings. */
export async function trainModels(
  page: Page,
  losses: string[],
  opts: TrainModelsOptions = {}
): Promise<void> {
  await open(page, '/train');
  await ensureDefaultDataset(page);
  await setModels(page, losses, opts);
  const before = await page.getByTestId('run-card').count();
  await page.getByTestId('train').click();
  await expect(page.getByTestId('run-card')).toHaveCount(before + losses.length);
  if (opts.wait ?? true) {
    const cards = page.getByTestId('run-card');
    for (let k = before; k < before + losses.length; k++) {
      await expect(cards.nth(k)).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
    }
  }
}

/** Ticks exactly `losses` and sets their epochs/components in the advanced panels. */
export async function setModels(page: Page, losses: string[], opts: TrainModelsOptions = {}): Promise<void> {
  if (opts.backend) await page.getByTestId('backend-select').selectOption(opts.backend);
  for (const loss of ['warp', 'bpr', 'warp-kos', 'hybrid-deep', 'logistic']) {
    await page.getByTestId(`model-${loss}`).setChecked(losses.includes(loss));
  }
  for (const loss of losses) {
    if (opts.epochs === undefined && opts.components === undefined) continue;
    await page.getByTestId(`advanced-${loss}`).click();
    if (opts.epochs !== undefined) await page.getByTestId(`param-${loss}-epochs`).fill(String(opts.epochs));
    if (opts.components !== undefined)
      await page.getByTestId(`param-${loss}-components`).fill(String(opts.components));
    await page.getByTestId(`param-${loss}-epochs`).press('Tab');
    await page.getByTestId(`advanced-${loss}`).click();
  }
}

/**
 * After one visit: waits until the service worker has precached everything and controls the
 * page, then goes offline and reloads. Call `context.setOffline(false)` when done.
 */
export async function reloadOffline(page: Page, context: BrowserContext): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('html[data-ready="true"]')).toHaveCount(1);
}

/** The ensemble's four metrics and the chosen customer's top-n (5 by default), as shown. */
export async function readEnsemble(
  page: Page,
  n = 5
): Promise<{ metrics: (string | null)[]; top5: (string | null)[]; customer: string }> {
  await expect(page.getByTestId('ensemble-precision5')).toHaveText(/0\.\d{4}/);
  const metrics = await Promise.all(
    ['precision5', 'recall5', 'ndcg5', 'auc'].map((k) => page.getByTestId(`ensemble-${k}`).textContent())
  );
  const cards = page.getByTestId('ensemble-list').getByTestId('plan-card');
  await expect(cards).toHaveCount(n);
  const top5 = await cards.evaluateAll((els) =>
    els.map(
      (e) => `${e.getAttribute('data-item')} ${e.querySelector('[data-testid="plan-score"]')?.textContent}`
    )
  );
  const customer = await page
    .getByTestId('customer-select')
    .evaluate((e) => (e as HTMLSelectElement).selectedOptions[0]?.textContent ?? '');
  return { metrics, top5, customer };
}

/**
 * The run card's engine line of a WARP run whose batches ran in the WebAssembly kernel: on a GPU
 * backend (webgl) after the start-of-run timing chose it over the TF.js full-tensor path (both
 * figures); on TF.js's CPU backends (wasm, cpu) without that trial, saying why.
 */
export function kernelChosenLine(backend: 'wasm' | 'webgl' | 'cpu'): RegExp {
  // The kernel, on one core or batch-parallel on several (where the page is cross-origin isolated).
  const kernel = 'WebAssembly SIMD kernel \\(f32\\)( · batch-parallel on \\d+ cores)?';
  const choice =
    backend === 'webgl'
      ? `chose ${kernel}: [0-9.]+ ms/batch vs TF\\.js webgl full-tensor [0-9.]+ ms/batch \\(best of 3 batches each, after a warm-up\\)`
      : `the TF\\.js ${backend} full-tensor path was not tried \\(TF\\.js ${backend} computes on the same CPU cores as the kernel; 'measure' times both\\)`;
  return new RegExp(`^training loop: ${kernel} · TF\\.js ${backend}: scoring · ${choice}$`);
}
