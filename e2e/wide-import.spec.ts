import type { Page } from '@playwright/test';
import { telcoChurnCsv } from '../test/fixtures/wide/telco-churn';
import { BASE_ROWS, withCell } from '../test/fixtures/wide/malformed';
import { expect, open, test } from './fixtures';
import { setModels } from './helpers';
import { storedDigest } from './stored';

/**
 * One wide customer table dropped on the Overview: proposal → edit → import → export → train →
 * Analytics from its own items and features; a malformed table is rejected and leaves storage
 * byte-identical.
 */

/** Drops `text` as a file on the drop zone, as a person dragging it from their desktop would. */
async function drop(page: Page, text: string, name: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ([t, n]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([t], n, { type: 'text/csv' }));
      return dt;
    },
    [text, name] as const
  );
  await page.getByTestId('wide-drop').dispatchEvent('drop', { dataTransfer });
}

test('a dropped telco table is proposed, edited, imported whole and trained on', async ({ page }) => {
  await open(page, '/');
  await expect(page.getByTestId('overview')).toHaveAttribute('data-loaded', 'true');
  await drop(page, telcoChurnCsv({ customers: 3000, seed: 5 }), 'telco-churn.csv');

  const proposal = page.getByTestId('wide-proposal');
  await expect(proposal).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('wide-read-summary')).toContainText(
    '3,000 customer rows, 21 columns; comma-separated, CRLF line ends'
  );
  await expect(page.getByTestId('wide-preview').locator('tbody tr')).toHaveCount(8);
  const column = (name: string) => page.locator(`[data-testid="wide-column"][data-column="${name}"]`);
  await expect(column('customerID')).toHaveAttribute('data-role', 'id');
  await expect(column('StreamingTV')).toHaveAttribute('data-role', 'item');
  await expect(column('Contract')).toHaveAttribute('data-role', 'feature');
  await expect(column('Churn')).toHaveAttribute('data-role', 'ignore');
  await expect(page.getByTestId('wide-item')).toHaveCount(10);
  await expect(page.getByTestId('wide-missing')).toContainText('TotalCharges 11');

  // Edit: the churn flag becomes a customer feature; the preview is re-checked.
  await column('Churn').getByTestId('wide-role').selectOption('feature');
  await expect(column('Churn')).toHaveAttribute('data-role', 'feature');
  await expect(page.getByTestId('wide-features')).toContainText('churn:yes');
  await expect(page.getByTestId('wide-export-mapping')).toHaveAttribute('href', /^data:application\/json/);

  await page.getByTestId('wide-name').fill('telco churn');
  await page.getByTestId('wide-confirm').click();
  await expect(page.getByTestId('notice')).toContainText('Imported "telco churn": 3,000 customers, 10 items');
  await expect(page.getByTestId('current-name')).toHaveText('telco churn');
  await expect(page.getByTestId('wide-proposal')).toHaveCount(0);

  // Any stored dataset exports again: this one as its parity layout plus its mapping.
  await page.getByTestId('export-parity').click();
  await expect(page.getByTestId('export-file')).toHaveCount(7);
  await expect(page.getByTestId('export-files')).toContainText('telco_churn_mapping.json');

  await open(page, '/train');
  await expect(page.getByTestId('dataset-select').locator('option:checked')).toContainText('telco churn');
  await setModels(page, ['warp', 'bpr'], { epochs: 2, components: 8 });
  await page.getByTestId('train').click();
  await expect(page.getByTestId('run-card')).toHaveCount(2);
  for (const card of await page.getByTestId('run-card').all())
    await expect(card).toHaveAttribute('data-status', 'done', { timeout: 120_000 });

  // Analytics from what the dataset has: items, co-adoption, its own customer features, and the model charts.
  await open(page, '/analytics');
  await expect(page.getByTestId('analytics')).toHaveAttribute('data-state', 'no-tables');
  await expect(page.getByTestId('layout-analytics')).toContainText('3,000 customers, 10 items');
  for (const id of ['chart-item-adoptions', 'chart-co-adoption', 'chart-pak']) {
    const plot = page.getByTestId(id);
    await plot.scrollIntoViewIfNeeded();
    await expect(plot, `${id} drawn`).toHaveAttribute('data-rendered', 'true');
  }
  await expect(page.getByTestId('chart-feature-group')).toHaveCount(8);
  await expect(page.getByTestId('chart-feature-group').first()).toHaveAttribute('data-rendered', 'true');

  // Recommend: a known customer's top items by name, and a new customer from the dataset's own feature fields.
  await open(page, '/recommend');
  await expect(page.getByTestId('layout-recommend')).toBeVisible();
  await expect(page.getByTestId('layout-pick').first()).toBeVisible();
  const picks = await page.getByTestId('layout-pick').count();
  expect(picks).toBeGreaterThan(0);
  expect(picks).toBeLessThanOrEqual(5);
  await expect(page.getByTestId('layout-why').first()).toContainText(/\(([+−])\d/);
  // Each item shows the attributes it has (the column it came from), and its score splits exactly.
  await expect(page.getByTestId('layout-pick').first().getByTestId('item-attributes')).toContainText(
    'service: '
  );
  await page.getByTestId('layout-pick').first().getByTestId('explain').click();
  const panel = page.getByTestId('explanation');
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('summed per feature group');
  expect(await page.getByTestId('explanation-part').count()).toBeGreaterThanOrEqual(2);
  const sum = Number(await panel.getAttribute('data-sum'));
  const score = Number(await panel.getAttribute('data-score'));
  expect(Math.abs(sum - score)).toBeLessThan(1e-4);
  await expect(page.getByTestId('explanation-score')).toHaveText(score.toFixed(4));
  await expect(page.getByTestId('layout-pick').first().getByTestId('explain')).toHaveAttribute(
    'aria-pressed',
    'true'
  );
  // Its items have no price-like attribute: the re-rank section says so instead of inventing one.
  await expect(page.getByTestId('rerank-absent')).toHaveText(
    'No revenue re-ranking on this dataset: the items have no price-like numeric attribute (their attributes: service), so there is no revenue to trade off against relevance.'
  );
  await expect(page.getByTestId('layout-ensemble-metrics')).toContainText(/Test P@5 0\.\d{3}, AUC 0\.\d{3}/);
  await expect(page.getByTestId('layout-ensemble-pick').first()).toBeVisible();
  const mixed = await page.getByTestId('layout-ensemble-metrics').innerText();
  await page.getByTestId('layout-weight').first().fill('0');
  await expect(page.getByTestId('layout-ensemble-metrics')).not.toHaveText(mixed);
  await expect(page.getByTestId('layout-cold-empty')).toBeVisible();
  await page.getByTestId('profile-contract').selectOption('Two year');
  await page.getByTestId('profile-tenure').fill('60');
  await expect(page.getByTestId('profile-tenure')).toHaveAttribute('placeholder', /^\d+ – 72$/);
  await expect(page.getByTestId('layout-cold-pick')).toHaveCount(5);
  // Cold start blends the model with feature similarity, each item with a reason in counts.
  await expect(page.getByTestId('layout-cold-score')).toContainText(
    "blend: 50% the model's cold-start score, 50% feature similarity"
  );
  for (const pick of await page.getByTestId('layout-cold-pick').all()) {
    await expect(pick.getByTestId('layout-why').locator('li').first()).toHaveText(
      /^adopted by \d+% of training customers with (contract:Two year|tenure_band:\S+) \(\d+ of \d+\)$/
    );
  }
});

