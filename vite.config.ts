import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';
import { ISOLATION_HEADERS } from './src/lib/cross-origin-isolation.ts';

// Cross-origin isolated from the first load in `vite dev` and `vite preview` (npm start, e2e):
// SvelteKit serves the pages itself, so `server.headers` / `preview.headers` do not reach them;
// a middleware ahead of it does. On static hosts the service worker adds the same headers.
const crossOriginIsolation: Plugin = {
  name: 'cross-origin-isolation',
  configureServer: (server) => void server.middlewares.use(isolate),
  configurePreviewServer: (server) => void server.middlewares.use(isolate)
};

function isolate(
  _req: unknown,
  res: { setHeader(name: string, value: string): void },
  next: () => void
): void {
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) res.setHeader(name, value);
  next();
}

export default defineConfig({
  plugins: [crossOriginIsolation, sveltekit()],
  worker: { format: 'es' },
  server: { fs: { allow: ['workers', 'test'] } },
  test: {
    include: ['src/**/*.test.ts', 'workers/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // TF.js keeps a global engine: one file per worker process keeps backends isolated.
    pool: 'forks'
  }
});
