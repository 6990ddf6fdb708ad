import type { Page } from '@playwright/test';
import { test, expect, open } from './fixtures';
import { ensureDefaultDataset, kernelChosenLine, setModels } from './helpers';

/** The stored weights of every finished run, by run name, as arrays of bytes. */
async function storedWeights(page: Page): Promise<Record<string, number[]>> {
  return page.evaluate(
    () =>
      new Promise<Record<string, number[]>>((resolve, reject) => {
        const req = indexedDB.open('telco-recommender-lab');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const tx = req.result.transaction(['runs', 'runWeights'], 'readonly');
          const runs = tx.objectStore('runs').getAll();
          const weights = tx.objectStore('runWeights').getAll();
          tx.oncomplete = () => {
            const out: Record<string, number[]> = {};
            for (const r of runs.result as { id: string; status: string }[]) {
              const w = (weights.result as { id: string; weights: ArrayBuffer }[]).find((x) => x.id === r.id);
              if (r.status === 'done' && w) out[r.id] = Array.from(new Uint8Array(w.weights));
            }
            req.result.close();
            resolve(out);
          };
        };
      })
  );
}

const EPOCHS = 150;

test('a run reloaded mid-training is listed as interrupted with its curve, and Resume ends it byte-identical to an uninterrupted run', async ({
  page
}) => {
  test.setTimeout(300_000);
  await open(page, '/train');
  await ensureDefaultDataset(page);
  // Epochs enough that the reload lands mid-run even on two cores (batch-parallel).
  await setModels(page, ['warp'], { epochs: EPOCHS, components: 64 });
  await expect(page.getByTestId('validation-curve')).toHaveCount(0);
  await page.getByTestId('train').click();
  const card = page.getByTestId('run-card').first();
  // What ran what: the batches ran in the WebAssembly kernel (timed against the TF.js
  // full-tensor path at the start); TF.js (wasm here) only scored.
  await expect(card.getByTestId('run-backend')).toHaveText(kernelChosenLine('wasm'));
  // Reload early in the run (polled often: a few epochs take a second or two).
  await expect
    .poll(async () => Number(await card.getByTestId('run-progress').getAttribute('value')), {
      timeout: 60_000,
      intervals: [50]
    })
    .toBeGreaterThan(0.05);
  // Checkpoints are written behind training (the newest waiting one wins): reload once one after
  // epoch 1 or later is in IndexedDB, so the listing has a curve to show.
  await expect
    .poll(() => storedCheckpointEpoch(page), { timeout: 60_000, intervals: [50] })
    .toBeGreaterThanOrEqual(1);

  await page.reload();
  await expect(page.locator('html[data-ready="true"]')).toHaveCount(1);
  const interrupted = page.locator('[data-testid="run-card"][data-status="interrupted"]');
  await expect(interrupted).toHaveCount(1);
  const badge = await interrupted.getByTestId('run-status').textContent();
  const k = Number(/interrupted at epoch (\d+)/.exec(badge ?? '')?.[1]);
  expect(k).toBeGreaterThanOrEqual(1);
  expect(k).toBeLessThan(EPOCHS);
  // Its curve came back with it, on the validation split carved from train (not test).
  await expect(page.getByTestId('validation-curve')).toHaveAttribute('data-rendered', 'true');
  await expect(page.getByTestId('validation-curve').locator('.gtitle')).toContainText(
    'P@5 by epoch · validation: 10% of train held out (seed 1), not trained on'
  );
  await expect(page.getByTestId('stored-run')).toHaveCount(0);

  await interrupted.getByTestId('run-resume').click();
  const resumed = page.getByTestId('run-card').first();
  await expect(resumed).toContainText(`resumed after epoch ${k}`);
  await expect(resumed).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
  await expect(page.locator('[data-testid="run-card"][data-status="interrupted"]')).toHaveCount(0);
  await expect(page.getByTestId('stored-run')).toHaveCount(1);

  // The same run, never interrupted (same seed, backend and cores): the same weights, byte for byte.
  await setModels(page, ['warp'], { epochs: EPOCHS, components: 64 });
  await page.getByTestId('train').click();
  await expect(page.getByTestId('run-card').nth(1)).toHaveAttribute('data-status', 'done', {
    timeout: 180_000
  });
  await expect(page.getByTestId('stored-run')).toHaveCount(2);
  const weights = Object.values(await storedWeights(page));
  expect(weights).toHaveLength(2);
  expect(weights[0].length).toBeGreaterThan(1000);
  expect(weights[0]).toEqual(weights[1]);
});

test('stored-run and dataset lists in two tabs stay in sync, and a run training in one tab is not "interrupted" in the other', async ({
  context
}) => {
  test.setTimeout(240_000);
  const a = await context.newPage();
  const b = await context.newPage();
  await open(a, '/train');
  await open(b, '/train');
  // A dataset generated in tab A shows in tab B without a reload.
  await ensureDefaultDataset(a);
  await expect(b.getByTestId('dataset-select')).toBeVisible();
  await setModels(a, ['bpr'], { epochs: 60, components: 64 });
  await a.getByTestId('train').click();
  await expect(a.getByTestId('run-card').first()).toHaveAttribute('data-status', 'running');
  await expect
    .poll(async () => Number(await a.getByTestId('run-progress').first().getAttribute('value')), {
      timeout: 60_000,
      intervals: [50]
    })
    .toBeGreaterThan(0.05);
  // Tab B hears every checkpoint, yet knows tab A is still training that run.
  await b.waitForTimeout(500);
  await expect(b.locator('[data-testid="run-card"][data-status="interrupted"]')).toHaveCount(0);
  await expect(a.getByTestId('run-card').first()).toHaveAttribute('data-status', 'done', {
    timeout: 180_000
  });
  // Stored in A: listed in B without a reload.
  await expect(a.getByTestId('stored-run')).toHaveCount(1);
  await expect(b.getByTestId('stored-run')).toHaveCount(1);
  // Renamed and deleted in B: A follows.
  await b.getByTestId('rename-run').click();
  await b.getByTestId('rename-input').fill('renamed in B');
  await b.getByTestId('rename-input').press('Enter');
  await expect(a.getByTestId('stored-run')).toContainText('renamed in B');
  await b.getByTestId('delete-run').click();
  await expect(a.getByTestId('stored-run')).toHaveCount(0);
  // Tab A closed mid-run: tab B lists the run as interrupted at once (a closed tab announces nothing).
  await a.getByTestId('train').click();
  await expect
    .poll(async () => Number(await a.getByTestId('run-progress').nth(1).getAttribute('value')), {
      timeout: 60_000,
      intervals: [50]
    })
    .toBeGreaterThan(0.05);
  await a.close();
  await expect(b.locator('[data-testid="run-card"][data-status="interrupted"]')).toHaveCount(1);
  await expect(b.getByTestId('run-status')).toContainText(/interrupted at epoch \d+/);
});

/** The highest epoch among the checkpoints stored in IndexedDB (read directly, not through the app); -1 if none. */
async function storedCheckpointEpoch(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('telco-recommender-lab');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const all = await new Promise<Array<{ epoch: number }>>((resolve, reject) => {
      const req = db.transaction('checkpoints', 'readonly').objectStore('checkpoints').getAll();
      req.onsuccess = () => resolve(req.result as Array<{ epoch: number }>);
      req.onerror = () => reject(req.error);
    });
    db.close();
    return Math.max(-1, ...all.map((c) => c.epoch));
  });
}
