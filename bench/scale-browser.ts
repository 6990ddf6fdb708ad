/**
 * `npm run bench -- --only scale [--json] [--customers N]` (issue 14 §1) — the whole path at
 * scale in ONE headless Chromium tab: the Overview generates the dataset (its 1M preset by
 * default; a size that is no preset goes through the page's `?bench=1` hook), the Train page
 * trains WARP and BPR (10 epochs, default components; BPR is the ensemble's second member),
 * the Recommend page opens, shows another customer, switches to the ensemble and moves its
 * slider five times, and Analytics draws every chart.
 *
 * Measured: the tab renderer's peak RSS (the page and its dedicated workers live in it;
 * sampled with `ps` every 250 ms, as bench/data-browser.ts does), the longest main-thread task
 * of each step (PerformanceObserver 'longtask', as bench/longtask-browser.ts does), the
 * generation and training wall times, WARP's test P@5 from its run card and the popularity
 * ranking's test P@5 from the Overview's ceilings table on the same split.
 * It builds nothing: `npm run bench` builds first. BENCH_PORT (default 4224) serves build/.
 */
import { chooseWarpAndBpr, storeBenchDataset } from './bench-page.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { analyticsDrawn } from './analytics-drawn.ts';
import { freePort, peakMB, rssSampler, startPreview, stopProcessGroup, tabRenderer } from './data-browser.ts';
import { drawsIn, observeLongTasks, takeLongTasks } from './longtask-browser.ts';
import { isMain } from './table.ts';
import { chromiumLaunch } from '../chromium.config.ts';

/** Waits until the Train page shows two or more run cards, every one done or failed. */
export async function runCardsSettled(page: Page, timeout: number): Promise<void> {
  await page.waitForFunction(
    () => {
      const cards = [...document.querySelectorAll('[data-testid="run-card"]')];
      return (
        cards.length >= 2 &&
        cards.every((c) => ['done', 'failed'].includes(c.getAttribute('data-status') ?? ''))
      );
    },
    undefined,
    { timeout, polling: 1000 }
  );
}

const LONG = 60 * 60_000;
/** Every wait after training: a step that hangs is reported as failed, not waited on for an hour. */
const STEP_TIMEOUT = 10 * 60_000;
const PRESETS = [5_000, 50_000, 1_000_000];

export interface ScaleStep {
  step: string;
  error: string | null;
  wall_seconds: number;
  longest_task_ms: number;
  long_tasks: number;
  /** The step's three longest tasks: ms, when (s since its page loaded), charts drawn in them. */
  longest_tasks: string[];
  peak_rss_mb: number;
}

export interface ScaleResult {
  customers: number;
  generate_seconds: number;
  train_seconds: number;
  warp_fit_seconds: number;
  peak_rss_mb: number;
  longest_main_thread_task_ms: number;
  test_precision_at_5: number;
  popularity_precision_at_5: number;
  warp_beats_popularity: boolean;
  split: string;
  /** What WARP's test P@5 was measured on (its run card: a seeded sample with its interval, or every test customer). */
  evaluation: string;
  /** What the ensemble's metrics were measured on (the Recommend page's label), when one was offered. */
  ensemble_evaluation: string | null;
  /** What the Recommend page's re-ranking sweep was measured on (its label), when it ran. */
  rerank_evaluation: string | null;
  load_average_at_start: number[];
  steps: ScaleStep[];
  budgets: { peak_rss_mb: number; longest_main_thread_task_ms: number };
  /** Whether every step ran; `error` names the step that failed and why. */
  completed: boolean;
  error: string | null;
}

const STEP_NAMES = [
  'Overview: generate and store',
  'Train: WARP + BPR, 10 epochs',
  'Recommend: open (model, re-ranking sweep)',
  'Recommend: another customer',
  'Recommend: ensemble mode',
  'Recommend: five ensemble slider moves',
  'Analytics: every chart drawn'
];

/** The popularity ranking's P@5 in the Overview's ceilings table of one split kind. */
async function popularityP5(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const out: Record<string, number> = {};
    for (const t of document.querySelectorAll('table[data-split]')) {
      const heads = [...t.querySelectorAll('thead th')].map((h) => h.textContent?.trim());
      const col = heads.indexOf('Precision@5');
      const row = t.querySelector('tr[data-ranker="popularity"]');
      if (col < 0 || !row) continue;
      const cell = row.children[col]?.textContent ?? '';
      out[t.getAttribute('data-split') ?? '?'] = Number(cell);
    }
    return out;
  });
}

async function openPage(page: Page, base: string, path: string): Promise<void> {
  await page.goto(base + path);
  await page.waitForSelector('html[data-ready="true"]', { timeout: LONG });
}

