import { test, expect, open } from './fixtures';
import { join } from 'node:path';
import { setModels, trainModels } from './helpers';

test('Impact: from a fresh default dataset and one quick model to the frontier chart; cancel works', async ({
  page
}) => {
  test.setTimeout(300_000);
  await trainModels(page, ['warp'], { epochs: 3, components: 8 });

  await open(page, '/impact');
  await expect(page.getByTestId('impact-run')).toHaveCount(1);
  await expect(page.getByTestId('impact-run')).toBeChecked();

  // Cancel: a long simulation stops when asked and leaves no result.
  await page.getByTestId('impact-replications').fill('200');
  await page.getByTestId('impact-run-button').click();
  await expect(page.getByTestId('impact-progress')).toBeVisible();
  await page.getByTestId('impact-cancel').click();
  await expect(page.getByTestId('impact-cancelled')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('impact')).toHaveAttribute('data-state', 'cancelled');
  await expect(page.getByTestId('impact-results')).toHaveCount(0);

  // A short campaign runs to the end in the worker.
  await page.getByTestId('impact-replications').fill('5');
  await page.getByTestId('impact-run-button').click();
  await expect(page.getByTestId('impact')).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  const rows = page.getByTestId('impact-row');
  for (const id of ['oracle', 'popularity', 'random', 'none', 'rerank@0.5', 'cold-start'])
    await expect(rows.and(page.locator(`[data-policy="${id}"]`))).toHaveCount(1);
  await expect(rows.and(page.locator('[data-policy="none"]'))).toContainText('0.0%');
  await expect(page.getByTestId('impact-labels')).toContainText('synthetic-5000-s42');
  await expect(page.getByTestId('impact-labels')).toContainText(
    'random split: 20% of adoptions held out for testing (split seed 42)'
  );
  // Runs are named by their run labels (model · seed · time · short id), here as on every page.
  await expect(page.getByTestId('impact-labels')).toContainText(/runs: WARP · seed \d+ · \d\d:\d\d · #\w+/);
  await expect(page.locator('label', { has: page.getByTestId('impact-run') })).toContainText(
    /WARP · seed \d+/
  );
  await expect(page.getByTestId('impact-frontier')).toHaveAttribute('data-rendered', 'true', {
    timeout: 30_000
  });
  await expect(page.getByTestId('impact-offers')).toHaveAttribute('data-rendered', 'true');
  await expect(page.getByTestId('impact-segment-conversion')).toHaveAttribute('data-rendered', 'true');
});

test('Impact: 12 months of online learning draw the monthly conversion chart; its cancel works', async ({
  page
}) => {
  test.setTimeout(300_000);
  await trainModels(page, ['warp'], { epochs: 3, components: 8 });
  await open(page, '/impact');
  await expect(page.getByTestId('impact-online-run')).toBeVisible();

  await page.getByTestId('impact-online-replications').fill('50');
  await page.getByTestId('impact-online-button').click();
  await expect(page.getByTestId('impact-online-progress')).toBeVisible();
  await page.getByTestId('impact-online-cancel').click();
  await expect(page.getByTestId('impact-online')).toHaveAttribute('data-state', 'cancelled', {
    timeout: 60_000
  });

  await page.getByTestId('impact-online-replications').fill('2');
  await page.getByTestId('impact-online-button').click();
  await expect(page.getByTestId('impact-online')).toHaveAttribute('data-state', 'done', { timeout: 240_000 });
  await expect(page.getByTestId('impact-monthly')).toHaveAttribute('data-rendered', 'true', {
    timeout: 30_000
  });
  await expect(page.getByTestId('impact-online-labels')).toContainText('synthetic-5000-s42');
  const rows = page.getByTestId('impact-online').getByTestId('impact-row');
  for (const id of ['oracle', 'frozen', 'fit_partial', 'retrain', 'fit_partial+explore', 'popularity'])
    await expect(rows.and(page.locator(`[data-policy="${id}"]`))).toHaveCount(1);

  // Thompson sampling in place of ε-greedy.
  await page.getByTestId('impact-exploration').selectOption('thompson');
  await expect(page.getByTestId('impact-epsilon')).toHaveCount(0);
  await page.getByTestId('impact-online-button').click();
  await expect(page.getByTestId('impact-online')).toHaveAttribute('data-state', 'running');
  await expect(page.getByTestId('impact-online')).toHaveAttribute('data-state', 'done', { timeout: 240_000 });
  await expect(rows.and(page.locator('[data-policy="fit_partial+thompson"]'))).toContainText(
    'Thompson sampling'
  );
  await expect(rows.and(page.locator('[data-policy="fit_partial+explore"]'))).toHaveCount(0);
});

test('Impact on imported data without hidden traits: says a known choice model is needed, offers no simulation, only the replay estimate (with revenue from plan prices)', async ({
  page
}) => {
  await open(page, '/');
  await expect(page.getByTestId('overview')).toHaveAttribute('data-loaded', 'true');
  for (const t of ['customers', 'usage', 'plans', 'adoptions'])
    await page.getByTestId(`import-${t}`).setInputFiles(join('test/fixtures/csv/valid', `${t}.csv`));
  await page.getByTestId('import-name').fill('no traits');
  await page.getByTestId('import-csv').click();
  await expect(page.getByTestId('current-name')).toHaveText('no traits', { timeout: 60_000 });

  await open(page, '/impact');
  await expect(page.getByTestId('no-choice-model')).toContainText('no known choice model');
  await expect(page.getByTestId('no-choice-model')).toContainText('offline replay estimate');
  await expect(page.getByTestId('impact-run-button')).toHaveCount(0);
  await expect(page.getByTestId('impact-online')).toHaveCount(0);
  // Raw tables have plan prices, so the replay estimates revenue too; popularity is counted on the dataset's default split.
  await page.getByTestId('replay-button').click();
  await expect(page.getByTestId('replay-settings')).toHaveAttribute('data-state', 'done', {
    timeout: 60_000
  });
  await expect(page.getByTestId('replay-results')).toHaveAttribute('data-estimate', 'offline replay');
  await expect(page.getByTestId('replay-labels')).toContainText('random split');
  await expect(page.getByTestId('replay-note')).not.toContainText('Revenue: none');
  await expect(page.locator('[data-testid="replay-row"][data-policy="popularity"] td').nth(1)).toContainText(
    /\d+\.\d\d/
  );
});

test('Impact on an imported parity layout: a quick run, then the offline replay estimate, labelled as such', async ({
  page
}) => {
  test.setTimeout(300_000);
  const dir = 'test/fixtures/parity/telco-5k';
  await open(page, '/');
  await expect(page.getByTestId('overview')).toHaveAttribute('data-loaded', 'true');
  await page
    .getByTestId('import-parity-files')
    .setInputFiles(
      ['train.csv', 'test.csv', 'users.csv', 'items.csv', 'user_features.csv', 'item_features.csv'].map((f) =>
        join(dir, f)
      )
    );
  await page.getByTestId('import-parity-name').fill('telco-5k import');
  await page.getByTestId('import-parity').click();
  await expect(page.getByTestId('current-name')).toHaveText('telco-5k import', { timeout: 60_000 });

  await open(page, '/train');
  await expect(page.getByTestId('dataset-select').locator('option:checked')).toContainText('telco-5k import');
  await setModels(page, ['warp'], { epochs: 3, components: 8 });
  await page.getByTestId('train').click();
  await expect(page.getByTestId('run-card').first()).toHaveAttribute('data-status', 'done', {
    timeout: 120_000
  });

  await open(page, '/impact');
  await expect(page.getByTestId('no-choice-model')).toContainText('no known choice model');
  await expect(page.getByTestId('impact-run')).toBeChecked();
  await expect(page.getByTestId('impact-run-button')).toHaveCount(0);
  await page.getByTestId('replay-bootstrap').fill('200');
  await page.getByTestId('replay-button').click();
  await expect(page.getByTestId('replay-settings')).toHaveAttribute('data-state', 'done', {
    timeout: 60_000
  });
  const results = page.getByTestId('replay-results');
  await expect(results).toHaveAttribute('data-estimate', 'offline replay');
  await expect(results.getByRole('heading')).toContainText('Offline replay estimate');
  await expect(results.getByRole('heading')).toContainText('not a simulation');
  await expect(page.getByTestId('replay-note')).toContainText('not the effect of an offer');
  await expect(page.getByTestId('replay-note')).toContainText('Revenue: none');
  await expect(page.getByTestId('replay-labels')).toContainText('telco-5k import');
  await expect(page.getByTestId('replay-labels')).toContainText("the dataset's own train/test split");
  await expect(page.getByTestId('replay-row')).toHaveCount(3);
  for (const id of ['popularity', 'random'])
    await expect(page.locator(`[data-testid="replay-row"][data-policy="${id}"]`)).toHaveCount(1);
  const hit = async (policy: string) =>
    Number(
      (await page
        .locator(`[data-testid="replay-row"][data-policy="${policy}"] td b`)
        .first()
        .textContent())!.replace('%', '')
    );
  const runRow = page.getByTestId('replay-row').first();
  await expect(runRow.locator('td').first()).toContainText(/\d+\.\d%\s*\[\d+\.\d%, \d+\.\d%\]/);
  expect(await hit('popularity')).toBeGreaterThan(await hit('random'));
});
