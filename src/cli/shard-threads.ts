/**
 * Node's helper threads for the batch-parallel step (core/model/batch-parallel.ts): one
 * worker_thread per extra core, each running shard-thread.ts. A worker does not inherit the
 * parent's TypeScript loader, so a short CommonJS bootstrap loads the entry through tsx's
 * tsImport (the CLI, the benchmarks and the tests all run TypeScript directly).
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { helperFailedSlot, type ParallelRequest, type ShardSetup } from '../lib/core/model/batch-parallel.ts';

const entry = new URL('./shard-thread.ts', import.meta.url).href;
// tsx's ESM API (its CommonJS build mis-resolves its own files when required from an eval'd worker).
const tsxApi = pathToFileURL(
  createRequire(import.meta.url)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs')
).href;
// On a failed load the bootstrap flags the shard's slot: the main thread is blocked in Atomics.wait and sees no error event.
const bootstrap = `
const { workerData } = require('node:worker_threads');
const fail = (err) => {
  console.error(err);
  Atomics.store(new Int32Array(workerData.setup.memory.buffer), workerData.failedSlot, 1);
};
process.on('uncaughtException', fail);
import(${JSON.stringify(tsxApi)}).then((api) => api.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)})).catch(fail);`;

/** A request for `cores` cores whose helpers are worker_threads. */
export function nodeParallel(cores: number): ParallelRequest {
  return {
    cores,
    spawn: (setup: ShardSetup) => {
      const worker = new Worker(bootstrap, {
        eval: true,
        workerData: { setup, failedSlot: helperFailedSlot(setup) }
      });
      const ready = new Promise<void>((resolve, reject) => {
        worker.once('message', () => resolve());
        worker.once('error', reject);
      });
      // The loop blocks in Atomics.wait; an idle helper must not keep the process alive.
      worker.unref();
      return { terminate: () => void worker.terminate(), ready };
    }
  };
}

/** The cores this machine offers (Node's view), for defaults and benchmark tables. */
export function nodeCores(): number {
  return availableParallelism();
}
