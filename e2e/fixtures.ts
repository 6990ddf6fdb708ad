import { test as base, expect, type Page } from '@playwright/test';

export interface Guards {
  consoleErrors: string[];
  foreignRequests: string[];
  /** "directive blocked-URL (source:line)" of every Content-Security-Policy violation. */
  cspViolations: string[];
}

/**
 * Every spec runs under three guards: no console error or uncaught page error, no request
 * that leaves localhost (the app must work with no server and no network), and no
 * Content-Security-Policy violation in any page (the policy is in svelte.config.js). A test
 * that provokes one on purpose removes what it expects from the arrays.
 */
export const test = base.extend<{ guards: Guards }>({
  guards: [
    async ({ page, context }, use) => {
      const consoleErrors: string[] = [];
      const foreignRequests: string[] = [];
      const cspViolations: string[] = [];
      // Reported from every document of the context before any of its own scripts run.
      await context.exposeBinding('__reportCspViolation', (_source, violation: string) => {
        cspViolations.push(violation);
      });
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          const report = (globalThis as unknown as { __reportCspViolation(v: string): void })
            .__reportCspViolation;
          report(`${e.effectiveDirective} ${e.blockedURI || '(inline)'} (${e.sourceFile}:${e.lineNumber})`);
        });
      });
      page.on('console', (msg) => {
        if (msg.type() === 'error') consoleErrors.push(msg.text());
      });
      page.on('pageerror', (err) => consoleErrors.push(`pageerror: ${err.message}`));
      // Workers inherit the page's policy (src/lib/client/worker-url.ts); their violations fire
      // in the worker, so each worker reports them here too.
      page.on('worker', (worker) => {
        worker.on('console', (msg) => {
          const text = msg.text();
          if (msg.type() === 'error' && text.startsWith('CSP violation: '))
            cspViolations.push(`worker ${worker.url()}: ${text.slice(15)}`);
        });
        worker
          .evaluate(() =>
            self.addEventListener('securitypolicyviolation', (e) =>
              console.error(`CSP violation: ${e.effectiveDirective} ${e.blockedURI || '(inline)'}`)
            )
          )
          .catch(() => {}); // a worker that already ended has nothing left to report
      });
      context.on('request', (req) => {
        const url = new URL(req.url());
        const local = ['localhost', '127.0.0.1'].includes(url.hostname);
        if (!local && !['data:', 'blob:'].includes(url.protocol)) foreignRequests.push(req.url());
      });
      await use({ consoleErrors, foreignRequests, cspViolations });
      expect(cspViolations, 'Content-Security-Policy violations').toEqual([]);
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
