import { join } from 'node:path';
import { test, expect, open } from './fixtures';
import type { Page } from '@playwright/test';
import { setModels } from './helpers';

const TELCO_5K = 'test/fixtures/parity/telco-5k';
const LAYOUT = ['train.csv', 'test.csv', 'users.csv', 'items.csv', 'user_features.csv', 'item_features.csv'];

/** Imports the telco-5k parity layout on the Overview, as a person would. */
async function importTelco5k(page: Page): Promise<void> {
  await open(page, '/');
  await expect(page.getByTestId('overview')).toHaveAttribute('data-loaded', 'true');
  await page.getByTestId('import-parity-files').setInputFiles(LAYOUT.map((f) => join(TELCO_5K, f)));
  await page.getByTestId('import-parity-name').fill('telco-5k import');
  await page.getByTestId('import-parity').click();
  await expect(page.getByTestId('current-name')).toHaveText('telco-5k import', { timeout: 60_000 });
}

/** Trains the ticked WARP once and returns the new card's "test P@5 … · AUC …" text. */
async function trainOnce(page: Page): Promise<string> {
  const cards = page.getByTestId('run-card');
  const before = await cards.count();
  await page.getByTestId('train').click();
  await expect(cards).toHaveCount(before + 1);
  await expect(cards.nth(before)).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  return (await cards.nth(before).getByTestId('run-metric').textContent())!.trim();
}

async function tickOnly(page: Page, keep: string[]): Promise<void> {
  for (const box of await page.locator('[data-testid^="group-"]').all()) {
    const id = (await box.getAttribute('data-testid'))!;
    await box.setChecked(keep.includes(id));
  }
}

test('an imported parity layout trains on its own feature groups and split; toggles and ablation take effect', async ({
  page
}) => {
  test.setTimeout(420_000);
  await importTelco5k(page);
  await open(page, '/train');
  await expect(page.getByTestId('dataset-area')).toHaveAttribute('data-loaded', 'true');
  await expect(page.getByTestId('dataset-select').locator('option:checked')).toContainText('telco-5k import');

  await test.step('the split and the feature groups are the dataset\u2019s own', async () => {
    await expect(page.getByTestId('split-note')).toContainText("the dataset's own split");
    await expect(page.getByTestId('split-note')).toContainText('10,342 training and 2,585 test interactions');
    await expect(page.getByTestId('split-note')).not.toContainText('80/20');
    for (const g of [
      'segment',
      'data_intensity',
      'call_intensity',
      'sms_intensity',
      'lines',
      'tenure',
      'age'
    ]) {
      await expect(page.getByTestId(`group-customer-${g}`)).toBeChecked();
    }
    for (const g of ['plan_type', 'price_tier', 'data_tier', 'bundle'])
      await expect(page.getByTestId(`group-plan-${g}`)).toBeChecked();
    await expect(page.locator('[data-testid^="group-"]')).toHaveCount(11);
    await expect(page.getByTestId('group-customer-behavioural')).toHaveCount(0);
  });

  await test.step('unticking every group trains identity only: different metrics, same seed', async () => {
    await setModels(page, ['warp'], { epochs: 5, components: 16 });
    const all = await trainOnce(page);
    await tickOnly(page, []);
    const identity = await trainOnce(page);
    expect(all).toMatch(/test P@5 0\.\d{4} · AUC 0\.\d{4}/);
    expect(identity).not.toBe(all);
  });

  await test.step('the ablation retrains without each ticked group: the variants differ', async () => {
    await tickOnly(page, ['group-customer-segment', 'group-plan-plan_type']);
    const cards = page.getByTestId('run-card');
    const before = await cards.count();
    await page.getByTestId('ablation-model').selectOption('warp');
    await page.getByTestId('ablation-start').click();
    const result = page.getByTestId('ablation-result');
    await expect(result).toBeVisible({ timeout: 240_000 });
    await expect(result).toHaveAttribute('data-bars', '3');
    const metrics = await cards.evaluateAll(
      (els, from) =>
        els
          .slice(from)
          .map((el) => el.querySelector('[data-testid="run-metric"]')?.textContent?.trim() ?? ''),
      before
    );
    expect(metrics).toHaveLength(4);
    // Full, without segment, without plan_type, identity only: not one set of numbers four times.
    expect(new Set(metrics).size).toBeGreaterThan(1);
    await expect(page.getByTestId('ablation-p5')).toHaveAttribute('data-rendered', 'true');
  });
});
