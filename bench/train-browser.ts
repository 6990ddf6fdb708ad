/**
 * `npx tsx bench/train-browser.ts` — wall time to train WARP, BPR, WARP-KOS and Hybrid Deep
 * side by side in the browser (the Train page, real workers, the automatic backend: WASM on a
 * CPU-only machine, WebGL where a GPU renders), beside the sum of LightFM's single-thread fit
 * times for the same settings. The real LightFM cannot be installed here (no PyPI), so its
 * times are the parity reference's (test/fixtures/parity/telco-5k/reference.json: LightFM 1.17,
 * one thread, a 2-core machine like this one) on telco-5k, a dataset of the same shape
 * (5,000 customers × 20 plans) as the app's default, which is what trains here.
 *
 * With LIGHTFM_PATH set (a LightFM source tree built as ../shared/tools/lightfm/README.md says)
 * the four LightFM fits are instead run live on telco-5k right after the browser run, so both
 * sides see the same machine load; the result says which (`lightfm_source`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { openBuiltSite, openPage } from './browser.ts';
import { formatTable, isMain } from './table.ts';

interface ReferenceCell {
  loss: string;
  features: boolean;
  components: number;
  fit_seconds_median_1thread: number;
}

const MODELS = [
  { loss: 'warp', label: 'WARP', components: 64, lightfm: { loss: 'warp', components: 64 } },
  { loss: 'bpr', label: 'BPR', components: 64, lightfm: { loss: 'bpr', components: 64 } },
  { loss: 'warp-kos', label: 'WARP-KOS', components: 64, lightfm: { loss: 'warp-kos', components: 64 } },
  // LightFM has no deep variant: its nearest is WARP at the same 128 components.
  { loss: 'hybrid-deep', label: 'Hybrid Deep', components: 128, lightfm: { loss: 'warp', components: 128 } }
] as const;

export interface TrainBenchResult {
  rows: string[][];
  wallS: number;
  sumFitS: number;
  lightfmSumS: number;
  backend: string;
  /** Per model: label, components, status, fit seconds, test P@5 (NaN when not shown). */
  models: Array<{
    label: string;
    loss: string;
    components: number;
    status: string;
    fitS: number;
    p5: number;
    lightfmS: number;
  }>;
  /** 'live' (LightFM run here after the browser run) or 'reference.json' (parity reference times). */
  lightfmSource: 'live' | 'reference.json';
}

/** LightFM's runner (run_ref.py) next to this checkout, as the shared tools are laid out. */
const RUN_REF =
  process.env.LIGHTFM_RUN_REF ??
  ['../shared/tools/lightfm/run_ref.py', '../../shared/tools/lightfm/run_ref.py'].find((p) =>
    existsSync(p)
  ) ??
  '../shared/tools/lightfm/run_ref.py';
const TELCO = 'test/fixtures/parity/telco-5k';

/** One live LightFM fit (one thread, seed 1, features on): its fit seconds. */
function liveLightfmFit(loss: string, components: number, epochs: number): number {
  const out = execFileSync(
    '/usr/bin/python3',
    [
      RUN_REF,
      TELCO,
      '--loss',
      loss,
      '--components',
      String(components),
      '--epochs',
      String(epochs),
      '--seed',
      '1',
      '--threads',
      '1'
    ],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 24
    }
  );
  return (JSON.parse(out.slice(out.indexOf('{'))) as { fit_seconds: number }).fit_seconds;
}

