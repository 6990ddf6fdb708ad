/**
 * Shared harness for in-browser benchmarks: serves the built site with `vite preview` on its own
 * port and opens it in headless Chromium (Debian's by default, CHROMIUM_PATH to override;
 * CHROMIUM_ARGS adds launch flags, space-separated).
 * Expects `npm run build` to have run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumLaunch } from '../chromium.config.ts';

export interface BrowserSession {
  page: Page;
  browser: Browser;
  baseUrl: string;
  close(): Promise<void>;
}

async function waitForServer(url: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`preview server did not answer at ${url} within ${timeoutMs} ms`);
}

export async function openBuiltSite(port: number): Promise<BrowserSession> {
  if (!existsSync('build/index.html')) throw new Error('no build/ folder: run `npm run build` first');
  const server: ChildProcess = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], {
    stdio: 'ignore',
    detached: true
  });
  const baseUrl = `http://localhost:${port}`;
  await waitForServer(baseUrl, 30_000);
  const browser = await chromium.launch({
    ...chromiumLaunch
  });
  const page = await browser.newPage();
  return {
    page,
    browser,
    baseUrl,
    close: async () => {
      await browser.close();
      if (server.pid) process.kill(-server.pid);
    }
  };
}

/** Navigates and waits for hydration (the layout sets html[data-ready]). */
export async function openPage(s: BrowserSession, path: string): Promise<void> {
  await s.page.goto(s.baseUrl + path);
  await s.page.waitForSelector('html[data-ready="true"]');
}
