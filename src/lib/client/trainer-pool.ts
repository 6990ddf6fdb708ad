import { BridgeError, WorkerBridge, type WorkerLike } from './worker-bridge.ts';

/**
 * A pool of worker bridges sized to the machine, with a FIFO queue beyond it. Each job gets one
 * worker to itself for its whole run, so runs train concurrently and one crash never touches
 * another run. Generic over the worker API so tests drive it with fakes.
 */
export interface PoolJob<Api, R> {
  /** Runs the job on a worker. `bridge` is exclusive to this job until it settles. */
  run(bridge: WorkerBridge<Api>): Promise<R>;
  /** Called when the job leaves the queue and starts on a worker. */
  onStart?(): void;
  /**
   * Runs alone: starts when no other job runs, and nothing starts beside it. For runs on a very
   * large dataset, where every worker holds its own copy of the data and the model, so two side
   * by side would double the tab's peak memory.
   */
  exclusive?: boolean;
}

export interface JobHandle<R> {
  result: Promise<R>;
  /** Cancels: a queued job is dropped; a running job is asked to stop, and its worker is killed after `graceMs`. */
  cancel(): void;
}

export interface TrainerPoolOptions<Api> {
  create: () => WorkerLike;
  /** Concurrent workers. Default 1; the app passes defaultPoolSize(navigator.hardwareConcurrency). */
  size?: number;
  /** Asks the worker to stop a running call (e.g. `r => r.cancel()`). */
  requestCancel?: (bridge: WorkerBridge<Api>) => Promise<unknown>;
  /** How long a running job may take to honour cancel before its worker is terminated. Default 700 ms. */
  graceMs?: number;
  label?: string;
}

/**
 * One worker per core minus one for the page, but at least two (runs should really train side by
 * side, and the page thread is mostly idle while they do) and at most four (memory, and WebGL
 * contexts share one GPU).
 */
export function defaultPoolSize(hardwareConcurrency: number | undefined): number {
  return Math.max(2, Math.min(4, (hardwareConcurrency ?? 2) - 1));
}

/** From this many customers a run trains alone (PoolJob.exclusive): two side by side would pass 2 GB at 1M. */
export const TRAIN_ALONE_FROM_CUSTOMERS = 250_000;

export function trainsAlone(customers: number | undefined): boolean {
  return (customers ?? 0) >= TRAIN_ALONE_FROM_CUSTOMERS;
}

export class TrainerPool<Api> {
  private readonly idle: WorkerBridge<Api>[] = [];
  private readonly all: WorkerBridge<Api>[] = [];
  private readonly waiting: Array<{ exclusive: boolean; start: () => void }> = [];
  /** An exclusive job is running: nothing else starts. */
  private alone = false;
  readonly size: number;

  constructor(private readonly options: TrainerPoolOptions<Api>) {
    this.size = options.size ?? 1;
    for (let i = 0; i < this.size; i++) {
      const bridge = new WorkerBridge<Api>({
        create: options.create,
        label: options.label ?? 'training worker'
      });
      this.all.push(bridge);
      this.idle.push(bridge);
    }
  }

  get busy(): number {
    return this.size - this.idle.length;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Whether a job may start now: a free worker, no exclusive job running, and none beside an exclusive one. */
  private canStart(exclusive: boolean): boolean {
    return !this.alone && (exclusive ? this.busy === 0 : this.idle.length > 0);
  }

  /** Starts queued jobs in order while the head of the queue may start. */
  private pump(): void {
    while (this.waiting.length > 0 && this.canStart(this.waiting[0].exclusive)) this.waiting.shift()!.start();
  }

  submit<R>(job: PoolJob<Api, R>): JobHandle<R> {
    let cancelled = false;
    let running: WorkerBridge<Api> | undefined;
    const exclusive = job.exclusive ?? false;
    let settle!: { resolve: (v: R) => void; reject: (e: unknown) => void };
    const result = new Promise<R>((resolve, reject) => (settle = { resolve, reject }));
    const start = async () => {
      const bridge = this.idle.pop()!;
      running = bridge;
      if (exclusive) this.alone = true;
      try {
        job.onStart?.();
        settle.resolve(await job.run(bridge));
      } catch (err) {
        settle.reject(
          cancelled && err instanceof BridgeError && err.code === 'terminated'
            ? new BridgeError('cancelled', 'The run was cancelled.')
            : err
        );
      } finally {
        running = undefined;
        if (exclusive) this.alone = false;
        this.idle.push(bridge);
        this.pump();
      }
    };
    const queued = { exclusive, start: () => void start() };
    if (this.waiting.length === 0 && this.canStart(exclusive)) void start();
    else this.waiting.push(queued);

    return {
      result,
      cancel: () => {
        if (cancelled) return;
        cancelled = true;
        const bridge = running;
        if (!bridge) {
          const i = this.waiting.indexOf(queued);
          if (i >= 0) this.waiting.splice(i, 1);
          this.pump(); // an exclusive job at the head may have held back others
          settle.reject(new BridgeError('cancelled', 'The run was cancelled before it started.'));
          return;
        }
        void this.options.requestCancel?.(bridge).catch(() => undefined);
        // A worker stuck in a long synchronous step cannot read the cancel message: kill it.
        setTimeout(() => {
          if (running === bridge) bridge.terminate(new BridgeError('terminated', 'The run was cancelled.'));
        }, this.options.graceMs ?? 700);
      }
    };
  }

  /** Terminates every worker; running jobs reject with 'terminated'. */
  terminateAll(): void {
    for (const b of this.all) b.terminate();
  }
}
