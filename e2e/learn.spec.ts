import { test, expect, open } from './fixtures';

test('Learn: step through WARP one sample at a time, play and pause, then BPR', async ({ page }) => {
  await open(page, '/learn');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Learn' })).toHaveAttribute('aria-current', 'page');
  const root = page.getByTestId('learn');
  const map = page.getByTestId('learn-map');
  await expect(map).toHaveAttribute('data-rendered', 'true');
  await expect(root).toHaveAttribute('data-steps', '0');

  // One step: the inspector names the customer and positive, and WARP's search result.
  await page.getByTestId('learn-step').click();
  await expect(root).toHaveAttribute('data-steps', '1');
  await expect(page.getByTestId('step-sample')).toContainText('Epoch 1, sample 1 of');
  await expect(page.getByTestId('step-weight')).toContainText(/rank is\s+estimated|No violator/);
  await expect(page.getByTestId('step-gradient')).toBeVisible();
  // The first step moves rows from their random start: the map draws the arrows.
  await expect.poll(async () => Number(await map.getAttribute('data-renders'))).toBeGreaterThan(1);
  await expect(map.locator('.annotation')).not.toHaveCount(0);

  // Until a sample with a violator comes up, keep stepping; then the draws end at it.
  for (
    let k = 0;
    k < 40 && !(await page.getByTestId('step-weight').textContent())?.match(/rank is\s+estimated/);
    k++
  ) {
    await page.getByTestId('learn-step').click();
  }
  await expect(page.getByTestId('step-weight')).toContainText(/rank is\s+estimated/);
  await expect(page.getByTestId('step-draws').locator('tbody tr').last()).toContainText('violator: stop');

  // Play at 20 steps/s, then pause: the count grows and then holds.
  await page.getByTestId('learn-speed').selectOption('20');
  const before = Number(await root.getAttribute('data-steps'));
  await page.getByTestId('learn-play').click();
  // Past at least one whole epoch (16 samples), so the per-epoch loss line has something to show.
  await expect
    .poll(async () => Number(await root.getAttribute('data-steps')))
    .toBeGreaterThan(Math.max(before + 10, 16));
  await page.getByTestId('learn-play').click();
  await expect(page.getByTestId('learn-play')).toHaveText('Play');
  const held = await root.getAttribute('data-steps');
  await page.waitForTimeout(300);
  await expect(root).toHaveAttribute('data-steps', held!);
  await expect(page.getByTestId('learn-progress')).toContainText('Mean sample loss per finished epoch');

  // BPR starts a fresh model; a step names the popularity-drawn negative and σ.
  await page.getByTestId('learn-loss-bpr').check();
  await expect(root).toHaveAttribute('data-steps', '0');
  await page.getByTestId('learn-step').click();
  await expect(page.getByTestId('step-weight')).toContainText('BPR drew the negative');
  await expect(page.getByTestId('step-draws')).toHaveCount(0);
});

test('the Docs losses section links to the live views', async ({ page }) => {
  await open(page, '/docs');
  const live = page.getByTestId('docs-live-views');
  await expect(live.getByRole('link', { name: 'embedding map on Analytics' })).toHaveAttribute(
    'href',
    /\/analytics$/
  );
  await live.getByRole('link', { name: 'Learn page' }).click();
  await expect(page).toHaveURL(/\/learn$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Learn: watch a model train');
});
