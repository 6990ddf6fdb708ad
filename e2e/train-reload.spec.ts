import { test, expect } from './fixtures';
import { trainModels } from './helpers';

test('after a reload the Train page shows the session’s finished run cards and curve again, and keeps the model selection and settings', async ({
  page
}) => {
  test.setTimeout(300_000);
  await trainModels(page, ['bpr'], { epochs: 3, components: 8, backend: 'wasm' });
  const card = page.getByTestId('run-card');
  const metric = await card.getByTestId('run-metric').textContent();
  expect(metric).toMatch(/\d\.\d{3}/);
  // Cores per run: one, where this browser's default is its cores (2 here).
  expect(await page.evaluate(() => navigator.hardwareConcurrency)).toBeGreaterThan(1);
  await page.getByTestId('cores').fill('1');
  await page.getByTestId('cores').press('Tab');

  await page.reload();
  await expect(page.locator('html[data-ready="true"]')).toHaveCount(1);
  // The card comes back from the stored run, finished, with the same test metric and its curve.
  await expect(card).toHaveCount(1);
  await expect(card).toHaveAttribute('data-status', 'done');
  await expect(card.getByTestId('run-metric')).toHaveText(metric!);
  await expect(page.getByTestId('validation-curve')).toHaveAttribute('data-rendered', 'true');
  // The choices stay: only BPR ticked, its epochs and components, the backend.
  await expect(page.getByTestId('model-bpr')).toBeChecked();
  for (const other of ['warp', 'warp-kos', 'hybrid-deep', 'logistic'])
    await expect(page.getByTestId(`model-${other}`)).not.toBeChecked();
  await page.getByTestId('advanced-bpr').click();
  await expect(page.getByTestId('param-bpr-epochs')).toHaveValue('3');
  await expect(page.getByTestId('param-bpr-components')).toHaveValue('8');
  await expect(page.getByTestId('backend-select')).toHaveValue('wasm');
  await expect(page.getByTestId('cores')).toHaveValue('1');

  // Damaged kept settings: a plain-words message, the default for what was damaged.
  await page.evaluate(() => {
    const key = 'telco-lab:train-settings';
    const s = JSON.parse(localStorage.getItem(key)!);
    localStorage.setItem(key, JSON.stringify({ ...s, backend: 'tpu' }));
  });
  await page.reload();
  await expect(page.getByTestId('settings-problems')).toContainText(
    'the backend must be one of auto, webgl, wasm, cpu, got "tpu"; the default was kept.'
  );
  await expect(page.getByTestId('backend-select')).toHaveValue('auto');
  await expect(page.getByTestId('model-bpr')).toBeChecked();
});
