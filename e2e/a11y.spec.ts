import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, open, test } from './fixtures';
import { PAGES, trainModels } from './helpers';

/**
 * Accessibility: axe-core on every page, empty and with a dataset and a trained model, must
 * find no serious or critical violation; chart toolbars stay out of the Tab order.
 */

/** axe's serious and critical findings on the current page, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 5)
          .join(' | ')}`
    );
}

/** Waits until every chart on the page is drawn (or says it has no data). */
async function chartsSettled(page: Page): Promise<void> {
  await expect(page.locator('figure.plot[data-state="loading"]')).toHaveCount(0, { timeout: 60_000 });
}

test('every empty page has no serious or critical accessibility violation', async ({ page }) => {
  const found: Record<string, string[]> = {};
  for (const path of PAGES) {
    await open(page, path);
    await chartsSettled(page);
    found[path] = await seriousViolations(page);
  }
  expect(found).toEqual(Object.fromEntries(PAGES.map((p) => [p, []])));
});

test('with a dataset and a trained model, every page has no serious or critical violation', async ({
  page
}) => {
  await trainModels(page, ['warp'], { epochs: 2, components: 8 });
  const found: Record<string, string[]> = {};
  for (const path of PAGES) {
    await open(page, path);
    await chartsSettled(page);
    found[path] = await seriousViolations(page);
  }
  expect(found).toEqual(Object.fromEntries(PAGES.map((p) => [p, []])));
});

test('chart toolbars are not Tab stops: Tab walks the page without landing in one', async ({ page }) => {
  await open(page, '/docs');
  const plots = page.locator('figure.plot[data-rendered="true"]');
  await expect(plots.first()).toBeVisible();
  const buttons = page.locator('.modebar-btn');
  expect(await buttons.count(), 'the toolbars are there for the mouse').toBeGreaterThan(0);
  // Walk the whole Tab order once (until focus comes back to where it started).
  const stops: string[] = [];
  for (let k = 0; k < 400; k++) {
    await page.keyboard.press('Tab');
    const here = await page.evaluate(() => {
      const a = document.activeElement;
      if (!a || a === document.body) return 'body';
      return `${a.tagName.toLowerCase()}${a.classList.contains('modebar-btn') ? '.modebar-btn' : ''}#${Array.from(a.parentNode?.children ?? []).indexOf(a)}:${a.getAttribute('data-title') ?? a.textContent?.trim().slice(0, 30) ?? ''}`;
    });
    if (stops.length > 0 && here === stops[0]) break;
    stops.push(here);
  }
  expect(stops.filter((s) => s.includes('.modebar-btn'))).toEqual([]);
  expect(stops.length, 'the page still has its own Tab stops').toBeGreaterThan(3);
});
