import { defineConfig } from '@playwright/test';
import { chromiumLaunch } from './chromium.config.ts';

const port = Number(process.env.E2E_PORT || 4173);
// E2E_BASE_URL points the specs at a server you already run (e.g. `npx vite dev --port 5180`);
// without it they build nothing themselves and serve the existing build with vite preview.
const external = process.env.E2E_BASE_URL;

export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: external ?? `http://localhost:${port}`,
    trace: 'off',
    launchOptions: chromiumLaunch
  },
  webServer: external
    ? undefined
    : {
        // The build runs in `npm test` before this; preview serves it (restart after every rebuild).
        command: `npx vite preview --port ${port} --strictPort`,
        url: `http://localhost:${port}`,
        reuseExistingServer: false,
        timeout: 60_000
      }
});
