/**
 * `npx tsx bench/training-path-browser.ts [wasm,webgl,cpu]` (or `npm run bench -- --only
 * training-path`) — the start-of-run timing of WARP's two training paths in the browser, per
 * TF.js backend: the WebAssembly kernel's and the TF.js full-tensor path's milliseconds per
 * batch as the Train page's run card shows them (best of 3 batches each, after a warm-up;
 * the 5k default dataset, 64 components, batch 1024, one epoch), and which path trained.
 *
 * On a machine with a GPU: set CHROMIUM_PATH to a Chromium that renders WebGL on it and
 * CHROMIUM_ARGS to the flags that make headless Chromium use it (DEVELOPERS.md).
 */
import { openBuiltSite, openPage } from './browser.ts';
import { formatTable, isMain } from './table.ts';

export interface PathRow {
  backend: string;
  /** What the card says trained the batches. */
  chosen: string;
  kernelMs: number;
  tensorMs: number;
  /** The card's line on why this backend ran. */
  reason: string;
}

/** Reads "chose A: x ms/batch vs B y ms/batch" off a run card's engine line. */
export function parseChoice(line: string): { chosen: string; kernelMs: number; tensorMs: number } | null {
  const m = /chose (.+?): ([0-9.]+) ms\/batch vs (.+?) ([0-9.]+) ms\/batch/.exec(line);
  if (!m) return null;
  const kernelFirst = m[1].startsWith('WebAssembly');
  return {
    chosen: m[1],
    kernelMs: Number(kernelFirst ? m[2] : m[4]),
    tensorMs: Number(kernelFirst ? m[4] : m[2])
  };
}

export async function run(opts: { backends: string[]; port?: number }): Promise<PathRow[]> {
  const s = await openBuiltSite(opts.port ?? 4193);
  const rows: PathRow[] = [];
  try {
    const { page } = s;
    await openPage(s, '/train');
    await page.waitForSelector('[data-testid="dataset-area"][data-loaded="true"]');
    if (await page.getByTestId('generate-default').isVisible())
      await page.getByTestId('generate-default').click();
    await page.getByTestId('dataset-select').waitFor({ timeout: 120_000 });
    for (const m of ['warp', 'bpr', 'warp-kos', 'hybrid-deep', 'logistic'])
      await page.getByTestId(`model-${m}`).setChecked(m === 'warp');
    await page.getByTestId('advanced-warp').click();
    await page.getByTestId('param-warp-epochs').fill('1');
    await page.getByTestId('param-warp-components').fill('64');
    await page.getByTestId('param-warp-components').press('Tab');
    for (const backend of opts.backends) {
      await page.getByTestId('backend-select').selectOption(backend);
      await page.getByTestId('train').click();
      const card = page.getByTestId('run-card').last();
      await card
        .and(page.locator('[data-status="done"], [data-status="failed"]'))
        .waitFor({ timeout: 600_000 });
      const line = (await card.getByTestId('run-backend').textContent()) ?? '';
      const reason = (await card.getByTestId('run-backend-reason').textContent()) ?? '';
      const ran = (await card.getByTestId('run-backend').getAttribute('data-backend')) ?? backend;
      const c = parseChoice(line);
      rows.push({
        backend: ran,
        chosen: c?.chosen ?? `(no measurement: ${line})`,
        kernelMs: c?.kernelMs ?? NaN,
        tensorMs: c?.tensorMs ?? NaN,
        reason: reason.trim()
      });
    }
  } finally {
    await s.close();
  }
  return rows;
}

export function print(rows: PathRow[]): void {
  console.log(
    formatTable(
      ['TF.js backend', 'kernel ms/batch', 'full-tensor ms/batch', 'trained on'],
      rows.map((r) => [r.backend, String(r.kernelMs), String(r.tensorMs), r.chosen])
    )
  );
  for (const r of rows) if (r.reason) console.log(r.reason);
}

if (isMain(import.meta.url)) {
  const backends = (process.argv[2] ?? 'wasm,webgl,cpu').split(',');
  print(await run({ backends }));
}
