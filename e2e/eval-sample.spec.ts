import { test, expect, open } from './fixtures';
import { ensureDefaultDataset, setModels } from './helpers';

/**
 * Evaluation on a seeded sample of test customers (issue 14), forced on a 5,000-customer dataset
 * with a sample of 300: each run says what it was measured on, with its interval, and the
 * Recommend page's re-ranking sweep and ensemble run on that sample and say so.
 */
test('runs measured on a seeded sample: labelled with their interval; the ensemble sliders work on the sample', async ({
  page
}) => {
  test.setTimeout(240_000);
  await open(page, '/train');
  await ensureDefaultDataset(page);
  await setModels(page, ['warp', 'bpr'], { epochs: 3 });
  await page.getByTestId('sample-eval').check();
  await page.getByTestId('sample-size').fill('300');
  const before = await page.getByTestId('run-card').count();
  await page.getByTestId('train').click();
  const cards = page.getByTestId('run-card');
  await expect(cards).toHaveCount(before + 2);
  for (let k = before; k < before + 2; k++) {
    await expect(cards.nth(k)).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
    await expect(cards.nth(k).getByTestId('run-eval-sample')).toHaveText(
      /^P@5 on a seeded sample of 300 test customers \(of [\d,]+\), 95% interval \[0\.\d{4}, 0\.\d{4}\]$/
    );
  }

  await open(page, '/recommend');
  await expect(page.getByTestId('recommend-setup')).toHaveAttribute('data-loaded', 'true', {
    timeout: 60_000
  });
  // The chosen run's re-ranking sweep is measured on the customers its P@5 was, and says so.
  await expect(page.getByTestId('rerank-sample')).toHaveText(
    /^Re-ranking measured on a seeded sample of 300 test customers \(of [\d,]+\)$/
  );
  await expect(page.getByTestId('rerank-p5')).toHaveText(/^0\.\d{4}$/);
  await page.getByTestId('mode-ensemble').check();
  await expect(page.getByTestId('ensemble-sample')).toHaveText(
    'Ensemble metrics on a seeded sample of 300 test customers'
  );
  const sliders = page.getByTestId('ensemble-weight');
  await expect(sliders).toHaveCount(2);
  await expect(page.getByTestId('ensemble-precision5')).toHaveText(/0\.\d{4}/);
  const moves = Number(await page.getByTestId('ensemble-metrics').getAttribute('data-moves'));
  await sliders.first().focus();
  await page.keyboard.press('Home'); // weights 0, 1: the second run alone
  await expect(page.getByTestId('ensemble-metrics')).toHaveAttribute('data-moves', String(moves + 1));
  // Alone, the second run reproduces its own P@5, measured on the same sample.
  const alone = await page.getByTestId('ensemble-precision5').textContent();
  const name = await page.getByTestId('ensemble-mode').locator('.slider .name').nth(1).textContent();
  expect(name).toContain(`P@5 ${alone}`);
  for (let k = 0; k < 5; k++) await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('ensemble-metrics')).toHaveAttribute('data-moves', String(moves + 6));

  // A customer outside the sample has no mixed list; a sampled one has.
  const outside = page.getByTestId('ensemble-not-sampled');
  if (await outside.isVisible()) await outside.getByRole('button').click();
  await expect(page.getByTestId('ensemble-list').getByTestId('plan-card').first()).toBeVisible();
});
