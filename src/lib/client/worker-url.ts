/**
 * Starts a module worker that runs under the page's Content-Security-Policy.
 *
 * A worker loaded from its own URL gets its policy from that response's HTTP headers, which a
 * static site cannot set; the page's <meta> CSP would not reach it, and a fetch from inside it
 * could go anywhere. A worker created from a blob: URL inherits the policy of the document that
 * created it (CSP 3, "initialize a worker's policy container"). So the worker's entry is a
 * one-line blob module that imports the real script (same origin, allowed by script-src 'self');
 * everything the worker then fetches, imports or compiles is held to connect-src/script-src.
 */
const bootstraps = new Map<string, string>();

/** `scriptUrl` as Vite gives it (`import url from './w.ts?worker&url'`); `name` shows in dev tools. */
export function startModuleWorker(scriptUrl: string, name: string): Worker {
  const absolute = new URL(scriptUrl, location.href).href;
  let boot = bootstraps.get(absolute);
  if (!boot) {
    // Kept for the page's lifetime: one tiny blob per worker script, reused by every restart.
    boot = URL.createObjectURL(
      new Blob([`import ${JSON.stringify(absolute)};\n`], { type: 'text/javascript' })
    );
    bootstraps.set(absolute, boot);
  }
  return new Worker(boot, { type: 'module', name });
}