test('a malformed table is rejected with its reason and stored datasets stay byte-identical', async ({
  page
}) => {
  await open(page, '/');
  await expect(page.getByTestId('overview')).toHaveAttribute('data-loaded', 'true');
  await drop(page, BASE_ROWS.join('\n'), 'good.csv');
  // The exported mapping, edited and given back, is applied to the proposal; a broken one is refused with its reason.
  const href = (await page.getByTestId('wide-export-mapping').getAttribute('href'))!;
  const saved = JSON.parse(decodeURIComponent(href.slice(href.indexOf(',') + 1))) as {
    columns: Array<{ name: string; role: string }>;
  };
  saved.columns.find((c) => c.name === 'Churn')!.role = 'feature';
  const churn = page.locator('[data-testid="wide-column"][data-column="Churn"]');
  await expect(churn).toHaveAttribute('data-role', 'ignore');
  await page.getByTestId('wide-mapping-file').setInputFiles({
    name: 'mapping.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(saved))
  });
  await expect(churn).toHaveAttribute('data-role', 'feature');
  await page
    .getByTestId('wide-mapping-file')
    .setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{ not json') });
  await expect(page.getByTestId('wide-error')).toContainText(
    'broken.json: mapping: the file is not valid JSON'
  );
  await page.getByTestId('wide-confirm').click();
  await expect(page.getByTestId('dataset-row')).toHaveCount(1);
  const before = await storedDigest(page);

  // A file that cannot be read at all is rejected with its reason.
  await drop(page, '\u0000\u0001PNG binary', 'picture.csv');
  await expect(page.getByTestId('wide-error')).toContainText(
    'Import rejected, nothing was stored. picture.csv is not a text CSV file: it contains binary data (a zero byte on line 1).'
  );
  // Tables that read but cannot import as mapped: the proposal says why and Import stays off.
  await drop(page, withCell(4, 0, 'C2'), 'dupes.csv');
  await expect(page.getByTestId('wide-problem')).toHaveText(
    'This mapping cannot be imported: dupes.csv row 5, column customerID: customer id "C2" appears twice (rows 3 and 5): one row per customer'
  );
  await expect(page.getByTestId('wide-confirm')).toBeDisabled();
  await drop(
    page,
    ['customerID,gender,Roaming,Insurance', 'C1,Female,No,No', 'C2,Male,No,No', 'C3,Male,No,No'].join('\n'),
    'nothing-adopted.csv'
  );
  await expect(page.getByTestId('wide-problem')).toContainText('no customer adopted any item');
  await expect(page.getByTestId('wide-confirm')).toBeDisabled();
  await page.getByTestId('wide-cancel').click();
  expect(await storedDigest(page)).toEqual(before);
  await expect(page.getByTestId('dataset-row')).toHaveCount(1);
});

test("the long format: proposal (roles, preview, unknown ids by row) → confirm → train → revenue re-ranking by the plans table's price", async ({
  page
}) => {
  await open(page, '/');
  await expect(page.getByTestId('overview')).toHaveAttribute('data-loaded', 'true');
  const csv = (name: string, rows: string[]) => ({
    name,
    mimeType: 'text/csv',
    buffer: Buffer.from(rows.join('\r\n'))
  });
  const pairs = [
    'a,p1,2024-01-02',
    'a,p2,2024-02-03',
    'b,p2,2024-01-09',
    'c,p1,2024-03-01',
    'c,p3,2024-03-05',
    'd,p3,2024-04-01'
  ];
  await page
    .getByTestId('long-customers')
    .setInputFiles(csv('customers.csv', ['customer_id,segment', 'a,home', 'b,business', 'c,home']));
  await page
    .getByTestId('long-adoptions')
    .setInputFiles(csv('adoptions.csv', ['customer_id,plan_id,date', ...pairs]));
  await page.getByTestId('long-import').click();
  // The proposal: roles recognised by name, the rows as read, and the unknown id named by row; nothing stored.
  const column = (name: string) => page.locator(`[data-testid="long-column"][data-column="${name}"]`);
  await expect(page.getByTestId('long-proposal')).toBeVisible();
  await expect(column('customer_id')).toHaveAttribute('data-role', 'customer');
  await expect(column('plan_id')).toHaveAttribute('data-role', 'plan');
  await expect(column('date')).toHaveAttribute('data-role', 'date');
  await expect(page.getByTestId('long-preview').locator('tbody tr')).toHaveCount(6);
  await expect(page.getByTestId('long-problem')).toHaveText(
    'These tables cannot be imported as read: adoptions.csv row 7, column customer_id: unknown customer id on 1 row(s), not in customers.csv: row 7 ("d")'
  );
  await expect(page.getByTestId('long-confirm')).toBeDisabled();
  await expect(page.getByTestId('dataset-row')).toHaveCount(0);

  // Headers nobody could recognise: the person says which column is which, and the join is re-checked.
  await page
    .getByTestId('long-customers')
    .setInputFiles(
      csv('customers.csv', ['customer_id,segment', 'a,home', 'b,business', 'c,home', 'd,business'])
    );
  await page
    .getByTestId('long-plans')
    .setInputFiles(csv('plans.csv', ['plan_id,price', 'p1,10', 'p2,20', 'p3,35']));
  await page.getByTestId('long-adoptions').setInputFiles(csv('adoptions.csv', ['who,what,when', ...pairs]));
  await page.getByTestId('long-import').click();
  await expect(page.getByTestId('long-problem')).toHaveText(
    'These tables cannot be imported as read: choose the customer id and plan id column of adoptions.csv'
  );
  await column('who').getByTestId('long-role').selectOption('customer');
  await column('what').getByTestId('long-role').selectOption('plan');
  await column('when').getByTestId('long-role').selectOption('date');
  await expect(page.getByTestId('long-summary')).toContainText('4 customers, 3 items, 6 adoptions');
  await expect(column('when')).toHaveAttribute('data-role', 'date');
  await page.getByTestId('long-confirm').click();
  await expect(page.getByTestId('notice')).toContainText(
    'Imported "adoptions": 4 customers, 3 items, 6 adoptions'
  );
  await expect(page.getByTestId('dataset-row')).toHaveCount(1);
  await expect(page.getByTestId('long-proposal')).toHaveCount(0);

  // Its plans have a price: item cards show the plan attributes and the re-rank section uses the table's own prices.
  await open(page, '/train');
  await setModels(page, ['warp'], { epochs: 2, components: 4 });
  await page.getByTestId('train').click();
  await expect(page.getByTestId('run-card')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await open(page, '/recommend');
  await expect(page.getByTestId('layout-pick').first().getByTestId('item-attributes')).toContainText(
    'price_band: '
  );
  await expect(page.getByTestId('rerank-prices')).toHaveText(
    'Price: the items\' "price" attribute, in the plans table’s own units.'
  );
  await expect(page.getByTestId('rerank-result')).toBeVisible();
  await expect(page.getByTestId('layout-rerank-pick').first()).toContainText(/price (10|20|35)\.00/);
});
