/**
 * The trainer worker's helper cores for the batch-parallel step: one module worker (shard.ts)
 * per extra core, started through the same blob bootstrap as every worker (CSP). Their shared
 * memory needs cross-origin isolation (COOP/COEP, src/lib/cross-origin-isolation.ts); without
 * it the run trains on one core and its card says why.
 */
import shardScript from './shard.ts?worker&url';
import type { ParallelRequest } from '$lib/core/model/batch-parallel';
import { startModuleWorker } from '$lib/worker-start';

export const NOT_ISOLATED = 'this page is not cross-origin isolated';

export function browserParallel(cores: number): ParallelRequest {
  if (cores <= 1) return { cores: 1 };
  if (!self.crossOriginIsolated) return { cores, unavailable: NOT_ISOLATED };
  return {
    cores,
    spawn: (setup) => {
      const worker = startModuleWorker(shardScript, `core ${setup.shard + 1}`);
      const ready = new Promise<void>((resolve, reject) => {
        worker.onmessage = () => resolve();
        worker.onerror = () => reject(new Error(`core ${setup.shard + 1} could not start`));
      });
      worker.postMessage(setup);
      return { terminate: () => worker.terminate(), ready };
    }
  };
}
