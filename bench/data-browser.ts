/**
 * `npx tsx bench/data-browser.ts [5k,50k,1M]` — the data layer in a real browser tab: for each
 * preset, the data worker generates the dataset (ceilings included), saves it to IndexedDB,
 * reads it back and builds every feature group, timing each phase inside the worker.
 * Prints a table; `run()` returns the rows for a combined bench runner. Not a timed test.
 *
 * It builds nothing: run `npm run build` first. It serves build/ with `vite preview` on a free
 * port (BENCH_PORT, default 4183; or point BENCH_BASE_URL at a server you run) and drives
 * Chromium (CHROMIUM_PATH, default /usr/bin/chromium) headless, with the flags of
 * playwright.config.ts, through the page's `?bench=1` hook (window.__bench, src/routes/+page.svelte).
 *
 * Memory: Chromium exposes performance.memory only to windows, and measureUserAgentSpecificMemory
 * needs cross-origin isolation, so the peak is the resident set size (RSS) of the tab's renderer
 * process (the page and its dedicated worker live in it; the typed-array columns are outside the
 * JS heap anyway), sampled from Node with `ps` every 250 ms and matched to the worker's phase
 * timestamps. The worker's JS heap peak is added if a Chromium ever exposes performance.memory there.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTable, isMain } from './table.ts';
import type { DataBenchResult } from '../workers/data-bench.ts';
import { promisify } from 'node:util';
import { chromium, type BrowserContext } from '@playwright/test';
import { chromiumLaunch } from '../chromium.config.ts';

const execFileP = promisify(execFile);
const MB = 1024 * 1024;

/** The generator's presets (src/lib/core/data/generator.ts PRESETS), by id. */
export const BROWSER_PRESETS = [
  { id: '5k', customers: 5_000 },
  { id: '50k', customers: 50_000 },
  { id: '1M', customers: 1_000_000 }
] as const;

type Phase = 'generate' | 'save' | 'read' | 'features';
const PHASES: Phase[] = ['generate', 'save', 'read', 'features'];

/** What window.__bench.run returns. */
type PageBenchResult = DataBenchResult;

export interface Row {
  preset: string;
  customers: number;
  adoptions: number;
  /** Generation incl. the ceilings of the three standard splits, s. */
  generateS: number;
  /** IndexedDB save (summary, columns, one transaction), s. */
  saveS: number;
  /** IndexedDB read back into a dataset, s. */
  readS: number;
  /** All feature groups → CSR matrices, s. */
  featuresS: number;
  userNnz: number;
  storedMB: number;
  /** RSS of the tab's renderer process (page + data worker) when the run starts, MB. */
  rssBeforeMB: number;
  /** Peak RSS of the tab's renderer over the whole run, MB. */
  peakRssMB: number;
  /** Peak RSS of the tab's renderer within each phase, MB. */
  peakRssByPhaseMB: Record<Phase, number>;
  /** Worker performance.memory peak, MB (null: not exposed to workers). */
  workerHeapPeakMB: number | null;
  memorySource: string;
}

export async function freePort(preferred: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const srv = createServer();
      srv.once('error', reject);
      srv.listen(port, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
  return tryPort(preferred).catch(() => tryPort(0));
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > until)
      throw new Error(`${url} did not answer within ${timeoutMs / 1000} s: did you run \`npm run build\`?`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

export async function startPreview(port: number): Promise<ChildProcess> {
  // The repository root (this file's parent folder), whatever the caller's working directory.
  const root = fileURLToPath(new URL('..', import.meta.url));
  const child = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`vite preview exited (${code}): ${output}`)))
  );
  await Promise.race([waitForHttp(`http://localhost:${port}/`, 60_000), exited]);
  return child;
}

export function stopProcessGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM'); // npx → vite: the group this script started
  } catch {
    child.kill('SIGTERM');
  }
}

type Sample = { t: number; byPid: Map<number, number> };

