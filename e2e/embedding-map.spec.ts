import { test, expect, open } from './fixtures';
import { trainModels } from './helpers';

test('embedding map of a trained run: customers by segment, hovers name neighbours, plan labels do not overlap', async ({
  page
}) => {
  test.setTimeout(300_000);
  await trainModels(page, ['warp'], { epochs: 3, components: 16 });
  await open(page, '/analytics');
  await expect(page.getByTestId('analytics')).toHaveAttribute('data-embedding', 'ready', { timeout: 60_000 });
  const chart = page.getByTestId('chart-embedding');
  await expect(chart).toHaveAttribute('data-rendered', 'true');
  await chart.scrollIntoViewIfNeeded();

  const traces = await chart
    .locator('.js-plotly-plot')
    .evaluate((el) =>
      (el as unknown as { data: Array<{ name: string; hovertext?: string[]; text?: string[] }> }).data.map(
        (t) => ({ name: t.name, hovertext: t.hovertext, text: t.text })
      )
    );
  const names = traces.map((t) => t.name);
  for (const seg of ['residential', 'business', 'premium']) expect(names).toContain(`customers: ${seg}`);
  const plans = traces.filter((t) => !t.name.startsWith('customers'));
  const hovers = plans.flatMap((t) => t.hovertext ?? []);
  expect(hovers.length).toBeGreaterThan(5);
  for (const h of hovers)
    expect(h).toMatch(
      /nearest plans \(cosine, all 16 dimensions\): .+ -?\d\.\d\d.*<br>top-scored plan for \d+ of \d+ sampled customers/
    );
  expect(traces.find((t) => t.name === 'customers: business')?.text?.[0]).toMatch(
    / · business<br>scores highest: .+, .+, .+/
  );

  // The drawn plan labels: pairwise disjoint boxes on screen.
  const boxes = await chart.locator('.textpoint text').evaluateAll((els) =>
    els
      .filter((e) => (e.textContent ?? '').trim() !== '')
      .map((e) => {
        const r = e.getBoundingClientRect();
        return { text: e.textContent, x0: r.left, x1: r.right, y0: r.top, y1: r.bottom };
      })
  );
  expect(boxes.length).toBeGreaterThan(3);
  // …and inside the plot area, where Plotly would clip them.
  const area = await chart.locator('.nsewdrag').first().boundingBox();
  for (const b of boxes) {
    expect(
      b.x0 >= area!.x - 1 && b.x1 <= area!.x + area!.width + 1,
      `label "${b.text}" runs off the plot's side`
    ).toBe(true);
    expect(
      b.y0 >= area!.y - 1 && b.y1 <= area!.y + area!.height + 1,
      `label "${b.text}" runs off the plot's top or bottom`
    ).toBe(true);
  }
  for (let a = 0; a < boxes.length; a++) {
    for (let b = a + 1; b < boxes.length; b++) {
      const A = boxes[a],
        B = boxes[b];
      const overlap =
        Math.min(A.x1, B.x1) - Math.max(A.x0, B.x0) > 1 && Math.min(A.y1, B.y1) - Math.max(A.y0, B.y0) > 1;
      expect(overlap, `labels "${A.text}" and "${B.text}" overlap`).toBe(false);
    }
  }
  await chart.screenshot({ path: test.info().outputPath('embedding-map.png') });
});
