import { test, expect, open } from './fixtures';
import type { Page, Worker } from '@playwright/test';
import { ensureDefaultDataset, kernelChosenLine, PAGES, reloadOffline, setModels } from './helpers';

/** Trains one small WARP model from the Train page. */
async function trainOne(
  page: Page,
  opts: { backend?: 'auto' | 'webgl' | 'wasm' | 'cpu'; epochs?: number; components?: number } = {}
) {
  await ensureDefaultDataset(page);
  await setModels(page, ['warp'], {
    backend: opts.backend,
    epochs: opts.epochs ?? 3,
    components: opts.components ?? 8
  });
  await page.getByTestId('train').click();
}

test('every page loads with a navigation bar that marks it current', async ({ page }) => {
  const titles: Record<string, string> = {
    '/': 'Overview',
    '/train': 'Train',
    '/recommend': 'Recommend',
    '/analytics': 'Analytics',
    '/impact': 'Impact',
    '/learn': 'Learn',
    '/docs': 'Docs'
  };
  expect(Object.keys(titles).sort()).toEqual([...PAGES].sort());
  for (const [path, title] of Object.entries(titles)) {
    await open(page, path);
    await expect(
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: title })
    ).toHaveAttribute('aria-current', 'page');
  }
});

test('(b) the default backend here is WASM, and the UI says why', async ({ page }) => {
  await open(page, '/train');
  await trainOne(page);
  const card = page.getByTestId('run-card').first();
  await expect(card).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(card.getByTestId('run-backend')).toHaveAttribute('data-backend', 'wasm');
  // Truthful: the batches ran in the WebAssembly kernel inside the worker, chosen by timing it
  // against the TF.js full-tensor path (both figures shown); TF.js on WASM only scored.
  await expect(card.getByTestId('run-backend')).toHaveText(kernelChosenLine('wasm'));
  await expect(card.getByTestId('run-backend-reason')).toContainText(/software/i);
  await expect(card.getByTestId('run-metric')).toContainText(/P@5 0\.\d{4}/);
});

/**
 * Counts, in every worker that has TF.js, the kernels run from now on by backend and name
 * ("webgl:Relu"), by wrapping the engine's runKernel (every TF.js op goes through it).
 */
async function countKernels(page: Page): Promise<number> {
  let hooked = 0;
  for (const worker of page.workers()) {
    hooked += await inWorker(worker, 0, () => {
      type Engine = { backendName: string; runKernel: (name: string, ...rest: unknown[]) => unknown };
      const g = self as unknown as { _tfengine?: Engine; __kernels?: Record<string, number> };
      const engine = g._tfengine;
      if (!engine) return 0;
      const counts: Record<string, number> = (g.__kernels = {});
      const run = engine.runKernel.bind(engine);
      engine.runKernel = (name, ...rest) => {
        const key = `${engine.backendName}:${name}`;
        counts[key] = (counts[key] ?? 0) + 1;
        return run(name, ...rest);
      };
      return 1;
    });
  }
  return hooked;
}

/**
 * `fn` in one worker, or `closed` when that worker ends meanwhile: the page's short-lived workers
 * (the references and run-statistics ones) can finish between listing and evaluating.
 */
async function inWorker<T>(worker: Worker, closed: T, fn: () => T): Promise<T> {
  try {
    return await worker.evaluate(fn);
  } catch (err) {
    if (/closed/.test(String(err))) return closed;
    throw err;
  }
}

async function kernelCounts(page: Page): Promise<Record<string, number>> {
  const all: Record<string, number> = {};
  for (const worker of page.workers()) {
    const counts = await inWorker(
      worker,
      {},
      () => (self as unknown as { __kernels?: Record<string, number> }).__kernels ?? {}
    );
    for (const [k, n] of Object.entries(counts)) all[k] = (all[k] ?? 0) + n;
  }
  return all;
}

