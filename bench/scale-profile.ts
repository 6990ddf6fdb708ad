/**
 * Diagnostic (not a benchmark): profiles the Train page's main thread while WARP and BPR train
 * on a generated dataset of N customers (`npx tsx bench/scale-profile.ts N`; needs a build), and
 * the busy stretches (approximate tasks) with their heaviest functions. PROFILE=recommend profiles
 * opening the Recommend page after training instead; EPOCHS (default 3) per model.
 */
import { chooseWarpAndBpr, storeBenchDataset } from './bench-page.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { freePort, startPreview, stopProcessGroup } from './data-browser.ts';
import { observeLongTasks, takeLongTasks } from './longtask-browser.ts';
import { runCardsSettled } from './scale-browser.ts';
import { chromiumLaunch } from '../chromium.config.ts';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

const customers = Number(process.argv[2] ?? 200_000);
const port = await freePort(Number(process.env.BENCH_PORT || 4302));
const server = await startPreview(port);
const base = `http://localhost:${port}`;
const dir = await mkdtemp(join(tmpdir(), 'telco-prof-'));
const ctx = await chromium.launchPersistentContext(dir, {
  ...chromiumLaunch,
  headless: true
});
try {
  await ctx.addInitScript(observeLongTasks);
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  await page.goto(base + '/?bench=1');
  const id = await storeBenchDataset(page, customers);
  // PROFILE=load: from opening the Train page (its load and the dataset's references) on.
  const early = process.env.PROFILE === 'load' ? await ctx.newCDPSession(page) : null;
  if (early) {
    await early.send('Profiler.enable');
    await early.send('Profiler.setSamplingInterval', { interval: 1000 });
    await early.send('Profiler.start');
  }
  await page.goto(base + '/train');
  await page.waitForSelector('html[data-ready="true"]');
  await chooseWarpAndBpr(page, id, { epochs: Number(process.env.EPOCHS ?? 3) });
  await page.waitForTimeout(3000);
  if (!early) await takeLongTasks(page);
  const recommend = process.env.PROFILE === 'recommend';
  const cdp = early ?? (await ctx.newCDPSession(page));
  if (!early) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
    if (!recommend) await cdp.send('Profiler.start');
  }
  const t0 = Date.now();
  await page.getByTestId('train').click();
  await runCardsSettled(page, 3_600_000);
  await page.waitForTimeout(5000);
  if (recommend) {
    await cdp.send('Profiler.start');
    await page.goto(base + '/recommend');
    await page.locator('[data-testid="recommend-setup"][data-loaded="true"]').waitFor({ timeout: 600_000 });
    await page.getByTestId('single-list').getByTestId('plan-card').first().waitFor({ timeout: 600_000 });
    await page.waitForTimeout(3000);
  }
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as {
    profile: { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number };
  };
  const tasks = await takeLongTasks(page);
  console.log(
    `trained in ${(Date.now() - t0) / 1000} s; long tasks (ms):`,
    tasks.tasks.map((t) => Math.round(t.duration)).join(' ')
  );
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((s, k) =>
    self.set(s, (self.get(s) ?? 0) + (profile.timeDeltas[k + 1] ?? 0) / 1000)
  );
  const name = (n: Node) =>
    `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
  // Inclusive time per function name (each stack counts a name once).
  const incl = new Map<string, number>();
  for (const [id, ms] of self) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const nm = name(byId.get(cur)!);
      if (seen.has(nm)) continue;
      seen.add(nm);
      incl.set(nm, (incl.get(nm) ?? 0) + ms);
    }
  }
  const top = [...incl].sort((a, b) => b[1] - a[1]).slice(0, 45);
  for (const [nm, ms] of top) console.log(`${ms.toFixed(0).padStart(7)} ms  ${nm}`);
  // Busy stretches (consecutive samples outside idle) approximate tasks: the longest, by function.
  const idle = new Set(
    profile.nodes.filter((n) => ['(idle)', '(program)'].includes(n.callFrame.functionName)).map((n) => n.id)
  );
  const stretches: { ms: number; samples: number[] }[] = [];
  let cur: { ms: number; samples: number[] } | null = null;
  profile.samples.forEach((sid, k) => {
    const dt = (profile.timeDeltas[k + 1] ?? 0) / 1000;
    if (idle.has(sid)) {
      if (cur) stretches.push(cur);
      cur = null;
      return;
    }
    cur ??= { ms: 0, samples: [] };
    cur.ms += dt;
    cur.samples.push(sid);
  });
  for (const st of stretches.sort((a, b) => b.ms - a.ms).slice(0, 5)) {
    const byName = new Map<string, number>();
    for (const sid of st.samples) {
      const seen = new Set<string>();
      for (let c: number | undefined = sid; c !== undefined; c = parent.get(c)) {
        const nm = name(byId.get(c)!);
        if (seen.has(nm)) continue;
        seen.add(nm);
        byName.set(nm, (byName.get(nm) ?? 0) + 1);
      }
    }
    console.log(`\nbusy stretch ${st.ms.toFixed(0)} ms (${st.samples.length} samples):`);
    for (const [nm, n] of [...byName].sort((a, b) => b[1] - a[1]).slice(2, 22))
      console.log(`  ${String(n).padStart(5)}  ${nm}`);
  }
  const selfTop = [...self].sort((a, b) => b[1] - a[1]).slice(0, 4);
  for (const [id, ms] of selfTop) {
    const chain: string[] = [];
    for (let cur: number | undefined = id; cur !== undefined && chain.length < 14; cur = parent.get(cur))
      chain.push(name(byId.get(cur)!));
    console.log(`\nself ${ms.toFixed(0)} ms:\n  ${chain.join('\n  ')}`);
  }
} finally {
  await ctx.close();
  stopProcessGroup(server);
  await rm(dir, { recursive: true, force: true });
}
