import { describe, expect, it } from 'vitest';
import { TrainerPool, defaultPoolSize, trainsAlone } from './trainer-pool.ts';
import { fakeWorker, settleWithin, type FakeWorker } from './testing/fake-worker.ts';

interface Api {
  work(ms: number, tag: string): Promise<string>;
  cancel(): void;
  /** Spins synchronously, ignoring cancel, like a long TF.js step. */
  stuck(): Promise<string>;
}

function makeApi(log: string[]) {
  let cancelled = false;
  const api: Api = {
    async work(ms, tag) {
      cancelled = false;
      log.push(`start ${tag}`);
      const end = Date.now() + ms;
      while (Date.now() < end) {
        if (cancelled) return `cancelled ${tag}`;
        await new Promise((r) => setTimeout(r, 5));
      }
      log.push(`end ${tag}`);
      return `done ${tag}`;
    },
    cancel() {
      cancelled = true;
    },
    stuck: () => new Promise<string>(() => {})
  };
  return api;
}

function pool(size: number, log: string[], workers: FakeWorker[] = []) {
  return new TrainerPool<Api>({
    size,
    graceMs: 100,
    create: () => {
      const w = fakeWorker(makeApi(log));
      workers.push(w);
      return w;
    },
    requestCancel: (b) => b.callNow((r) => r.cancel())
  });
}

describe('TrainerPool', () => {
  it('sizes itself to the machine: two at least, one core left for the page, four at most', () => {
    expect(defaultPoolSize(2)).toBe(2);
    expect(defaultPoolSize(4)).toBe(3);
    expect(defaultPoolSize(16)).toBe(4);
    expect(defaultPoolSize(undefined)).toBe(2);
  });

  it('runs up to `size` jobs at once and queues the rest', async () => {
    const log: string[] = [];
    const p = pool(2, log);
    const jobs = ['a', 'b', 'c'].map((t) => p.submit({ run: (b) => b.call((r) => r.work(40, t)) }));
    await new Promise((r) => setTimeout(r, 15));
    expect(p.busy).toBe(2);
    expect(p.queued).toBe(1);
    expect(log).toEqual(['start a', 'start b']);
    expect(await Promise.all(jobs.map((j) => j.result))).toEqual(['done a', 'done b', 'done c']);
    p.terminateAll();
  });

  it('trains alone from 250,000 customers (unknown size: side by side)', () => {
    expect(trainsAlone(1_000_000)).toBe(true);
    expect(trainsAlone(250_000)).toBe(true);
    expect(trainsAlone(100_000)).toBe(false);
    expect(trainsAlone(undefined)).toBe(false);
  });

  it('runs an exclusive job alone: it waits for running jobs, and later ones wait for it', async () => {
    const log: string[] = [];
    const p = pool(2, log);
    const a = p.submit({ run: (b) => b.call((r) => r.work(40, 'a')) });
    const big = p.submit({ exclusive: true, run: (b) => b.call((r) => r.work(40, 'big')) });
    const c = p.submit({ run: (b) => b.call((r) => r.work(10, 'c')) });
    await new Promise((r) => setTimeout(r, 15));
    expect(p.busy).toBe(1); // two workers, but neither big nor c may start beside a
    expect(p.queued).toBe(2);
    expect(await Promise.all([a.result, big.result, c.result])).toEqual(['done a', 'done big', 'done c']);
    expect(log).toEqual(['start a', 'end a', 'start big', 'end big', 'start c', 'end c']);
    p.terminateAll();
  });

  it('cancelling a queued exclusive job lets the jobs behind it start', async () => {
    const log: string[] = [];
    const p = pool(2, log);
    const a = p.submit({ run: (b) => b.call((r) => r.work(60, 'a')) });
    const big = p.submit({ exclusive: true, run: (b) => b.call((r) => r.work(10, 'big')) });
    const c = p.submit({ run: (b) => b.call((r) => r.work(60, 'c')) });
    big.cancel();
    await expect(big.result).rejects.toThrow(/before it started/);
    await new Promise((r) => setTimeout(r, 15));
    expect(log).toEqual(['start a', 'start c']);
    await Promise.all([a.result, c.result]);
    p.terminateAll();
  });

  it('drops a queued job on cancel', async () => {
    const log: string[] = [];
    const p = pool(1, log);
    const first = p.submit({ run: (b) => b.call((r) => r.work(30, 'a')) });
    const second = p.submit({ run: (b) => b.call((r) => r.work(30, 'b')) });
    second.cancel();
    await expect(second.result).rejects.toMatchObject({ code: 'cancelled' });
    await first.result;
    expect(log).not.toContain('start b');
    p.terminateAll();
  });

  it('cancels a running job that listens, and kills one that does not', async () => {
    const log: string[] = [];
    const p = pool(2, log);
    const polite = p.submit({ run: (b) => b.call((r) => r.work(5000, 'polite')) });
    const stuck = p.submit({ run: (b) => b.call((r) => r.stuck()) });
    await new Promise((r) => setTimeout(r, 20));
    polite.cancel();
    stuck.cancel();
    await expect(settleWithin(polite.result, 1000)).resolves.toBe('cancelled polite');
    await expect(settleWithin(stuck.result, 1000)).rejects.toMatchObject({ code: 'cancelled' });
    // The pool recovers: a fresh worker takes the next job.
    const next = p.submit({ run: (b) => b.call((r) => r.work(1, 'next')) });
    await expect(settleWithin(next.result, 1000)).resolves.toBe('done next');
    p.terminateAll();
  });

  it('a crashing worker fails only its own job', async () => {
    const log: string[] = [];
    const workers: FakeWorker[] = [];
    const p = pool(2, log, workers);
    const a = p.submit({ run: (b) => b.call((r) => r.work(80, 'a')) });
    const b = p.submit({ run: (b) => b.call((r) => r.work(80, 'b')) });
    await new Promise((r) => setTimeout(r, 15));
    workers[1].crash('forced crash');
    await Promise.all([
      expect(a.result).resolves.toBe('done a'),
      expect(b.result).rejects.toMatchObject({ code: 'worker_crashed' })
    ]);
    p.terminateAll();
  });
});