async function generate(page: Page, base: string, customers: number): Promise<string> {
  if (PRESETS.includes(customers)) {
    await openPage(page, base, '/');
    await page.getByTestId('generate-preset').selectOption(String(customers));
    await page.getByTestId('generate').click();
    await page.getByTestId('generate-progress').waitFor({ state: 'detached', timeout: LONG });
    const shown = await page.getByTestId('summary-customers').innerText({ timeout: LONG });
    if (Number(shown.replace(/,/g, '')) !== customers)
      throw new Error(`the Overview shows ${shown} customers, expected ${customers}`);
    return (await page.getByTestId('current-dataset').getAttribute('data-id')) ?? '';
  }
  await openPage(page, base, '/?bench=1');
  const id = await storeBenchDataset(page, customers);
  await openPage(page, base, '/'); // its ceilings table carries the popularity P@5
  return id;
}

async function train(
  page: Page,
  base: string,
  id: string
): Promise<{ warpFitS: number; p5: number; split: string; evaluation: string }> {
  await openPage(page, base, '/train');
  await chooseWarpAndBpr(page, id, { epochs: 10, timeout: LONG });
  const split = (await page.getByTestId('train-split').innerText()).trim();
  await page.getByTestId('train').click();
  await page.getByTestId('run-card').nth(1).waitFor({ timeout: LONG });
  await runCardsSettled(page, LONG);
  const card = page.locator('[data-testid="run-card"]', { hasText: 'WARP' }).first();
  const text = (await card.innerText()).replace(/\s+/g, ' ');
  if ((await card.getAttribute('data-status')) !== 'done') throw new Error(`WARP did not finish: ${text}`);
  const sample = card.getByTestId('run-eval-sample');
  return {
    warpFitS: Number(/elapsed ([\d.]+) s/.exec(text)?.[1] ?? NaN),
    p5: Number(/P@5 ([\d.]+)/.exec(text)?.[1] ?? NaN),
    split,
    evaluation: (await sample.count()) ? (await sample.innerText()).trim() : 'every test customer'
  };
}

