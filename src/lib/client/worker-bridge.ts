import * as Comlink from 'comlink';
import { READY_MESSAGE } from '$lib/core/worker-protocol';

/**
 * Owns one Web Worker driven through Comlink (after squoosh's WorkerBridge): starts it lazily,
 * runs calls one at a time, and turns every way a worker can fail into a BridgeError with a
 * code. A Comlink call never settles if the worker dies or fails to load, so every call is
 * raced against the worker's `error`/`messageerror` events.
 */

/** The parts of a Worker the bridge uses; tests pass a MessagePort-backed fake. */
export interface WorkerLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: string, listener: (event: Event) => void): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
  terminate(): void;
}

export type BridgeErrorCode =
  'worker_load_failed' | 'worker_crashed' | 'cancelled' | 'terminated' | (string & {});

/** Posted by a worker once its module has evaluated (Comlink ignores messages without an id). */
export { READY_MESSAGE };

export class BridgeError extends Error {
  constructor(
    public readonly code: BridgeErrorCode,
    message: string
  ) {
    super(message);
    this.name = 'BridgeError';
  }
}

/** Errors thrown in the worker arrive with only name and message; CoreError puts its code in the name. */
export function toBridgeError(err: unknown): BridgeError {
  if (err instanceof BridgeError) return err;
  if (err instanceof Error) {
    const m = /^CoreError:(.+)$/.exec(err.name);
    return new BridgeError(m ? m[1] : 'worker_error', err.message || String(err));
  }
  return new BridgeError('worker_error', String(err));
}

export interface WorkerBridgeOptions {
  /** Creates the worker; called lazily on the first call and after a crash or cancel. */
  create: () => WorkerLike;
  /** Name used in messages, e.g. "training worker". */
  label?: string;
}

interface Live<Api> {
  worker: WorkerLike;
  remote: Comlink.Remote<Api>;
  /** Rejects when the worker dies or fails to load; never resolves. */
  died: Promise<never>;
  /** Set once the worker's module has run (it posts READY_MESSAGE): a later error is a crash. */
  loaded: boolean;
  kill: (err: BridgeError) => void;
}

export class WorkerBridge<Api> {
  private live: Live<Api> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly label: string;

  constructor(private readonly options: WorkerBridgeOptions) {
    this.label = options.label ?? 'worker';
  }

  get started(): boolean {
    return this.live !== undefined;
  }

  /** Runs `fn` against the worker's API after the previous call settles. */
  call<R>(fn: (remote: Comlink.Remote<Api>) => Promise<R>): Promise<R> {
    const run = () => this.runNow(fn);
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /**
   * Runs `fn` now, without waiting for queued calls: for control messages such as cancel
   * that must reach the worker while a long call is running.
   */
  callNow<R>(fn: (remote: Comlink.Remote<Api>) => Promise<R>): Promise<R> {
    return this.runNow(fn);
  }

  /** Stops the worker; pending calls reject with `reason` (code 'terminated' by default). */
  terminate(reason?: BridgeError): void {
    const live = this.live;
    if (!live) return;
    this.live = undefined;
    live.kill(reason ?? new BridgeError('terminated', `The ${this.label} was stopped.`));
  }

  private async runNow<R>(fn: (remote: Comlink.Remote<Api>) => Promise<R>): Promise<R> {
    const live = this.ensure();
    try {
      return await Promise.race([fn(live.remote), live.died]);
    } catch (err) {
      throw toBridgeError(err);
    }
  }

  private ensure(): Live<Api> {
    if (this.live) return this.live;
    let worker: WorkerLike;
    try {
      worker = this.options.create();
    } catch (err) {
      throw new BridgeError('worker_load_failed', `The ${this.label} could not start: ${describe(err)}`);
    }
    let reject!: (err: BridgeError) => void;
    const died = new Promise<never>((_, r) => (reject = r));
    died.catch(() => undefined); // observed through races; avoid an unhandled rejection
    const remote = Comlink.wrap<Api>(worker as unknown as Comlink.Endpoint);
    const live: Live<Api> = {
      worker,
      remote,
      died,
      loaded: false,
      kill: (err) => {
        worker.removeEventListener('error', onError);
        worker.removeEventListener('messageerror', onMessageError);
        worker.removeEventListener('message', onMessage);
        reject(err);
        remote[Comlink.releaseProxy]?.();
        worker.terminate();
      }
    };
    const onError = (event: Event) => fail((event as ErrorEvent).message, event);
    const onMessageError = () => fail('a message could not be decoded');
    const onMessage = (event: Event) => {
      if ((event as MessageEvent).data?.[READY_MESSAGE]) live.loaded = true;
    };
    const fail = (message: string | undefined, event?: Event) => {
      const detail = message || 'no details (the script may have failed to load)';
      const err = live.loaded
        ? new BridgeError(
            'worker_crashed',
            `The ${this.label} stopped unexpectedly: ${detail}. Stored data is safe; start the run again.`
          )
        : new BridgeError(
            'worker_load_failed',
            `The ${this.label} failed to load: ${detail}. Reload the page; if it persists, your browser may block module workers.`
          );
      event?.preventDefault?.();
      if (this.live === live) this.live = undefined;
      live.kill(err);
    };
    worker.addEventListener('error', onError);
    worker.addEventListener('messageerror', onMessageError);
    worker.addEventListener('message', onMessage);
    this.live = live;
    return live;
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
