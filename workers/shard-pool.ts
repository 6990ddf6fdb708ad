/**
 * The trainer worker's helper cores for the batch-parallel step: one classic worker per extra
 * core, started from a blob: of the shard program's own text (shard-program.ts's helperSource).
 * A blob: worker inherits the page's Content-Security-Policy and COEP, and loads nothing from the
 * site: a nested worker's own fetches are not served by the service worker, so a script URL
 * would fail offline. Their shared memory needs cross-origin isolation (COOP/COEP,
 * src/lib/cross-origin-isolation.ts); without it the run trains on one core and its card says why.
 */
import { helperSource, type ParallelRequest } from '$lib/core/model/batch-parallel';

export const NOT_ISOLATED = 'this page is not cross-origin isolated';

let helperUrl: string | undefined;

/** One blob for the trainer's lifetime, reused by every helper. */
function helperScript(): string {
  helperUrl ??= URL.createObjectURL(
    new Blob(
      [
        `${helperSource()}\nself.onmessage = (e) => program.serve(e.data, () => self.postMessage('ready'));\n`
      ],
      {
        type: 'text/javascript'
      }
    )
  );
  return helperUrl;
}

export function browserParallel(cores: number): ParallelRequest {
  if (cores <= 1) return { cores: 1 };
  if (!self.crossOriginIsolated) return { cores, unavailable: NOT_ISOLATED };
  return {
    cores,
    spawn: (setup) => {
      const worker = new Worker(helperScript(), { name: `core ${setup.shard + 1}` });
      const ready = new Promise<void>((resolve, reject) => {
        worker.onmessage = () => resolve();
        worker.onerror = () => reject(new Error(`core ${setup.shard + 1} could not start`));
      });
      worker.postMessage(setup);
      return { terminate: () => worker.terminate(), ready };
    }
  };
}
