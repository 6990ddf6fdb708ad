import { test, expect, open } from './fixtures';
import { trainModels } from './helpers';

test('the Train page says what Automatic will choose before training, and the run then uses it', async ({
  page
}) => {
  test.setTimeout(180_000);
  await open(page, '/train');
  const plan = page.getByTestId('backend-plan');
  // This machine's Chromium renders WebGL with SwiftShader (software): Automatic prefers WASM.
  await expect(plan).toHaveText(
    /^Automatic will use WASM: the WebGL renderer is software \(.*SwiftShader.*\), which is far slower than WASM on this CPU \(then WebGL, then CPU if it fails to start\)\.$/
  );
  await page.getByTestId('backend-select').selectOption('cpu');
  await expect(plan).toHaveCount(0);
  await page.getByTestId('backend-select').selectOption('auto');
  await expect(plan).toBeVisible();

  await trainModels(page, ['bpr'], { epochs: 1, components: 4 });
  const card = page.getByTestId('run-card').last();
  await expect(card.getByTestId('run-backend')).toHaveAttribute('data-backend', 'wasm');
  await expect(card.getByTestId('run-backend-reason')).toContainText('the WebGL renderer is software');
});
