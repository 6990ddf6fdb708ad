import { describe, expect, it } from 'vitest';
import { createPlotQueue } from './plot-queue';

/** A yield the test releases by hand, so it can see what ran in which "task". */
function manualYield() {
  const waiters: (() => void)[] = [];
  return {
    yieldFn: () => new Promise<void>((r) => waiters.push(r)),
    async step() {
      waiters.shift()?.();
      for (let i = 0; i < 5; i++) await Promise.resolve();
    },
    get waiting() {
      return waiters.length;
    }
  };
}

describe('plot draw queue', () => {
  it('draws one chart per task, never two between yields', async () => {
    const y = manualYield();
    const q = createPlotQueue(y.yieldFn);
    const drawn: string[] = [];
    const jobs = ['a', 'b', 'c'].map((n) => q.add({ run: () => drawn.push(n), visible: () => true }));
    await Promise.resolve();
    expect(drawn).toEqual([]); // nothing draws in the task that queued it
    await y.step();
    expect(drawn).toEqual(['a']);
    await y.step();
    expect(drawn).toEqual(['a', 'b']);
    await y.step();
    expect(drawn).toEqual(['a', 'b', 'c']);
    await Promise.all(jobs.map((j) => j.done));
  });

  it('draws charts on screen before charts off screen, and still draws those', async () => {
    const y = manualYield();
    const q = createPlotQueue(y.yieldFn);
    const drawn: string[] = [];
    const add = (n: string, on: boolean) => q.add({ run: () => drawn.push(n), visible: () => on });
    add('below-1', false);
    add('top', true);
    add('below-2', false);
    add('middle', true);
    for (let i = 0; i < 4; i++) await y.step();
    expect(drawn).toEqual(['top', 'middle', 'below-1', 'below-2']);
  });

  it('skips a cancelled draw and passes a failed draw to its caller only', async () => {
    const y = manualYield();
    const q = createPlotQueue(y.yieldFn);
    const drawn: string[] = [];
    const stale = q.add({ run: () => drawn.push('stale'), visible: () => true });
    const bad = q.add({
      run: () => Promise.reject(new Error('bad figure')),
      visible: () => true
    });
    const good = q.add({ run: () => drawn.push('good'), visible: () => true });
    stale.cancel();
    await stale.done;
    for (let i = 0; i < 3; i++) await y.step();
    await expect(bad.done).rejects.toThrow('bad figure');
    await good.done;
    expect(drawn).toEqual(['good']);
    expect(q.pending).toBe(0);
  });
});
