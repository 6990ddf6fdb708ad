import { describe, expect, it } from 'vitest';
import { OncePerKey } from './once-per-key';

describe('OncePerKey', () => {
  it('loads a key once for callers that ask at the same time, and again after clear()', async () => {
    const cache = new OncePerKey<string>();
    let loads = 0;
    const load = async () => `model ${++loads}`;
    const [a, b] = await Promise.all([cache.get('r1', load), cache.get('r1', load)]);
    expect([a, b, loads]).toEqual(['model 1', 'model 1', 1]);
    expect(await cache.get('r2', load)).toBe('model 2');
    cache.clear();
    expect(await cache.get('r1', load)).toBe('model 3');
  });

  it('forgets a load that failed, so the next call tries again', async () => {
    const cache = new OncePerKey<number>();
    await expect(cache.get('r', () => Promise.reject(new Error('gone')))).rejects.toThrow('gone');
    expect(await cache.get('r', async () => 7)).toBe(7);
  });
});
