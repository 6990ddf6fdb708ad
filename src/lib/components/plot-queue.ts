/**
 * One queue for every chart draw on the page, so that a page with a dozen charts never draws
 * them in one main-thread task (the Analytics page drew 13 in one go: 3 s without a frame).
 * Each draw runs in its own macrotask, after the browser had a chance to paint and handle
 * input; charts on screen go first, charts off screen wait until every visible one is drawn.
 * Svelte-free and Plotly-free so it can be unit-tested; Plot.svelte is its only user.
 */

export interface DrawJob {
  /** Draws the chart; the queue waits for it (Plotly.react returns a promise). */
  run(): unknown;
  /** Whether the chart is on (or near) the screen now; read each time the queue picks a job. */
  visible(): boolean;
}

export interface PlotQueue {
  /** Queues a draw; resolves (or rejects) with the draw. A cancelled job resolves without running. */
  add(job: DrawJob): { done: Promise<void>; cancel(): void };
  /** Jobs waiting (not running). */
  readonly pending: number;
}

/** Waits for the next macrotask: the browser may paint and run input handlers before it. */
export function nextTask(): Promise<void> {
  const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof s?.yield === 'function') return s.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

interface Entry {
  job: DrawJob;
  resolve(): void;
  reject(err: unknown): void;
  cancelled: boolean;
}

/** A serial draw queue; `yieldFn` is how it gives the thread back between draws. */
export function createPlotQueue(yieldFn: () => Promise<void> = nextTask): PlotQueue {
  const waiting: Entry[] = [];
  let running = false;

  /** The first visible job, else the oldest one (off-screen charts still get drawn, last). */
  function pick(): Entry | undefined {
    let i = waiting.findIndex((e) => e.job.visible());
    if (i < 0) i = 0;
    return waiting.splice(i, 1)[0];
  }

  async function drain(): Promise<void> {
    running = true;
    try {
      while (waiting.length > 0) {
        await yieldFn();
        const entry = pick();
        if (!entry || entry.cancelled) continue;
        try {
          await entry.job.run();
          entry.resolve();
        } catch (err) {
          entry.reject(err);
        }
      }
    } finally {
      running = false;
    }
  }

  return {
    add(job) {
      let entry!: Entry;
      const done = new Promise<void>((resolve, reject) => {
        entry = { job, resolve, reject, cancelled: false };
      });
      waiting.push(entry);
      if (!running) void drain();
      return {
        done,
        cancel() {
          entry.cancelled = true;
          const i = waiting.indexOf(entry);
          if (i >= 0) waiting.splice(i, 1);
          entry.resolve();
        }
      };
    },
    get pending() {
      return waiting.length;
    }
  };
}
