import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_CORES, clampCores, defaultCores } from './cores';

describe('cores per run', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('clamps the field to a whole number from 1 to MAX_CORES; an emptied or odd field is one core', () => {
    expect(clampCores(2)).toBe(2);
    expect(clampCores(2.9)).toBe(2);
    expect(clampCores(0)).toBe(1);
    expect(clampCores(-3)).toBe(1);
    expect(clampCores(NaN)).toBe(1);
    expect(clampCores(Infinity)).toBe(1);
    expect(clampCores(1000)).toBe(MAX_CORES);
  });

  it('defaults to the cores the browser reports, at most four, and one where it reports none', () => {
    vi.stubGlobal('navigator', { hardwareConcurrency: 2 });
    expect(defaultCores()).toBe(2);
    vi.stubGlobal('navigator', { hardwareConcurrency: 16 });
    expect(defaultCores()).toBe(4);
    vi.stubGlobal('navigator', { hardwareConcurrency: 0 });
    expect(defaultCores()).toBe(1);
  });
});
