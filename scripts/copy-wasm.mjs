// Copies TF.js's WASM binaries into static/tfjs/ so they are served from our own origin and
// land in the service worker's precache list (Vite's build list does not include them).
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
const out = new URL('../static/tfjs/', import.meta.url).pathname;
mkdirSync(out, { recursive: true });
// The threaded build is never used: it hangs without cross-origin isolation (browser-stack.md).
for (const file of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm']) {
  copyFileSync(join(dist, file), join(out, file));
}