export async function run(
  opts: { customers?: number; log?: (l: string) => void } = {}
): Promise<ScaleResult> {
  const customers = opts.customers ?? 1_000_000;
  const log = opts.log ?? ((l: string) => console.error(l));
  const loadavg = (await import('node:os')).loadavg().map((x) => Number(x.toFixed(2)));
  const port = await freePort(Number(process.env.BENCH_PORT || 4224));
  const server = await startPreview(port);
  const base = `http://localhost:${port}`;
  const userDataDir = await mkdtemp(join(tmpdir(), 'telco-scale-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    ...chromiumLaunch,
    headless: true
  });
  const sampler = rssSampler(userDataDir);
  const marks: Array<{
    step: string;
    t0: number;
    t1: number;
    tasks: number[];
    longest: string[];
    error: string | null;
  }> = [];
  try {
    await context.addInitScript(observeLongTasks);
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('crash', () => log('the tab CRASHED (renderer gone: out of memory?)'));
    page.on('pageerror', (e) => log(`page error: ${e.message}`));
    /** Runs one measured step; a failure is recorded on the step (and ends the path when `fatal`). */
    const step = async <T>(name: string, action: () => Promise<T>, fatal = false): Promise<T | undefined> => {
      log(`${customers.toLocaleString('en')}: ${name}…`);
      await takeLongTasks(page).catch(() => undefined);
      const t0 = Date.now();
      let value: T | undefined;
      let error: string | null = null;
      try {
        value = await action();
      } catch (e) {
        error = e instanceof Error ? e.message.split('\n')[0] : String(e);
        log(`FAILED ${name}: ${error}`);
      }
      const t1 = Date.now();
      await page.waitForTimeout(300).catch(() => undefined); // a task still running reports at its end
      const taken = await takeLongTasks(page).catch(() => ({ tasks: [], draws: [] }));
      const longest = [...taken.tasks]
        .sort((a, b) => b.duration - a.duration)
        .slice(0, 3)
        .map((t) =>
          `${t.duration.toFixed(0)} ms at ${(t.start / 1000).toFixed(1)} s ${drawsIn(t, taken.draws)}`.trim()
        );
      marks.push({ step: name, t0, t1, tasks: taken.tasks.map((t) => t.duration), longest, error });
      if (error !== null && fatal) throw new Error(`${name}: ${error}`);
      return value;
    };
    // Navigations inside a step lose the old document's unread entries; each page's own work is
    // read before leaving it, so a step's tasks are those of the page it ends on.
    let id = '';
    let pop: Record<string, number> = {};
    let trained = { warpFitS: NaN, p5: NaN, split: '', evaluation: '' };
    let ensembleEvaluation: string | null = null;
    let rerankEvaluation: string | null = null;
    // A step that fails (a crashed tab, a timeout) ends the path; what ran so far is still reported.
    let failure: string | null = null;
    try {
      id = (await step(STEP_NAMES[0], () => generate(page, base, customers), true)) ?? '';
      pop = await popularityP5(page);
      trained = (await step(STEP_NAMES[1], () => train(page, base, id), true)) ?? trained;
      await step(STEP_NAMES[2], async () => {
        await openPage(page, base, '/recommend');
        await page
          .locator('[data-testid="recommend-setup"][data-loaded="true"]')
          .waitFor({ timeout: STEP_TIMEOUT });
        await page
          .getByTestId('single-list')
          .getByTestId('plan-card')
          .first()
          .waitFor({ timeout: STEP_TIMEOUT });
        // The step includes the re-ranking sweep (in the recommend worker).
        await page.getByTestId('rerank-result').waitFor({ timeout: STEP_TIMEOUT });
        const label = page.getByTestId('rerank-sample');
        rerankEvaluation = (await label.count()) ? (await label.innerText()).trim() : 'every customer';
      });
      await step(STEP_NAMES[3], async () => {
        await page.getByTestId('customer-select').selectOption({ index: 3 });
        await page
          .getByTestId('single-list')
          .getByTestId('plan-card')
          .first()
          .waitFor({ timeout: STEP_TIMEOUT });
      });
      await step(STEP_NAMES[4], async () => {
        await page.getByTestId('mode-ensemble').check();
        await page
          .locator('[data-testid="ensemble-metrics"], [data-testid="no-ensemble"]')
          .first()
          .waitFor({ timeout: STEP_TIMEOUT });
        if (await page.getByTestId('no-ensemble').isVisible())
          throw new Error(`no ensemble offered: ${await page.getByTestId('no-ensemble').innerText()}`);
        const label = page.getByTestId('ensemble-sample');
        ensembleEvaluation = (await label.count()) ? (await label.innerText()).trim() : 'every customer';
      });
      await step(STEP_NAMES[5], async () => {
        const moves = Number(await page.getByTestId('ensemble-metrics').getAttribute('data-moves'));
        await page.getByTestId('ensemble-weight').first().focus();
        for (let k = 0; k < 5; k++) await page.keyboard.press('ArrowLeft');
        await page
          .locator(`[data-testid="ensemble-metrics"][data-moves="${moves + 5}"]`)
          .waitFor({ timeout: STEP_TIMEOUT });
      });
      await step(STEP_NAMES[6], async () => {
        await openPage(page, base, '/analytics');
        await analyticsDrawn(page, STEP_TIMEOUT, 1000);
      });
    } catch {
      /* a fatal step failed: recorded on it */
    }
    const failed = marks.filter((m) => m.error !== null);
    failure = failed.length ? failed.map((m) => `${m.step}: ${m.error}`).join('; ') : null;
    const samples = await sampler.stop();
    const pid = tabRenderer(samples);
    const steps: ScaleStep[] = marks.map((m) => ({
      step: m.step,
      error: m.error,
      wall_seconds: (m.t1 - m.t0) / 1000,
      longest_task_ms: Math.max(0, ...m.tasks),
      long_tasks: m.tasks.length,
      longest_tasks: m.longest,
      peak_rss_mb: Math.round(peakMB(samples, pid, m.t0, m.t1 + 300))
    }));
    const splitKind = /latest adoption/.test(trained.split)
      ? 'temporal'
      : /held-out customers/.test(trained.split)
        ? 'cold_start'
        : 'random';
    const popularity = pop[splitKind] ?? NaN;
    return {
      customers,
      generate_seconds: steps[0]?.wall_seconds ?? NaN,
      train_seconds: steps[1]?.wall_seconds ?? NaN,
      warp_fit_seconds: trained.warpFitS,
      peak_rss_mb: Math.round(peakMB(samples, pid)),
      longest_main_thread_task_ms: Math.max(0, ...steps.map((s) => s.longest_task_ms)),
      test_precision_at_5: trained.p5,
      popularity_precision_at_5: popularity,
      warp_beats_popularity: trained.p5 > popularity,
      split: trained.split,
      evaluation: trained.evaluation,
      ensemble_evaluation: ensembleEvaluation,
      rerank_evaluation: rerankEvaluation,
      load_average_at_start: loadavg,
      steps,
      budgets: { peak_rss_mb: 2048, longest_main_thread_task_ms: 200 },
      completed: failure === null,
      error: failure
    };
  } finally {
    await sampler.stop().catch(() => undefined);
    await context.close().catch(() => undefined);
    stopProcessGroup(server);
    await rm(userDataDir, { recursive: true, force: true }).catch(() => undefined);
  }
}

export function print(r: ScaleResult): void {
  console.log(`Scale path, ${r.customers.toLocaleString('en')} customers, one headless Chromium tab`);
  for (const s of r.steps)
    console.log(
      `  ${s.step.padEnd(44)} ${s.wall_seconds.toFixed(1).padStart(7)} s  longest task ${s.longest_task_ms.toFixed(0).padStart(5)} ms  peak RSS ${s.peak_rss_mb} MB`
    );
  console.log(
    `peak RSS ${r.peak_rss_mb} MB (budget 2048), longest task ${r.longest_main_thread_task_ms.toFixed(0)} ms (budget 200), WARP P@5 ${r.test_precision_at_5} vs popularity ${r.popularity_precision_at_5}`
  );
}

if (isMain(import.meta.url)) print(await run({ customers: Number(process.argv[2] ?? 1_000_000) }));
