import { test, expect, open } from './fixtures';
import { trainModels } from './helpers';

/**
 * Keyboard and screen-reader users meet repeated buttons one by one: each must say what it acts
 * on (issue 13: 30+ stops all named "Rename" / "Export" / "Delete"; ten "Why this plan?").
 */
test('stored-run and why-this-plan buttons have accessible names that say which run or plan', async ({
  page
}) => {
  // Two runs of each of two models: same model names, so only the label tells them apart.
  await trainModels(page, ['warp', 'bpr'], { epochs: 1, components: 4 });
  await trainModels(page, ['warp', 'bpr'], { epochs: 1, components: 4 });
  const table = page.getByTestId('stored-runs');
  await expect(table.getByTestId('stored-run')).toHaveCount(4);

  for (const [testid, verb] of [
    ['rename-run', 'Rename'],
    ['export-run', 'Export'],
    ['delete-run', 'Delete']
  ] as const) {
    const buttons = table.getByTestId(testid);
    await expect(buttons).toHaveCount(4);
    const names: string[] = [];
    for (let k = 0; k < 4; k++) {
      const button = buttons.nth(k);
      const name = await button.getAttribute('aria-label');
      // The computed accessible name is the label, it starts with the visible word, and names the run shown in the row.
      await expect(button).toHaveAccessibleName(name!);
      const runText = (await table
        .getByTestId('stored-run')
        .nth(k)
        .locator('td')
        .first()
        .textContent())!.trim();
      expect(name).toBe(`${verb} ${runText}`);
      expect(name).toMatch(/ · #\w{4}/);
      names.push(name!);
    }
    expect(new Set(names).size).toBe(4);
  }
  // The whole row of tab stops: no two buttons in the table share a name.
  const all = await table
    .getByRole('button')
    .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent));
  expect(new Set(all).size).toBe(all.length);

  // Renaming keeps the input named after its run.
  await table.getByTestId('rename-run').first().click();
  await expect(table.getByTestId('rename-input')).toHaveAccessibleName(/^New name for \S+ · /);

  // Recommend: each "Why this plan?" names its plan.
  await open(page, '/recommend');
  const cards = page.getByTestId('single-list').getByTestId('plan-card');
  await expect(cards.first()).toBeVisible();
  const n = await cards.count();
  expect(n).toBeGreaterThanOrEqual(5);
  const whyNames: string[] = [];
  for (let k = 0; k < n; k++) {
    const plan = (await cards.nth(k).locator('h4').textContent())!.trim();
    await expect(cards.nth(k).getByTestId('explain')).toHaveAccessibleName(`Why this plan? ${plan}`);
    whyNames.push(plan);
  }
  expect(new Set(whyNames).size).toBe(n);
});
