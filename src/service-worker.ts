/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// Precaches the whole build (pages, JS, CSS, static files incl. the WASM binaries) so that after
// one visit the app loads and trains with the network off. Cache-first for our own files.
// Every response it serves carries COOP/COEP (cross-origin-isolation.ts): training's shared memory needs them.
import { build, files, prerendered, version } from '$service-worker';
import { withIsolationHeaders } from '$lib/cross-origin-isolation';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `telco-lab-${version}`;
const ASSETS = [...new Set([...build, ...files, ...prerendered])];

sw.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(ASSETS))
      .then(() => sw.skipWaiting())
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await sw.clients.claim();
    })()
  );
});

sw.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== sw.location.origin) return;
  event.respondWith(serve(req, url).then(withIsolationHeaders));
});

/** Cache first; the network for what is not cached (then cached); offline navigations get the app shell. */
async function serve(req: Request, url: URL): Promise<Response> {
  const cache = await caches.open(CACHE);
  // Prerendered pages are cached under their path; "/train/" and "/train" are the same page.
  const key = ASSETS.includes(url.pathname) ? url.pathname : url.pathname.replace(/\/$/, '') || '/';
  const hit = (await cache.match(key)) ?? (await cache.match(req));
  if (hit) return hit;
  try {
    const res = await fetch(req);
    if (res.ok && res.type === 'basic') cache.put(req, res.clone());
    return res;
  } catch (err) {
    const fallback = await cache.match('/');
    if (fallback && req.mode === 'navigate') return fallback;
    throw err;
  }
}