/** Samples the RSS (KB) of each renderer process of the browser using `userDataDir`. */
export function rssSampler(userDataDir: string, everyMs = 250) {
  const samples: Sample[] = [];
  let stopped = false;
  const sampleOnce = async (): Promise<Sample> => {
    const { stdout } = await execFileP('ps', ['-eo', 'pid=,rss=,args='], { maxBuffer: 16 * MB });
    const byPid = new Map<number, number>();
    for (const line of stdout.split('\n')) {
      if (!line.includes('--type=renderer') || !line.includes(`--user-data-dir=${userDataDir}`)) continue;
      const [pid, rss] = line.trim().split(/\s+/, 2).map(Number);
      byPid.set(pid, rss);
    }
    return { t: Date.now(), byPid };
  };
  const loop = (async () => {
    while (!stopped) {
      const t = Date.now();
      samples.push(await sampleOnce().catch(() => ({ t, byPid: new Map<number, number>() })));
      await new Promise((r) => setTimeout(r, Math.max(0, everyMs - (Date.now() - t))));
    }
  })();
  return {
    sampleOnce,
    async stop() {
      stopped = true;
      await loop;
      return samples;
    }
  };
}

/**
 * The tab's renderer is the one whose RSS peaks highest during the run (it hosts the page and
 * its dedicated data worker); other renderers (spare, about:blank) stay near 80–120 MB.
 */
export function tabRenderer(samples: Sample[]): number | undefined {
  let best: number | undefined,
    max = -1;
  for (const s of samples) {
    for (const [pid, kb] of s.byPid) {
      if (kb > max) {
        max = kb;
        best = pid;
      }
    }
  }
  return best;
}
export const peakMB = (samples: Sample[], pid: number | undefined, from = -Infinity, to = Infinity) =>
  pid === undefined
    ? 0
    : samples
        .filter((s) => s.t >= from && s.t <= to)
        .reduce((m, s) => Math.max(m, s.byPid.get(pid) ?? 0), 0) / 1024;

export async function run(opts: { presets?: string[]; log?: (line: string) => void } = {}): Promise<Row[]> {
  const log = opts.log ?? ((l: string) => console.error(l));
  const wanted = opts.presets ?? BROWSER_PRESETS.map((p) => p.id);
  const unknown = wanted.filter((id) => !BROWSER_PRESETS.some((p) => p.id === id));
  if (unknown.length)
    throw new Error(
      `unknown preset ${unknown.join(', ')}: use ${BROWSER_PRESETS.map((p) => p.id).join(', ')}`
    );
  let server: ChildProcess | undefined;
  let base = process.env.BENCH_BASE_URL;
  if (!base) {
    const port = await freePort(Number(process.env.BENCH_PORT || 4183));
    log(`serving build/ with vite preview on port ${port}`);
    server = await startPreview(port);
    base = `http://localhost:${port}`;
  }
  const userDataDir = await mkdtemp(join(tmpdir(), 'telco-bench-chromium-'));
  let context: BrowserContext | undefined;
  const rows: Row[] = [];
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      ...chromiumLaunch,
      headless: true
    });
    for (const preset of BROWSER_PRESETS.filter((p) => wanted.includes(p.id))) {
      // A fresh tab per preset; all of a preset runs in that one tab.
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      for (const other of context.pages()) if (other !== page) await other.close(); // the initial about:blank
      await page.goto(`${base}/?bench=1`);
      await page.waitForFunction(
        () =>
          document.documentElement.dataset.ready === 'true' && 'window' in globalThis && '__bench' in window,
        null,
        { timeout: 60_000 }
      );
      await page.waitForTimeout(500);
      const sampler = rssSampler(userDataDir);
      log(`${preset.id}: generating ${preset.customers.toLocaleString('en')} customers in the data worker…`);
      let result: PageBenchResult;
      try {
        result = await page.evaluate(
          (n) =>
            (window as unknown as { __bench: { run: (n: number) => Promise<PageBenchResult> } }).__bench.run(
              n
            ),
          preset.customers
        );
      } catch (e) {
        await sampler.stop();
        throw new Error(
          `${preset.id} failed in the browser: ${e instanceof Error ? e.message : String(e)} ${pageErrors.join('; ')}`,
          { cause: e }
        );
      }
      const samples = await sampler.stop();
      const pid = tabRenderer(samples);
      const byPhase = Object.fromEntries(
        PHASES.map((ph) => {
          const m = result.marks.find((x) => x.phase === ph);
          return [ph, m ? peakMB(samples, pid, m.start - 300, m.end + 300) : 0];
        })
      ) as Record<Phase, number>;
      const rssBeforeMB =
        pid === undefined ? 0 : (samples.find((s) => s.byPid.has(pid))?.byPid.get(pid) ?? 0) / 1024;
      await page.evaluate(
        (id) =>
          (window as unknown as { __bench: { remove: (id: string) => Promise<void> } }).__bench.remove(id),
        result.id
      );
      await page.close();
      const row: Row = {
        preset: preset.id,
        customers: preset.customers,
        adoptions: result.adoptions,
        generateS: result.generateMs / 1000,
        saveS: result.saveMs / 1000,
        readS: result.readMs / 1000,
        featuresS: result.featuresMs / 1000,
        userNnz: result.userNnz,
        storedMB: result.storedBytes / MB,
        rssBeforeMB,
        peakRssMB: peakMB(samples, pid),
        peakRssByPhaseMB: byPhase,
        workerHeapPeakMB: result.workerHeapPeakBytes === null ? null : result.workerHeapPeakBytes / MB,
        memorySource:
          result.workerHeapPeakBytes === null
            ? "RSS of the tab's renderer process (ps)"
            : "RSS of the tab's renderer process (ps) + worker performance.memory"
      };
      rows.push(row);
      log(`${preset.id}: done (${(row.generateS + row.saveS + row.readS + row.featuresS).toFixed(1)} s)`);
    }
  } finally {
    await context?.close().catch(() => undefined);
    if (server) stopProcessGroup(server);
    await rm(userDataDir, { recursive: true, force: true }).catch(() => undefined);
  }
  return rows;
}

