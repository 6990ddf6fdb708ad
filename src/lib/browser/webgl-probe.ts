// Browser-only helpers that pages and workers share (DOM/OffscreenCanvas, no Svelte, no TF.js): neither the pure core nor the page-side client.
import type { WebglProbe } from '$lib/core/backend';

/**
 * Whether WebGL2 works here and which renderer draws it. OffscreenCanvas exists both in workers
 * (where the trainer probes before choosing a backend) and in pages (where the Train page says
 * what Automatic will choose before anything runs). No TF.js import: cheap to call anywhere.
 */
export function probeWebgl(): WebglProbe {
  if (typeof OffscreenCanvas === 'undefined') return { available: false };
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return { available: false };
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { available: true, renderer };
  } catch {
    return { available: false };
  }
}
