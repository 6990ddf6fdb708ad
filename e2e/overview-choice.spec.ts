import { test, expect, open } from './fixtures';

test('Overview generate offers the overage & family choice model, and the dataset keeps it across a reload', async ({
  page
}) => {
  await open(page, '/');
  await expect(page.getByTestId('overview')).toHaveAttribute('data-loaded', 'true');
  await expect(page.getByTestId('generate-choice')).toHaveValue('standard');
  await expect(page.getByTestId('generate-choice-note')).toHaveCount(0);
  await page.getByTestId('generate-choice').selectOption('overage-family');
  await expect(page.getByTestId('generate-choice-note')).toContainText('family plans only');
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('notice')).toContainText('Generated "synthetic-5000-s42-overage-family"');
  const row = page.getByTestId('dataset-row');
  await expect(row.getByTestId('dataset-name')).toHaveText('synthetic-5000-s42-overage-family');
  // The ceilings are the overage & family utility's (bench/deep-ablation.ts: ideal P@5 0.2357; standard 0.2249).
  await expect(page.getByTestId('ceilings-random')).toContainText('0.236');
  await page.reload();
  await expect(page.getByTestId('overview')).toHaveAttribute('data-loaded', 'true');
  await expect(page.getByTestId('dataset-row').getByTestId('dataset-name')).toHaveText(
    'synthetic-5000-s42-overage-family'
  );
});
