import { test as base, expect, type Page } from '@playwright/test';

/**
 * Every spec runs under two guards: no console error or uncaught page error, and no request
 * that leaves localhost (the app must work with no server and no network).
 */
export const test = base.extend<{ guards: { consoleErrors: string[]; foreignRequests: string[] } }>({
  guards: [
    async ({ page, context }, use) => {
      const consoleErrors: string[] = [];
      const foreignRequests: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') consoleErrors.push(msg.text());
      });
      page.on('pageerror', (err) => consoleErrors.push(`pageerror: ${err.message}`));
      context.on('request', (req) => {
        const url = new URL(req.url());
        const local = ['localhost', '127.0.0.1'].includes(url.hostname);
        if (!local && !['data:', 'blob:'].includes(url.protocol)) foreignRequests.push(req.url());
      });
      await use({ consoleErrors, foreignRequests });
      expect(foreignRequests, 'requests that left localhost').toEqual([]);
      expect(consoleErrors, 'console errors').toEqual([]);
    },
    { auto: true }
  ]
});

export { expect };

/** Opens a page and waits until Svelte has hydrated (prerendered buttons exist before that). */
export async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expect(page.locator('html[data-ready="true"]')).toHaveCount(1);
}
