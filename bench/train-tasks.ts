/**
 * Diagnostic (not a benchmark): every main-thread task of the Train page over 50 ms of thread
 * CPU while WARP and BPR train on N generated customers (`npx tsx bench/train-tasks.ts N`;
 * needs a build), from the page's load on, with each task's wall and CPU time and its longest
 * parts (script runs by file, GC, layout, chart draws). EPOCHS (default 3) per model.
 * PAGE=recommend or analytics: the tasks of opening that page after training instead; PAGE=all:
 * the Train page, then opening Recommend, then Analytics, each traced and printed apart. MIN_MS
 * (default 50): the CPU time from which a task is listed.
 */
import { chooseWarpAndBpr, storeBenchDataset } from './bench-page.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { freePort, startPreview, stopProcessGroup } from './data-browser.ts';
import { runCardsSettled } from './scale-browser.ts';
import { analyticsDrawn } from './analytics-drawn.ts';
import { drawsIn, eventsInside, mainThreadTasks, type TraceEvent } from './task-cpu.ts';
import { chromiumLaunch } from '../chromium.config.ts';

const customers = Number(process.argv[2] ?? 20_000);
const minCpuMs = Number(process.env.MIN_MS ?? 50);
/** Which page to trace: train (default), recommend, analytics or all. */
const which = process.env.PAGE ?? 'train';
/** Prints every main-thread task over MIN_MS of CPU (or 200 ms of wall time) with its longest parts. */
function report(events: TraceEvent[]): void {
  const tasks = mainThreadTasks(events)
    .filter((e) => (e.tdur ?? 0) / 1000 >= minCpuMs || (e.dur ?? 0) / 1000 >= 200)
    .sort((a, b) => a.ts - b.ts);
  const first = tasks[0]?.ts ?? 0;
  for (const t of tasks) {
    const end = t.ts + (t.dur ?? 0);
    const { inside, cpu } = eventsInside(events, t, 3);
    const draws = drawsIn(events, t);
    if (process.env.ARGS)
      for (const e of events)
        if (e.name === 'ResourceSendRequest' && e.ts > t.ts - 2e6 && e.ts < end)
          console.log(
            `    req +${((e.ts - t.ts) / 1000).toFixed(0)} ms ${(e.args?.data as { url?: string })?.url}`
          );
    const parts = inside
      .sort((a, b) => cpu(b) - cpu(a))
      .slice(0, 8)
      .map((e) => {
        const d = e.args?.data;
        const where = d?.url ? ` ${d.url.split('/').pop()}` : '';
        const fn = d?.functionName ? ` ${d.functionName}` : '';
        if (process.env.ARGS) return `${e.name} ${JSON.stringify(e.args).slice(0, 160)} ${cpu(e).toFixed(0)}`;
        return `${e.name}${fn}${where} ${cpu(e).toFixed(0)}`;
      });
    console.log(
      `+${((t.ts - first) / 1e6).toFixed(1)} s  wall ${((t.dur ?? 0) / 1000).toFixed(0)} ms  cpu ${((t.tdur ?? 0) / 1000).toFixed(0)} ms` +
        (draws.length ? `  draws: ${draws.join(', ')}` : '') +
        `\n    ${parts.join('\n    ')}`
    );
  }
}

const port = await freePort(Number(process.env.BENCH_PORT || 4302));
const server = await startPreview(port);
const base = `http://localhost:${port}`;
const dir = await mkdtemp(join(tmpdir(), 'telco-tasks-'));
const ctx = await chromium.launchPersistentContext(dir, { ...chromiumLaunch, headless: true });
const browser = ctx.browser();
try {
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  await page.goto(base + '/?bench=1');
  const id = await storeBenchDataset(page, customers);
  const cdp = await ctx.newCDPSession(page);
  let events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...(d.value as unknown as TraceEvent[])));
  /** Traces `action` and prints its page's main-thread tasks over MIN_MS of CPU. */
  const traced = async (label: string, on: boolean, action: () => Promise<void>) => {
    if (!on) return action();
    events = [];
    const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.start', {
      categories: 'disabled-by-default-devtools.timeline,devtools.timeline,blink.user_timing,v8',
      transferMode: 'ReportEvents'
    });
    await action();
    await cdp.send('Tracing.end');
    await done;
    console.log(`== ${label}`);
    report(events);
  };
  await traced('Train page (load, train)', which === 'train' || which === 'all', async () => {
    await page.goto(base + '/train');
    await page.waitForSelector('html[data-ready="true"]');
    await chooseWarpAndBpr(page, id, { epochs: Number(process.env.EPOCHS ?? 3) });
    await page.waitForTimeout(2000);
    const t0 = Date.now();
    await page.getByTestId('train').click();
    await runCardsSettled(page, 3_600_000);
    console.log(`trained in ${(Date.now() - t0) / 1000} s`);
    await page.waitForTimeout(4000);
  });
  await traced('Recommend page (open)', which === 'recommend' || which === 'all', async () => {
    await page.goto(base + '/recommend');
    await page.locator('[data-testid="recommend-setup"][data-loaded="true"]').waitFor({ timeout: 600_000 });
    await page.getByTestId('single-list').getByTestId('plan-card').first().waitFor({ timeout: 600_000 });
    await page.waitForTimeout(3000);
  });
  await traced('Analytics page (open, every chart)', which === 'analytics' || which === 'all', async () => {
    await page.goto(base + '/analytics');
    await analyticsDrawn(page, 600_000);
    await page.waitForTimeout(3000);
  });
} finally {
  await ctx.close();
  void browser;
  stopProcessGroup(server);
  await rm(dir, { recursive: true, force: true });
}
