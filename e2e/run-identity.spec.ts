import type { Page } from '@playwright/test';
import { test, expect, open } from './fixtures';
import { ensureDefaultDataset, setModels } from './helpers';

/** Trains one small WARP with the given seed on /train and waits until it is stored. */
async function trainWarp(page: Page, seed: number): Promise<void> {
  await page.getByTestId('seed').fill(String(seed));
  const before = await page.getByTestId('run-card').count();
  await page.getByTestId('train').click();
  await expect(page.getByTestId('run-card')).toHaveCount(before + 1);
  await expect(page.getByTestId('run-card').nth(before)).toHaveAttribute('data-status', 'done', {
    timeout: 120_000
  });
}

/** The heatmap's drawn row labels and, per row, the values Plotly holds (via the plot element). */
async function heatmapRows(
  page: Page,
  testid: string
): Promise<{ ticks: string[]; rows: { label: string; z: number[] }[] }> {
  const plot = page.getByTestId(testid);
  await expect(plot).toHaveAttribute('data-rendered', 'true');
  const ticks = await plot.locator('.ytick text').allTextContents();
  const rows = await plot.locator('.js-plotly-plot').evaluate((gd) => {
    const g = gd as unknown as {
      data: { y: unknown[]; z: number[][] }[];
      layout: { yaxis: { tickvals?: unknown[]; ticktext?: string[] } };
    };
    const { tickvals, ticktext } = g.layout.yaxis;
    // Rows by position with tick text, or (a categorical axis) by the row's own text.
    return g.data[0].y.map((y, r) => ({
      label: tickvals && ticktext ? ticktext[tickvals.indexOf(y)] : String(y),
      z: g.data[0].z[r]
    }));
  });
  return { ticks, rows };
}

