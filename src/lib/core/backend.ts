/**
 * Which TF.js backend to try, in what order, and why. Pure: the worker probes WebGL and
 * hands the facts in; this decides. WebGL only pays off on a real GPU: a software renderer
 * (SwiftShader, llvmpipe) emulates the GPU on the CPU and is 30–100× slower than WASM.
 */
export const BACKENDS = ['webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
export type BackendPreference = BackendName | 'auto';

export interface WebglProbe {
  /** A WebGL2 context could be created (in a worker: on an OffscreenCanvas). */
  available: boolean;
  /** Unmasked renderer string when the browser exposes it, else the masked one. */
  renderer?: string;
}

export interface BackendPlan {
  /** Backends to try in order; the first that starts wins. */
  order: BackendName[];
  /** Why the first choice was made, in words for the UI. */
  reason: string;
}

const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software|basic render|mesa offscreen/i;

export function isSoftwareRenderer(renderer: string | undefined): boolean {
  return renderer !== undefined && SOFTWARE_RENDERERS.test(renderer);
}

export function planBackends(preference: BackendPreference, probe: WebglProbe): BackendPlan {
  if (preference !== 'auto') {
    return {
      order: [preference, ...BACKENDS.filter((b) => b !== preference)],
      reason: `${preference} was chosen by you`
    };
  }
  if (!probe.available) {
    return {
      order: ['wasm', 'cpu'],
      reason: 'WebGL2 is not available in this browser, so WASM runs instead'
    };
  }
  if (isSoftwareRenderer(probe.renderer)) {
    return {
      order: ['wasm', 'webgl', 'cpu'],
      reason: `the WebGL renderer is software (${probe.renderer}), which is far slower than WASM on this CPU`
    };
  }
  return {
    order: ['webgl', 'wasm', 'cpu'],
    reason: `a GPU renders WebGL here (${probe.renderer ?? 'renderer hidden'})`
  };
}

const DISPLAY: Record<BackendName, string> = { webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };

/** What "Automatic" will do, in words, before anything runs (the Train page shows it beside the choice). */
export function automaticChoiceText(plan: BackendPlan): string {
  const [first, ...rest] = plan.order;
  return `Automatic will use ${DISPLAY[first]}: ${plan.reason}${rest.length ? ` (then ${rest.map((b) => DISPLAY[b]).join(', then ')} if it fails to start)` : ''}.`;
}

/** The reason shown when the planned first choice failed to start and another took over. */
export function fallbackReason(planned: BackendName, actual: BackendName, plannedReason: string): string {
  return planned === actual
    ? plannedReason
    : `${planned} failed to start, so ${actual} runs instead (planned because ${plannedReason})`;
}
