import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { ISOLATION_HEADERS } from './src/lib/cross-origin-isolation';

export default defineConfig({
  plugins: [sveltekit()],
  worker: { format: 'es' },
  // Cross-origin isolated from the first load (the service worker adds the same headers on static hosts).
  server: { fs: { allow: ['workers', 'test'] }, headers: { ...ISOLATION_HEADERS } },
  preview: { headers: { ...ISOLATION_HEADERS } },
  test: {
    include: ['src/**/*.test.ts', 'workers/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // TF.js keeps a global engine: one file per worker process keeps backends isolated.
    pool: 'forks'
  }
});