test('runs of one model are told apart everywhere; a run on another split is compared only with its own split', async ({
  page
}) => {
  test.setTimeout(360_000);
  await open(page, '/train');
  await ensureDefaultDataset(page);
  await setModels(page, ['warp'], { epochs: 3, components: 8 });
  await trainWarp(page, 1);
  await trainWarp(page, 2);

  let bestLabel = '';
  await test.step('two WARP runs: two labelled rows with their own values, in the table and the heatmap', async () => {
    const rows = page.getByTestId('result-row');
    await expect(rows).toHaveCount(2);
    // Soft: on a build without the fix, the later steps still run and show their own failures.
    const labels = await rows.evaluateAll((trs) =>
      trs.map((tr) => (tr.children[0].textContent ?? '').replace('best', '').trim())
    );
    const [a, b] = labels;
    expect.soft(a).not.toBe(b);
    expect
      .soft([a, b].sort().map((l) => l.replace(/ · \d\d:\d\d · #[0-9a-z]{4}$/, '')))
      .toEqual(['WARP · seed 1', 'WARP · seed 2']);
    const p = await rows.evaluateAll((trs) =>
      trs.map((tr) => [1, 2, 3].map((c) => Number(tr.children[c].textContent)))
    );
    expect(p[0]).not.toEqual(p[1]);
    const heat = await heatmapRows(page, 'pak-heatmap');
    expect.soft(heat.ticks).toHaveLength(2);
    expect.soft(new Set(heat.ticks).size).toBe(2);
    // Each heatmap row carries its own run's P@3, P@5, P@10 (the table shows 4 decimals).
    for (const [k, label] of [a, b].entries()) {
      const row = heat.rows.find(
        (r) => r.label === label && r.z.every((v, j) => Math.abs(v - p[k][j]) < 5e-5)
      );
      expect.soft(row, `heatmap row "${label}" with its own values ${p[k].join(', ')}`).toBeTruthy();
    }
    await expect(page.getByTestId('best-badge')).toHaveCount(1);
    bestLabel = (await page.locator('[data-testid="result-row"][data-best="true"] td').first().textContent())!
      .replace('best', '')
      .trim();
  });

  await test.step('a WARP trained on held-out customers (Recommend page)', async () => {
    await open(page, '/recommend');
    await expect(page.getByTestId('recommend-setup')).toHaveAttribute('data-loaded', 'true', {
      timeout: 60_000
    });
    await page.getByTestId('mode-cold').check();
    await page.getByTestId('cold-train-epochs').fill('2');
    await page.getByTestId('cold-train-components').fill('8');
    await page.getByTestId('cold-train').click();
    await expect(page.getByTestId('cold-training')).toHaveAttribute('data-status', 'done', {
      timeout: 120_000
    });
  });

  await test.step('Recommend: the default model is the best random-split run, the list grouped by split', async () => {
    await open(page, '/recommend');
    await expect(page.getByTestId('recommend-setup')).toHaveAttribute('data-loaded', 'true', {
      timeout: 60_000
    });
    const select = page.getByTestId('model-select');
    const chosen = await select.evaluate(
      (s) => (s as HTMLSelectElement).selectedOptions[0].textContent ?? ''
    );
    expect(
      chosen.startsWith(`${bestLabel} · P@5`),
      `default "${chosen}" is the best run "${bestLabel}"`
    ).toBe(true);
    await expect(select.locator('optgroup')).toHaveCount(2);
    await expect(select.locator('optgroup').nth(1)).toHaveAttribute(
      'label',
      'Tested on the held-out customers (20%) split'
    );
    const texts = await select.locator('option').allTextContents();
    expect(new Set(texts).size).toBe(3);
  });

  await test.step('Recommend ensemble: the two WARP runs (not the held-out one) as two named sliders; the note points at nothing misplaced', async () => {
    await page.getByTestId('mode-ensemble').check();
    const names = await page.getByTestId('ensemble-mode').locator('.slider .name').allTextContents();
    expect(names).toHaveLength(2);
    expect(
      names.map((n) => n.replace(/ · \d\d:\d\d · #[0-9a-z]{4} \(alone: P@5 0\.\d{4}\)$/, '')).sort()
    ).toEqual(['WARP · seed 1', 'WARP · seed 2']);
    await page.getByTestId('optimise').click();
    const result = page.getByTestId('optimise-result');
    await expect(result).toBeVisible({ timeout: 60_000 });
    await expect(result).not.toContainText('below');
    await expect(result).toContainText('the ensemble-against-best-model comparison is on the test split');
  });

  await test.step('Train: its own group, not best, no reference rows beside it', async () => {
    await open(page, '/train');
    const groups = page.getByTestId('result-group');
    await expect(groups).toHaveCount(2);
    const random = page.locator('[data-testid="result-group"][data-split="random"]');
    const cold = page.locator('[data-testid="result-group"][data-split="cold_start"]');
    await expect(random.getByTestId('result-row')).toHaveCount(2);
    await expect(random.getByTestId('best-badge')).toHaveCount(1);
    await expect(random.getByTestId('reference-row')).toHaveCount(2);
    await expect(random.locator('caption')).toContainText(
      'random split: 20% of adoptions held out for testing'
    );
    await expect(cold.getByTestId('result-row')).toHaveCount(1);
    await expect(cold.getByTestId('result-label')).toContainText('held-out customers (20%)');
    await expect(cold.getByTestId('best-badge')).toHaveCount(0);
    await expect(cold.getByTestId('reference-row')).toHaveCount(0);
    await expect(cold.getByTestId('result-group-label')).toHaveText('held-out customers (20%)');
    await expect(cold.getByTestId('significance')).toHaveCount(0);
    await expect(cold.getByTestId('pak-heatmap')).toHaveAttribute('data-rendered', 'true');
    await expect(random.locator('[data-best="true"]').getByTestId('result-label')).toContainText(bestLabel);
  });

  await test.step('Analytics: best of the random split only; the other run listed apart', async () => {
    await open(page, '/analytics');
    await expect(page.getByTestId('analytics')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    await expect(page.getByTestId('best-model')).toContainText('best of 2 by test P@5');
    await expect(page.getByTestId('best-model-split')).toHaveText('tested on the random 80/20 split');
    await expect(page.getByTestId('best-model-name')).toHaveText(bestLabel);
    await expect(page.getByTestId('analytics-other-group')).toContainText(
      'held-out customers (20%): WARP · held-out customers (20%) · seed 1 · '
    );
  });

  await test.step('Overview: the temporal ceilings caption gives no held-out share', async () => {
    await open(page, '/');
    const caption = page.getByTestId('ceilings-temporal').locator('caption');
    const text = (await caption.textContent())!.replace(/\s+/g, ' ');
    expect(text).toContain("temporal split: each customer's latest adoption held out for testing");
    expect(text).not.toMatch(/\d+% held out/);
  });
});