export function formatRows(rows: Row[]): string {
  const head = [
    'preset',
    'customers',
    'adoptions',
    'generate s',
    'features s',
    'IDB save s',
    'IDB read s',
    'stored MB',
    'user nnz',
    'tab RSS before MB',
    'tab peak RSS MB',
    'peak RSS gen/save/read/feat MB'
  ];
  const heap = rows.some((r) => r.workerHeapPeakMB !== null);
  if (heap) head.push('worker heap peak MB');
  const body = rows.map((r) => [
    r.preset,
    r.customers.toLocaleString('en'),
    r.adoptions.toLocaleString('en'),
    r.generateS.toFixed(2),
    r.featuresS.toFixed(2),
    r.saveS.toFixed(2),
    r.readS.toFixed(2),
    r.storedMB.toFixed(0),
    r.userNnz.toLocaleString('en'),
    r.rssBeforeMB.toFixed(0),
    r.peakRssMB.toFixed(0),
    PHASES.map((p) => r.peakRssByPhaseMB[p].toFixed(0)).join(' / '),
    ...(heap ? [r.workerHeapPeakMB === null ? 'n/a' : r.workerHeapPeakMB.toFixed(0)] : [])
  ]);
  const source = rows[0]?.memorySource ?? "RSS of the tab's renderer process (ps)";
  return [
    formatTable(head, body),
    '',
    `Browser: Chromium headless, one tab per preset, work in the data worker. Times measured in the worker (performance.now).`,
    `Memory: ${source}, sampled every 250 ms; the renderer hosts the page and its dedicated data worker.`,
    `(performance.memory is not exposed to workers and measureUserAgentSpecificMemory needs cross-origin isolation.)`
  ].join('\n');
}

if (isMain(import.meta.url)) {
  const arg = process.argv[2];
  const presets = arg ? arg.split(',') : undefined;
  run({ presets }).then(
    (rows) => console.log(formatRows(rows)),
    (err) => {
      console.error(err);
      process.exit(1);
    }
  );
}
