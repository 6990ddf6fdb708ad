import { test, expect, open } from './fixtures';

test('Overview generate: the progress moves through its phases, then a notice says what was made', async ({
  page
}) => {
  await open(page, '/');
  await expect(page.getByTestId('overview')).toHaveAttribute('data-loaded', 'true');
  // Record every progress text the page shows (5,000 customers take well under a second).
  await page.evaluate(() => {
    const w = window as unknown as { seen: string[] };
    w.seen = [];
    new MutationObserver(() => {
      const t = document
        .querySelector('[data-testid="generate-progress"]')
        ?.textContent?.replace(/\s+/g, ' ')
        .trim();
      if (t && w.seen.at(-1) !== t) w.seen.push(t);
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('notice')).toHaveText(
    /^Generated "synthetic-5000-s42" in \d+(\.\d)? m?s: 5,000 customers with 12 months of usage, 20 plans and [\d,]+ adoptions, stored in this browser and selected\.$/
  );
  await expect(page.getByTestId('generate-progress')).toHaveCount(0);
  const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
  expect(
    seen.some((t) => /customers, usage and adoptions \(([1-9]\d?)%\)/.test(t)),
    seen.join(' | ')
  ).toBe(true);
  expect(seen.at(-1)).toMatch(/saving to browser storage|100%/);
});