export async function run(opts: { epochs?: number; port?: number } = {}): Promise<TrainBenchResult> {
  const epochs = opts.epochs ?? 30;
  const reference = JSON.parse(readFileSync('test/fixtures/parity/telco-5k/reference.json', 'utf8')) as {
    cells: ReferenceCell[];
  };
  const live = Boolean(process.env.LIGHTFM_PATH) && existsSync(RUN_REF);
  const referenceTime = (loss: string, components: number) =>
    reference.cells.find((c) => c.loss === loss && c.features && c.components === components)
      ?.fit_seconds_median_1thread ?? NaN;
  const lightfmTime = (loss: string, components: number) =>
    live ? liveLightfmFit(loss, components, epochs) : referenceTime(loss, components);
  const s = await openBuiltSite(opts.port ?? 4191);
  try {
    const { page } = s;
    await openPage(s, '/train');
    await page.waitForSelector('[data-testid="dataset-area"][data-loaded="true"]');
    if (await page.getByTestId('generate-default').isVisible())
      await page.getByTestId('generate-default').click();
    await page.getByTestId('dataset-select').waitFor({ timeout: 120_000 });
    for (const m of ['warp', 'bpr', 'warp-kos', 'hybrid-deep', 'logistic']) {
      await page.getByTestId(`model-${m}`).setChecked(MODELS.some((x) => x.loss === m));
    }
    for (const m of MODELS) {
      await page.getByTestId(`advanced-${m.loss}`).click();
      await page.getByTestId(`param-${m.loss}-epochs`).fill(String(epochs));
      await page.getByTestId(`param-${m.loss}-components`).fill(String(m.components));
      await page.getByTestId(`param-${m.loss}-components`).press('Tab');
    }
    const t0 = Date.now();
    await page.getByTestId('train').click();
    const cards = page.getByTestId('run-card');
    for (let k = 0; k < MODELS.length; k++) {
      await cards
        .nth(k)
        .and(page.locator('[data-status="done"], [data-status="failed"]'))
        .waitFor({ timeout: 1_800_000 });
    }
    const wallS = (Date.now() - t0) / 1000;
    const rows: string[][] = [];
    const models: TrainBenchResult['models'] = [];
    let sumFit = 0,
      sumLightfm = 0,
      backend = '';
    for (let k = 0; k < MODELS.length; k++) {
      const card = cards.nth(k);
      const status = await card.getAttribute('data-status');
      const text = (await card.innerText()).replace(/\s+/g, ' ');
      const fitS = Number(/elapsed ([\d.]+) s/.exec(text)?.[1] ?? NaN);
      const p5 = /P@5 ([\d.]+)/.exec(text)?.[1] ?? '–';
      backend =
        (await card
          .getByTestId('run-backend')
          .getAttribute('data-backend')
          .catch(() => null)) ?? backend;
      const lf = lightfmTime(MODELS[k].lightfm.loss, MODELS[k].lightfm.components);
      sumFit += fitS;
      sumLightfm += lf;
      rows.push([
        MODELS[k].label,
        String(MODELS[k].components),
        status ?? '?',
        p5,
        fitS.toFixed(1),
        lf.toFixed(2),
        (fitS / lf).toFixed(2)
      ]);
      models.push({
        label: MODELS[k].label,
        loss: MODELS[k].loss,
        components: MODELS[k].components,
        status: status ?? '?',
        fitS,
        p5: Number(p5),
        lightfmS: lf
      });
    }
    rows.push([
      'all four (sum of fits)',
      '',
      '',
      '',
      sumFit.toFixed(1),
      sumLightfm.toFixed(2),
      (sumFit / sumLightfm).toFixed(2)
    ]);
    rows.push([
      'all four (wall, in parallel)',
      '',
      '',
      '',
      wallS.toFixed(1),
      sumLightfm.toFixed(2),
      (wallS / sumLightfm).toFixed(2)
    ]);
    return {
      rows,
      wallS,
      sumFitS: sumFit,
      lightfmSumS: sumLightfm,
      backend,
      models,
      lightfmSource: live ? 'live' : 'reference.json'
    };
  } finally {
    await s.close();
  }
}

export function print(r: TrainBenchResult): void {
  const lf =
    r.lightfmSource === 'live' ? 'LightFM run live here after the browser run' : 'LightFM = parity reference';
  console.log(
    `four models side by side in Chromium, backend ${r.backend}, app default dataset (5,000 × 20); ${lf}, telco-5k, 1 thread`
  );
  console.log(
    formatTable(['model', 'components', 'status', 'test P@5', 'our fit s', 'LightFM fit s', 'ratio'], r.rows)
  );
}

/** The `--json` form: one object with the wall time and each model's fit seconds and test P@5. */
export function toJson(r: TrainBenchResult): Record<string, unknown> {
  return {
    wall_seconds: r.wallS,
    sum_fit_seconds: r.sumFitS,
    lightfm_sum_fit_seconds: r.lightfmSumS,
    lightfm_source: r.lightfmSource,
    wall_over_lightfm_sum: r.wallS / r.lightfmSumS,
    backend: r.backend,
    models: r.models.map((m) => ({
      model: m.loss,
      components: m.components,
      status: m.status,
      fit_seconds: m.fitS,
      p_at_5: Number.isFinite(m.p5) ? m.p5 : null,
      lightfm_fit_seconds: m.lightfmS
    }))
  };
}

if (isMain(import.meta.url)) print(await run({ epochs: Number(process.argv[2] ?? 30) }));
