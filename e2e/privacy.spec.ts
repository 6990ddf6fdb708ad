import type { Page, Worker } from '@playwright/test';
import { expect, open, test, type Guards } from './fixtures';
import { PAGES, setModels, ensureDefaultDataset } from './helpers';

/**
 * "Nothing leaves the browser", enforced by the browser: every page carries the
 * Content-Security-Policy of svelte.config.js and works under it (the shared guards fail any
 * spec on a violation), a deliberate request elsewhere is refused in the page and in a worker,
 * and no chart offers Plotly's "Share chart…" upload.
 */

const ELSEWHERE = 'https://example.com/collect';

/** Removes what a test provoked on purpose (requests to / messages about ELSEWHERE) from the guards. */
function forgetProvoked(guards: Guards): void {
  for (const list of [guards.cspViolations, guards.consoleErrors, guards.foreignRequests]) {
    const keep = list.filter((s) => !s.includes('example.com'));
    list.splice(0, list.length, ...keep);
  }
}

/**
 * The page's policy, as the browser got it: a <meta> tag in the built (prerendered) site, an
 * HTTP header from `vite dev` (server-rendered there, so Kit uses a nonce instead of hashes).
 */
async function policyOf(page: Page): Promise<string> {
  const meta = page.locator('meta[http-equiv="content-security-policy"]');
  if ((await meta.count()) === 1) return (await meta.getAttribute('content')) ?? '';
  const header = (await page.request.get(page.url())).headers()['content-security-policy'];
  expect(header, 'the page has a policy').toBeTruthy();
  return header;
}

test('every page loads under the Content-Security-Policy with no violation, and no chart offers an upload', async ({
  page,
  guards
}) => {
  for (const path of PAGES) {
    await open(page, path);
    const policy = await policyOf(page);
    for (const directive of [
      "default-src 'self'",
      "connect-src 'self'",
      "img-src 'self' data: blob:",
      "font-src 'self'",
      "frame-src 'none'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "worker-src 'self' blob:"
    ]) {
      expect(policy, `${path}: ${directive}`).toContain(directive);
    }
    // Scripts: our origin and the hash (nonce in dev) of Kit's inline bootstrap, WebAssembly compilation, no eval.
    expect(policy).toMatch(/script-src 'self' 'wasm-unsafe-eval' '(sha256|nonce)-[^']+'/);
    expect(policy).not.toMatch(/'unsafe-eval'|script-src[^;]*'unsafe-inline'/);
  }
  // The Docs page draws live charts: Plotly runs (inline styles included) under the policy,
  // and its toolbar has no "Share chart…"/Chart Studio button.
  await open(page, '/docs');
  const plot = page.getByTestId('warp-weighting-plot');
  await expect(plot).toHaveAttribute('data-rendered', 'true');
  await plot.hover();
  const titles = await plot
    .locator('.modebar-btn')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-title') ?? ''));
  expect(titles.length, 'the toolbar is there').toBeGreaterThan(0);
  expect(titles.filter((t) => /share|cloud|studio|upload/i.test(t))).toEqual([]);
  expect(guards.cspViolations).toEqual([]);
});

test('a request to another origin from the page is refused by the policy', async ({ page, guards }) => {
  // Chromium lists a refused image as a request that failed with reason "csp": it was never sent.
  const failures: string[] = [];
  page.on('requestfailed', (req) => failures.push(`${req.url()} ${req.failure()?.errorText}`));
  await open(page, '/');
  const outcome = await page.evaluate(async (url) => {
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      violations.push(`${e.effectiveDirective} ${e.blockedURI}`)
    );
    const fetched = await fetch(url, { mode: 'no-cors' }).then(
      () => 'sent',
      () => 'refused'
    );
    const img = new Image();
    const loaded = await new Promise<string>((resolve) => {
      img.onload = () => resolve('sent');
      img.onerror = () => resolve('refused');
      img.src = `${url}.gif`;
    });
    await new Promise((r) => setTimeout(r, 100)); // violation events are queued as tasks
    return { fetched, loaded, violations };
  }, ELSEWHERE);
  expect(outcome.fetched).toBe('refused');
  expect(outcome.loaded).toBe('refused');
  expect(outcome.violations).toEqual([`connect-src ${ELSEWHERE}`, `img-src ${ELSEWHERE}.gif`]);
  for (const url of guards.foreignRequests) expect(failures).toContain(`${url} csp`);
  expect(guards.cspViolations).toEqual([
    expect.stringContaining(`connect-src ${ELSEWHERE}`),
    expect.stringContaining(`img-src ${ELSEWHERE}.gif`)
  ]);
  forgetProvoked(guards);
});

/** Tries a request elsewhere from inside `worker`; says whether the worker's policy refused it. */
async function tryFromWorker(worker: Worker): Promise<{ name: string; fetched: string; violation: string }> {
  return worker.evaluate(async (url) => {
    const violation = new Promise<string>((resolve) => {
      self.addEventListener(
        'securitypolicyviolation',
        (e) => resolve(`${e.effectiveDirective} ${e.blockedURI}`),
        { once: true }
      );
      setTimeout(() => resolve('no violation'), 3_000);
    });
    const fetched = await fetch(url, { mode: 'no-cors' }).then(
      () => 'sent',
      () => 'refused'
    );
    return { name: (self as unknown as { name: string }).name, fetched, violation: await violation };
  }, ELSEWHERE);
}

test('training runs under the policy (WASM compiles), and the workers are held to it too', async ({
  page,
  guards
}) => {
  const workers: Worker[] = [];
  page.on('worker', (w) => workers.push(w));
  await open(page, '/train');
  await ensureDefaultDataset(page);
  // The data worker generated the dataset; the same policy binds it.
  const dataWorker = workers[0];
  expect(dataWorker, 'the data worker started').toBeDefined();
  await setModels(page, ['warp'], { backend: 'wasm', epochs: 3, components: 8 });
  const trainerStarted = page.waitForEvent('worker');
  await page.getByTestId('train').click();
  const trainer = await trainerStarted;
  const card = page.getByTestId('run-card').first();
  await expect(card).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(card.getByTestId('run-backend')).toHaveAttribute('data-backend', 'wasm');
  await expect(card.getByTestId('run-metric')).toContainText(/P@5 0\.\d{4}/);
  expect(guards.cspViolations, 'training itself needs nothing the policy refuses').toEqual([]);

  for (const [worker, name] of [
    [trainer, 'trainer'],
    [dataWorker, 'data']
  ] as const) {
    const outcome = await tryFromWorker(worker);
    expect(outcome).toEqual({ name, fetched: 'refused', violation: `connect-src ${ELSEWHERE}` });
  }
  expect(guards.foreignRequests, 'the browser never sent them').toEqual([]);
  forgetProvoked(guards);
});
