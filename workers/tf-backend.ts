/**
 * Starts a TF.js backend inside a worker: probes WebGL on an OffscreenCanvas, asks the pure
 * planner (core/backend.ts) what to try, and verifies what actually started, because
 * tf.setBackend falls back silently.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { fallbackReason, planBackends, type BackendName, type BackendPreference } from '$lib/core/backend';
import { CoreError } from '$lib/core/types';
import { probeWebgl } from '$lib/browser/webgl-probe';

export interface BackendInfo {
  backend: BackendName;
  /** Why this backend runs, in words for the UI. */
  reason: string;
  renderer?: string;
  /** Backends that were tried and failed before this one, with their errors. */
  failed: { backend: BackendName; error: string }[];
}

let current: BackendInfo | undefined;

/**
 * @param preference 'auto' or a forced backend.
 * @param wasmBase absolute URL of the folder holding tfjs-backend-wasm*.wasm (served from our origin).
 */
export async function startBackend(preference: BackendPreference, wasmBase: string): Promise<BackendInfo> {
  if (current && (preference === 'auto' || preference === current.backend)) return current;
  // Under cross-origin isolation tfjs would pick the threaded WASM build, which hangs under Vite.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths(wasmBase.endsWith('/') ? wasmBase : wasmBase + '/');
  const probe = probeWebgl();
  const plan = planBackends(preference, probe);
  const failed: BackendInfo['failed'] = [];
  for (const backend of plan.order) {
    try {
      if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
      const ok = await tf.setBackend(backend);
      await tf.ready();
      if (ok && tf.getBackend() === backend) {
        current = {
          backend,
          reason: fallbackReason(plan.order[0], backend, plan.reason),
          renderer: probe.renderer,
          failed
        };
        return current;
      }
      failed.push({ backend, error: 'did not initialise' });
    } catch (err) {
      failed.push({ backend, error: err instanceof Error ? err.message : String(err) });
    }
  }
  throw new CoreError(
    'no_backend',
    `No TF.js backend could start (${failed.map((f) => `${f.backend}: ${f.error}`).join('; ')}). Try another browser.`
  );
}
