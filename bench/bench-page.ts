/**
 * What the browser benches do on the app's pages to set a run up, in one place: store a
 * generated dataset through the Overview's `?bench=1` hook, and tick WARP and BPR alone on the
 * Train page with their epochs (and components) set.
 */
import type { Page } from '@playwright/test';

/** On `/?bench=1` (already open): generates and stores `customers` customers; the dataset's id. */
export async function storeBenchDataset(page: Page, customers: number): Promise<string> {
  await page.waitForFunction(() => '__bench' in window, null, { timeout: 60_000 });
  return page.evaluate(
    (n) =>
      (window as unknown as { __bench: { run(n: number): Promise<{ id: string }> } }).__bench
        .run(n)
        .then((r) => r.id),
    customers
  );
}

/** On the Train page (already open): the dataset chosen, WARP and BPR alone ticked, their epochs (and components). */
export async function chooseWarpAndBpr(
  page: Page,
  datasetId: string,
  opts: { epochs: number; components?: number; timeout?: number }
): Promise<void> {
  await page.getByTestId('dataset-select').selectOption(datasetId, { timeout: opts.timeout });
  for (const m of ['warp', 'bpr', 'warp-kos', 'hybrid-deep', 'logistic'])
    await page.getByTestId(`model-${m}`).setChecked(m === 'warp' || m === 'bpr');
  for (const m of ['warp', 'bpr']) {
    await page.getByTestId(`advanced-${m}`).click();
    await page.getByTestId(`param-${m}-epochs`).fill(String(opts.epochs));
    if (opts.components !== undefined)
      await page.getByTestId(`param-${m}-components`).fill(String(opts.components));
    await page.getByTestId(`param-${m}-epochs`).press('Tab');
    await page.getByTestId(`advanced-${m}`).click();
  }
}
