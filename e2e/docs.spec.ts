import { test, expect, open } from './fixtures';
import { DOC_SECTIONS } from '../src/lib/components/docs/sections.ts';
import { reloadOffline } from './helpers';

test('every docs section is prerendered, in the table of contents, with a heading', async ({
  page,
  request
}) => {
  // Static content is in the HTML itself (prerendered), before any JavaScript runs.
  const html = await (await request.get('/docs')).text();
  for (const s of DOC_SECTIONS) expect(html, `section ${s.id} in the HTML`).toContain(`id="${s.id}"`);
  expect(html).toContain('loading chart…');

  await open(page, '/docs');
  await expect(page.getByRole('heading', { level: 1, name: 'Docs' })).toBeVisible();
  const toc = page.getByTestId('docs-toc');
  for (const s of DOC_SECTIONS) {
    const section = page.getByTestId(`docs-section-${s.id}`);
    await expect(section).toBeVisible();
    await expect(section.getByRole('heading', { level: 2, name: s.title })).toBeVisible();
    await expect(toc.locator(`a[href="#${s.id}"]`)).toHaveCount(1);
    for (const c of s.children ?? []) {
      await expect(page.locator(`[id="${c.id}"]`)).toHaveCount(1);
      await expect(toc.locator(`a[href="#${c.id}"]`)).toHaveCount(1);
    }
  }
  // Generated tables: every feature group, every CSV table, the worked examples.
  await expect(page.locator('[data-testid^="feature-group-customer-"]')).toHaveCount(5);
  await expect(page.locator('[data-testid^="feature-group-plan-"]')).toHaveCount(3);
  await expect(page.getByTestId('feature-group-customer-behavioural')).toContainText('data_intensity');
  for (const t of ['customers', 'usage', 'plans', 'adoptions'])
    await expect(page.getByTestId(`csv-schema-${t}`)).toBeVisible();
  await expect(page.getByTestId('csv-schema-plans')).toContainText('unlimited');
  await expect(page.getByTestId('csv-schema-parity')).toContainText('user_features.csv');
  await expect(page.getByTestId('csv-wide-example')).toContainText('customerID,gender,tenure,PhoneService');
  await expect(page.getByTestId('metrics-example')).toBeVisible();
  await expect(page.getByTestId('docs-section-metrics')).toContainText('precision = 1/3 = 0.333');
  await expect(page.getByTestId('docs-section-metrics')).toContainText('= 0.500');
  await expect(page.getByTestId('tenure-blend')).toContainText('8 – 30');
  const refs = page.getByTestId('reference');
  for (const title of [
    'Metadata Embeddings for User and Item Cold-start Recommendations',
    'WSABIE',
    'BPR: Bayesian Personalized Ranking',
    'k-Order Statistic Loss'
  ]) {
    await expect(refs.filter({ hasText: title })).toHaveCount(1);
  }
  // Anchors work.
  await toc.locator('a[href="#metrics"]').click();
  await expect(page).toHaveURL(/#metrics$/);
});

test('the live WARP figure renders and follows the sliders', async ({ page }) => {
  await open(page, '/docs');
  const plot = page.getByTestId('warp-weighting-plot');
  await plot.scrollIntoViewIfNeeded();
  await expect(plot).toHaveAttribute('data-rendered', 'true');
  await expect(plot.locator('.main-svg').first()).toBeVisible();
  await expect(plot.locator('.gtitle')).toContainText('N = 20');
  const line = plot.locator('.scatterlayer .trace').first().locator('path.js-line');
  const before = await line.getAttribute('d');
  const rendersBefore = Number(await plot.getAttribute('data-renders'));
  expect(before).toBeTruthy();

  const slider = page.getByRole('slider', { name: /catalogue size/ });
  await slider.fill('200');
  await expect(page.getByTestId('warp-n-value')).toHaveText('200');
  await expect(plot.locator('.gtitle')).toContainText('N = 200');
  await expect
    .poll(async () => Number(await plot.getAttribute('data-renders')))
    .toBeGreaterThan(rendersBefore);
  await expect.poll(() => line.getAttribute('d')).not.toBe(before);
  await expect(page.getByTestId('warp-summary')).toContainText('N = 200');

  const afterN = await line.getAttribute('d');
  await page.getByRole('slider', { name: /max_sampled/ }).fill('2');
  await expect(plot.locator('.gtitle')).toContainText('max_sampled = 2');
  await expect.poll(() => line.getAttribute('d')).not.toBe(afterN);
});

test('BPR against WARP: the toy example renders and changes with the trained positive', async ({ page }) => {
  await open(page, '/docs');
  const plot = page.getByTestId('toy-plot');
  await plot.scrollIntoViewIfNeeded();
  await expect(plot).toHaveAttribute('data-rendered', 'true');
  await expect(plot.locator('.barlayer .trace')).toHaveCount(2);
  const reading = page.getByTestId('toy-reading');
  await expect(reading).toContainText('r = 3 violators');
  await page.getByTestId('toy-positive').selectOption({ label: 'Senior Talk (s = 1.0)' });
  await expect(reading).toContainText('r = 4 violators');
  await expect(page.getByTestId('toy-table').locator('tr.highlight')).toContainText('Senior Talk');
  // Leaving the page purges the plots without errors (the fixture fails on any console error).
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' })
  ).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('toy-plot')).toHaveCount(0);
});

test('after one visit the docs work offline, live figure included (built site only)', async ({
  page,
  context,
  request
}) => {
  // The dev server has no precache list; `/@vite/client` exists only there.
  const dev = (await request.get('/@vite/client')).ok();
  test.skip(dev, 'the service worker precaches a build; run against vite preview');
  await open(page, '/docs');
  await reloadOffline(page, context);
  await expect(page.getByTestId('docs-section-references')).toBeVisible();
  const plot = page.getByTestId('warp-weighting-plot');
  await plot.scrollIntoViewIfNeeded();
  await expect(plot).toHaveAttribute('data-rendered', 'true');
  await page.getByRole('slider', { name: /catalogue size/ }).fill('50');
  await expect(plot.locator('.gtitle')).toContainText('N = 50');
});

test('at 1280×800 the docs fill the page width: no empty band on the right, contents beside the sections', async ({
  page
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await open(page, '/docs');
  const m = await page.evaluate(() => {
    const main = document.querySelector('main')!;
    const style = getComputedStyle(main);
    const r = main.getBoundingClientRect();
    const contentRight = r.right - parseFloat(style.paddingRight);
    const contentLeft = r.left + parseFloat(style.paddingLeft);
    const box = (sel: string) => document.querySelector(sel)!.getBoundingClientRect();
    return {
      contentLeft,
      contentRight,
      section: box('[data-testid="docs-section-losses"]'),
      toc: box('[data-testid="docs-toc"]'),
      scrollWidth: document.documentElement.scrollWidth
    };
  });
  // The sections reach main's right edge (the old max-width left a 180 px band there).
  expect(m.contentRight - m.section.right).toBeLessThanOrEqual(2);
  // The contents sit in a column to the left of the sections, not above them.
  expect(m.toc.left).toBeGreaterThanOrEqual(m.contentLeft - 1);
  expect(m.toc.right).toBeLessThanOrEqual(m.section.left);
  expect(m.toc.top).toBeLessThan(m.section.top + 20);
  // And nothing overflows sideways.
  expect(m.scrollWidth).toBeLessThanOrEqual(1280);
  // The contents stay in view while reading further down.
  await page.getByTestId('docs-section-metrics').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('docs-toc')).toBeInViewport();
});