test('(a) forced to WebGL, training finishes in the worker, reports webgl, WARP times its full-tensor path on WebGL, and Hybrid Deep trains its towers on WebGL', async ({
  page
}) => {
  test.setTimeout(300_000);
  // WARP times a few batches of its full-tensor path (on WebGL: SwiftShader here, so the
  // WebAssembly kernel wins) and shows both figures. Hybrid Deep's towers run in TF.js every
  // batch, and their Adam step (Sqrt) runs in training only, never in scoring.
  await open(page, '/train');
  await trainOne(page, { backend: 'webgl', epochs: 1, components: 8 });
  const warp = page.getByTestId('run-card').first();
  await expect(warp).toHaveAttribute('data-status', 'done', { timeout: 110_000 });
  await expect(warp.getByTestId('run-backend')).toHaveAttribute('data-backend', 'webgl');
  await expect(warp.getByTestId('run-backend')).toHaveText(kernelChosenLine('webgl'));
  await expect(warp.getByTestId('run-backend-reason')).toContainText(/chosen by you/);
  await expect(warp.getByTestId('run-metric')).toContainText(/P@5 0\.\d{4}/);
  // The pool reuses the idle worker that just trained: count what the next runs compute there.
  expect(await countKernels(page)).toBeGreaterThan(0);
  // The full-tensor path's trial batches ran on WebGL: its segment sums and exact search
  // (UnsortedSegmentSum, Cumsum: nothing else runs them), at least once per trial batch.
  await page.getByTestId('train').click();
  const again = page.getByTestId('run-card').last();
  await expect(again).toHaveAttribute('data-status', 'done', { timeout: 110_000 });
  await expect(again.getByTestId('run-backend')).toHaveText(kernelChosenLine('webgl'));
  const trial = await kernelCounts(page);
  expect(new Set(Object.keys(trial).map((k) => k.split(':')[0]))).toEqual(new Set(['webgl']));
  expect(trial['webgl:UnsortedSegmentSum'] ?? 0).toBeGreaterThanOrEqual(4);
  expect(trial['webgl:Cumsum'] ?? 0).toBeGreaterThanOrEqual(4);
  expect(await countKernels(page)).toBeGreaterThan(0);
  await setModels(page, ['hybrid-deep'], { backend: 'webgl', epochs: 2, components: 8 });
  await page.getByTestId('train').click();
  const card = page.getByTestId('run-card').filter({ hasText: 'Hybrid Deep' });
  await expect(card).toHaveCount(1);
  await expect(card).toHaveAttribute('data-status', 'done', { timeout: 150_000 });
  await expect(card.getByTestId('run-backend')).toHaveAttribute('data-backend', 'webgl');
  await expect(card.getByTestId('run-metric')).toContainText(/P@5 0\.\d{4}/);
  const counts = await kernelCounts(page);
  const backends = new Set(Object.keys(counts).map((k) => k.split(':')[0]));
  expect([...backends]).toEqual(['webgl']);
  // Adam's √v̂ for the tower weights, per training batch (sampled WARP trained here: 0).
  expect(counts['webgl:Sqrt'] ?? 0).toBeGreaterThan(10);
  expect(counts['webgl:Relu'] ?? 0).toBeGreaterThan(10);
});

test('(c) cancel stops a run within a second', async ({ page }) => {
  await open(page, '/train');
  await trainOne(page, { epochs: 200, components: 64 });
  const card = page.getByTestId('run-card').first();
  await expect(card).toHaveAttribute('data-status', 'running');
  await expect
    .poll(async () => Number(await card.getByTestId('run-progress').getAttribute('value')))
    .toBeGreaterThan(0);
  // Timed inside the page (the click's event time to the card's status change), so the test
  // driver's own round trips on a loaded machine are not counted.
  await card.evaluate((el) => {
    const w = window as unknown as { cancelTimes: { clicked?: number; cancelled?: number } };
    w.cancelTimes = {};
    el.querySelector('[data-testid="run-cancel"]')!.addEventListener(
      'click',
      (e) => (w.cancelTimes.clicked = e.timeStamp),
      { capture: true }
    );
    new MutationObserver(() => {
      if (el.getAttribute('data-status') === 'cancelled') w.cancelTimes.cancelled ??= performance.now();
    }).observe(el, { attributes: true, attributeFilter: ['data-status'] });
  });
  await card.getByTestId('run-cancel').click();
  await expect(card).toHaveAttribute('data-status', 'cancelled', { timeout: 5_000 });
  const { clicked, cancelled } = await page.evaluate(
    () => (window as unknown as { cancelTimes: { clicked: number; cancelled: number } }).cancelTimes
  );
  expect(cancelled - clicked).toBeGreaterThan(0);
  expect(cancelled - clicked).toBeLessThan(1_000);
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
