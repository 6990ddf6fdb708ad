import { describe, expect, it } from 'vitest';
import { BridgeError, WorkerBridge } from './worker-bridge.ts';
import { fakeWorker, settleWithin } from './testing/fake-worker.ts';

describe('WorkerBridge', () => {
  it('starts the worker lazily and returns results', async () => {
    let created = 0;
    const bridge = new WorkerBridge<{ add(a: number, b: number): number }>({
      create: () => (created++, fakeWorker({ add: (a: number, b: number) => a + b }))
    });
    expect(created).toBe(0);
    await expect(bridge.call((r) => r.add(2, 3))).resolves.toBe(5);
    expect(created).toBe(1);
    bridge.terminate();
  });

  it('turns an error thrown in the worker into a coded BridgeError', async () => {
    const bridge = new WorkerBridge<{ boom(): void }>({
      create: () =>
        fakeWorker({
          boom: () => {
            const e = new Error('learning rate too high');
            e.name = 'CoreError:diverged';
            throw e;
          }
        })
    });
    const err = await settleWithin(
      bridge.call((r) => r.boom()),
      2000
    ).catch((e) => e);
    expect(err).toBeInstanceOf(BridgeError);
    expect(err.code).toBe('diverged');
    expect(err.message).toBe('learning rate too high');
    bridge.terminate();
  });

  it('rejects a pending call when the worker dies, instead of hanging', async () => {
    let w!: ReturnType<typeof fakeWorker>;
    const bridge = new WorkerBridge<{ forever(): Promise<void> }>({
      label: 'training worker',
      create: () => (w = fakeWorker({ forever: () => new Promise<void>(() => {}) }))
    });
    const pending = bridge.call((r) => r.forever());
    await new Promise((r) => setTimeout(r, 20));
    w.crash('out of memory');
    const err = await settleWithin(pending, 2000).catch((e) => e);
    expect(err).toBeInstanceOf(BridgeError);
    expect(err.code).toBe('worker_crashed');
    expect(err.message).toMatch(/training worker stopped unexpectedly: out of memory/);
    expect(w.terminated()).toBe(true);
  });

  it('reports a worker that fails to load as a load failure', async () => {
    let w!: ReturnType<typeof fakeWorker>;
    const bridge = new WorkerBridge<{ ping(): string }>({
      create: () => (w = fakeWorker({ ping: () => new Promise(() => {}) }, { ready: false }))
    });
    const pending = bridge.call((r) => r.ping());
    await new Promise((r) => setTimeout(r, 10));
    w.crash('');
    const err = await settleWithin(pending, 2000).catch((e) => e);
    expect(err.code).toBe('worker_load_failed');
    expect(err.message).toMatch(/failed to load/);
  });

  it('reports a worker constructor that throws', async () => {
    const bridge = new WorkerBridge<{ ping(): string }>({
      create: () => {
        throw new Error('Module scripts are blocked');
      }
    });
    const err = await settleWithin(
      bridge.call((r) => r.ping()),
      2000
    ).catch((e) => e);
    expect(err.code).toBe('worker_load_failed');
    expect(err.message).toMatch(/Module scripts are blocked/);
  });

  it('starts a fresh worker after a crash', async () => {
    const workers: ReturnType<typeof fakeWorker>[] = [];
    const bridge = new WorkerBridge<{ id(): number }>({
      create: () => {
        const n = workers.length;
        const w = fakeWorker({ id: () => n });
        workers.push(w);
        return w;
      }
    });
    await expect(bridge.call((r) => r.id())).resolves.toBe(0);
    workers[0].crash('gone');
    await expect(bridge.call((r) => r.id())).resolves.toBe(1);
    bridge.terminate();
  });

  it('terminate rejects pending calls with a terminated error', async () => {
    const bridge = new WorkerBridge<{ forever(): Promise<void> }>({
      create: () => fakeWorker({ forever: () => new Promise<void>(() => {}) })
    });
    const pending = bridge.call((r) => r.forever());
    await new Promise((r) => setTimeout(r, 10));
    bridge.terminate();
    const err = await settleWithin(pending, 2000).catch((e) => e);
    expect(err.code).toBe('terminated');
  });

  it('runs queued calls one at a time', async () => {
    const order: string[] = [];
    const bridge = new WorkerBridge<{ step(name: string, ms: number): Promise<void> }>({
      create: () =>
        fakeWorker({
          step: async (name: string, ms: number) => {
            order.push(`start ${name}`);
            await new Promise((r) => setTimeout(r, ms));
            order.push(`end ${name}`);
          }
        })
    });
    await Promise.all([bridge.call((r) => r.step('a', 30)), bridge.call((r) => r.step('b', 1))]);
    expect(order).toEqual(['start a', 'end a', 'start b', 'end b']);
    bridge.terminate();
  });
});
