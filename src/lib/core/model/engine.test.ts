import { beforeAll, describe, expect, it } from 'vitest';
import { setupNodeBackend } from '../../../cli/node-backend.ts';
import type { ModelConfigInput } from './config.ts';
import { describeEngine, type TrainingEngine } from './engine.ts';
import type { TrainEvent } from './events.ts';
import { createSimdDot } from './simd-dot.ts';
import { syntheticData } from './synthetic-fixture.ts';
import { train } from './train.ts';

beforeAll(async () => {
  await setupNodeBackend('wasm');
});

const data = syntheticData(60, 8, 1);

/** The engine a real run reports in its start event. */
async function engineOf(config: ModelConfigInput): Promise<TrainingEngine> {
  const events: TrainEvent[] = [];
  await train({ data, config: { epochs: 1, batchSize: 16, ...config } as ModelConfigInput, seed: 1, onEvent: (e) => events.push(e) });
  const start = events.find((e) => e.type === 'start');
  if (start?.type !== 'start') throw new Error('no start event');
  return start.engine;
}

describe('what ran what', () => {
  it('says the loop is JavaScript (with the SIMD dot kernel only where it ran) and what TF.js did', async () => {
    // Node has WebAssembly SIMD here, as Chromium does; the kernel needs components % 4 = 0.
    expect(createSimdDot(1, 8)).not.toBeNull();
    expect(await engineOf({ loss: 'warp', components: 8 })).toEqual({ loop: 'JavaScript + WASM SIMD dot kernel', tensorBackend: 'wasm', tensorWork: ['scoring'] });
    expect((await engineOf({ loss: 'bpr', components: 10 })).loop).toBe('JavaScript');
    expect(await engineOf({ loss: 'logistic', components: 8 })).toMatchObject({ loop: 'JavaScript', tensorWork: ['scoring'] });
    expect(await engineOf({ loss: 'warp', components: 8, violatorSearch: 'exact' })).toEqual({ loop: 'JavaScript', tensorBackend: 'wasm', tensorWork: ['exact violator search', 'scoring'] });
    expect((await engineOf({ loss: 'hybrid-deep', components: 8, hidden: 4 })).tensorWork).toEqual(['deep towers', 'scoring']);
  });

  it('describes a run in one line that never reduces it to "on wasm"', () => {
    const line = describeEngine({ loop: 'JavaScript + WASM SIMD dot kernel', tensorBackend: 'wasm', tensorWork: ['scoring'] });
    expect(line).toBe('training loop: JavaScript + WASM SIMD dot kernel · TF.js wasm: scoring');
  });
});
