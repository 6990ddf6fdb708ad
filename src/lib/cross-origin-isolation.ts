/**
 * Cross-origin isolation (COOP + COEP), which SharedArrayBuffer — and so the batch-parallel
 * training step's shared memory — needs. A static host cannot be relied on to send headers, so
 * the service worker adds them to every response it serves (the coi-serviceworker pattern): the
 * first visit registers it, one reload later the page is isolated, offline too. `vite dev` and
 * `vite preview` (vite.config.ts) send them from the first load.
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp'
};

/** `res` with the isolation headers (a copy; opaque responses have no headers to set and pass as they are). */
export function withIsolationHeaders(res: Response): Response {
  if (res.type === 'opaque' || res.type === 'opaqueredirect' || res.status === 0) return res;
  const headers = new Headers(res.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}

/** The sessionStorage key that allows one isolating reload per tab session. */
const RELOADED = 'telco-lab:isolation-reload';

/**
 * On a page that is not isolated, reloads once when the service worker takes control (its
 * responses carry the headers), or at once when it already controls this load. One reload per
 * tab session: where isolation cannot be had (an old browser, a private window without service
 * workers), the app keeps working on one core and says so.
 */
export function reloadOnceForIsolation(): void {
  if (globalThis.crossOriginIsolated || !('serviceWorker' in navigator)) return;
  const reload = () => {
    if (sessionStorage.getItem(RELOADED)) return;
    sessionStorage.setItem(RELOADED, '1');
    location.reload();
  };
  if (navigator.serviceWorker.controller) reload();
  else navigator.serviceWorker.addEventListener('controllerchange', reload, { once: true });
}
