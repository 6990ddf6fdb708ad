/**
 * Loads Plotly without a long main-thread task. scripts/copy-plotly.mjs writes the bundle
 * (static/plotly/) with V8's compile hint and with its modules handed out instead of run:
 * - a classic async <script> is streamed and, with the hint, compiled off the main thread
 *   (a JS module import compiled most of it lazily, on the main thread, in one task);
 * - its global `Plotly` is then `{ steps, entry }`: the module getters, dependencies first. They
 *   run a slice of a few milliseconds per task, and the entry last (its modules are ready by then).
 * Svelte-free and Plotly-free so it can be unit-tested; Plot.svelte is its only user.
 */

/** The bundle's path under the site's base (scripts/copy-plotly.mjs writes it to static/). */
export const PLOTLY_SCRIPT = 'plotly/plotly-cartesian.min.js';
/** Main-thread time one task spends running Plotly's modules before it yields. */
export const SLICE_MS = 8;

/** What the rewritten bundle leaves in `window.Plotly` (scripts/copy-plotly.mjs). */
export interface SteppableBundle {
  steps: Array<() => unknown>;
  entry: () => unknown;
}

export function isSteppable(x: unknown): x is SteppableBundle {
  const s = x as Partial<SteppableBundle> | null;
  return !!s && Array.isArray(s.steps) && typeof s.entry === 'function';
}

/**
 * Runs the modules in slices of `sliceMs`, giving the thread back (`yieldFn`) before each slice,
 * then the entry, whose value is Plotly. A module that throws here is left to the entry, which
 * requires it again and reports the error as the bundle would have.
 */
export async function runInSlices<T>(
  bundle: SteppableBundle,
  yieldFn: () => Promise<void>,
  opts: { sliceMs?: number; now?: () => number; onSlice?: (modules: number) => void } = {}
): Promise<T> {
  const sliceMs = opts.sliceMs ?? SLICE_MS;
  const now = opts.now ?? (() => performance.now());
  let next = 0;
  while (next < bundle.steps.length) {
    await yieldFn();
    const t0 = now();
    const first = next;
    do {
      try {
        bundle.steps[next]();
      } catch {
        /* the entry requires it again and throws there */
      }
      next++;
    } while (next < bundle.steps.length && now() - t0 < sliceMs);
    opts.onSlice?.(next - first);
  }
  await yieldFn();
  return bundle.entry() as T;
}

/** Adds the bundle as a classic async script; resolves with what it left in `window.Plotly`. */
export function addScript(src: string, doc: Document = document): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const script = doc.createElement('script');
    script.src = src;
    script.async = true;
    script.dataset.plotly = '';
    script.onload = () => resolve((doc.defaultView as unknown as { Plotly?: unknown }).Plotly);
    script.onerror = () => {
      script.remove(); // a later load tries again
      reject(new Error(`could not load ${src}`));
    };
    doc.head.append(script);
  });
}

/** Plotly, from the bundle at `src`, its modules run one slice per task. */
export async function loadPlotlyInSlices<T>(src: string, yieldFn: () => Promise<void>): Promise<T> {
  const loaded = await addScript(src);
  if (!isSteppable(loaded)) {
    if (loaded && typeof (loaded as { react?: unknown }).react === 'function') return loaded as T;
    throw new Error(`${src} did not define Plotly`);
  }
  const plotly = await runInSlices<T>(loaded, yieldFn, {
    onSlice: (modules) => performance.mark(`plotly: ${modules} modules`)
  });
  (window as unknown as { Plotly: unknown }).Plotly = plotly;
  return plotly;
}
