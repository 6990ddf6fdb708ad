import type { Page } from '@playwright/test';

/**
 * Waits until the Analytics page has read its data, computed its aggregates and embedding, and
 * drawn every chart (each figure says data-rendered="true"): the end of the benches' "open
 * Analytics" step (longtask-browser.ts, scale-browser.ts).
 */
export async function analyticsDrawn(page: Page, timeout: number, polling?: number): Promise<void> {
  await page
    .locator('[data-testid="analytics"][data-state="ready"][data-embedding="ready"]')
    .waitFor({ timeout });
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('[data-testid^="chart-"]')].every(
        (c) => c.getAttribute('data-rendered') === 'true'
      ),
    undefined,
    polling === undefined ? { timeout } : { timeout, polling }
  );
}
