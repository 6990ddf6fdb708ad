/**
 * Node's helper threads for the batch-parallel step (core/model/batch-parallel.ts): one
 * worker_thread per extra core, running the shard program's own text (shard-program.ts's
 * helperSource), so a helper loads no file and needs no TypeScript loader.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { helperSource, type ParallelRequest, type ShardSetup } from '../lib/core/model/batch-parallel.ts';

const source = `${helperSource()}
const { workerData, parentPort } = require('node:worker_threads');
program.serve(workerData, () => parentPort.postMessage('ready'));`;

/** A request for `cores` cores whose helpers are worker_threads. */
export function nodeParallel(cores: number): ParallelRequest {
  return {
    cores,
    spawn: (setup: ShardSetup) => {
      const worker = new Worker(source, { eval: true, workerData: setup });
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
