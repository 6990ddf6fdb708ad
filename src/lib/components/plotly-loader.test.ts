import { describe, expect, it } from 'vitest';
import { isSteppable, runInSlices } from './plotly-loader';

/** A clock the modules advance: each takes `cost` ms. */
function bundleOf(costs: number[], log: string[]) {
  let t = 0;
  return {
    now: () => t,
    bundle: {
      steps: costs.map((cost, i) => () => {
        log.push(`m${i}`);
        t += cost;
        if (cost < 0) throw new Error('broken module');
      }),
      entry: () => {
        log.push('entry');
        return { react: () => undefined };
      }
    }
  };
}

describe('runInSlices', () => {
  it('gives the thread back before each slice of modules, and runs the entry last in a task of its own', async () => {
    const log: string[] = [];
    const { bundle, now } = bundleOf([3, 3, 3, 9, 1, 1], log);
    const plotly = await runInSlices(bundle, async () => void log.push('yield'), { sliceMs: 8, now });
    expect(typeof (plotly as { react: unknown }).react).toBe('function');
    expect(log).toEqual(['yield', 'm0', 'm1', 'm2', 'yield', 'm3', 'yield', 'm4', 'm5', 'yield', 'entry']);
  });

  it('leaves a module that throws to the entry, and keeps going', async () => {
    const log: string[] = [];
    const { bundle, now } = bundleOf([1, -1, 1], log);
    await runInSlices(bundle, async () => undefined, { now });
    expect(log).toEqual(['m0', 'm1', 'm2', 'entry']);
  });

  it('tells the rewritten bundle from Plotly itself', () => {
    expect(isSteppable({ steps: [], entry: () => 1 })).toBe(true);
    expect(isSteppable({ react: () => 1 })).toBe(false);
    expect(isSteppable(undefined)).toBe(false);
  });
});
