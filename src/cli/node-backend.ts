/**
 * TF.js in Node for the CLI, benchmarks and tests: WASM (SIMD, one thread: the WASM binaries
 * load from node_modules without setWasmPaths) or the plain-JS CPU backend.
 * tfjs falls back silently, so the backend actually running is checked and returned.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

export type NodeBackend = 'wasm' | 'cpu';

export async function setupNodeBackend(name: NodeBackend = 'wasm'): Promise<NodeBackend> {
  if (name !== 'wasm' && name !== 'cpu')
    throw new Error(`backend must be wasm or cpu, got "${String(name)}"`);
  // The threaded WASM build needs cross-origin isolation and workers; one thread is what the browser gets here too.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  // tfjs-core prints a "install tfjs-node" banner on first use in Node; it is not an error.
  tf.env().set('IS_TEST', true);
  const ok = await tf.setBackend(name);
  await tf.ready();
  if (!ok || tf.getBackend() !== name) {
    throw new Error(`the ${name} TF.js backend failed to start (running: ${tf.getBackend() ?? 'none'})`);
  }
  return name;
}
