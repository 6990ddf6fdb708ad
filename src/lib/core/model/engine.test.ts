import { beforeAll, describe, expect, it } from 'vitest';
import { setupNodeBackend } from '../../../cli/node-backend.ts';
import type { ModelConfigInput } from './config.ts';
import { describeEngine, type TrainingEngine } from './engine.ts';
import type { TrainEvent } from './events.ts';
import type { TrainingPathMode } from './path-choice.ts';
import { createSimdDot } from './simd-dot.ts';
import { syntheticData } from './synthetic-fixture.ts';
import { train } from './train.ts';

beforeAll(async () => {
  await setupNodeBackend('wasm');
});

const data = syntheticData(60, 8, 1);

/** The engine a real run reports in its start event. */
async function engineOf(config: ModelConfigInput, trainingPath?: TrainingPathMode): Promise<TrainingEngine> {
  const events: TrainEvent[] = [];
  await train({
    data,
    config: { epochs: 1, batchSize: 16, ...config } as ModelConfigInput,
    seed: 1,
    onEvent: (e) => events.push(e),
    trainingPath
  });
  const start = events.find((e) => e.type === 'start');
  if (start?.type !== 'start') throw new Error('no start event');
  return start.engine;
}

describe('what ran what', () => {
  it('says which path ran the batches (the kernel only where it ran, else the reference and why) and what TF.js did', async () => {
    // Node has WebAssembly SIMD here, as Chromium does; the kernel needs components % 4 = 0.
    expect(createSimdDot(1, 8)).not.toBeNull();
    expect(await engineOf({ loss: 'warp', components: 8 }, 'cpu')).toEqual({
      loop: 'WebAssembly SIMD kernel (f32)',
      tensorBackend: 'wasm',
      tensorWork: ['scoring'],
      choice: 'path forced (not measured)'
    });
    expect((await engineOf({ loss: 'bpr', components: 10 })).loop).toBe(
      'TypeScript reference (components not a multiple of 4)'
    );
    expect((await engineOf({ loss: 'bpr', components: 8, itemAlpha: 1e-4 })).loop).toBe(
      'TypeScript reference (the kernel has no regularisation)'
    );
    expect(await engineOf({ loss: 'logistic', components: 8 })).toMatchObject({
      loop: 'TypeScript reference (logistic has no kernel)',
      tensorWork: ['scoring']
    });
    expect(await engineOf({ loss: 'warp', components: 8, violatorSearch: 'exact' }, 'cpu')).toMatchObject({
      loop: 'TF.js exact violator search',
      tensorBackend: 'wasm',
      tensorWork: ['exact violator search', 'scoring']
    });
    // Hybrid Deep's towers run in the tower kernel on the CPU path; TF.js only scores.
    expect(await engineOf({ loss: 'hybrid-deep', components: 8, hidden: 4 })).toMatchObject({
      loop: 'WebAssembly SIMD kernel (f32), towers included',
      tensorWork: ['scoring']
    });
    expect(await engineOf({ loss: 'hybrid-deep', components: 8, hidden: 6 })).toMatchObject({
      loop: 'WebAssembly SIMD kernel (f32) for the factors, towers in TF.js (hidden width not a multiple of 4)',
      tensorWork: ['deep towers', 'scoring']
    });
    // Paths the full-tensor path cannot take carry no choice line.
    expect((await engineOf({ loss: 'warp-kos', components: 8 })).choice).toBeUndefined();
    expect((await engineOf({ loss: 'bpr', components: 8 }, 'tensor')).loop).toBe(
      'TF.js full-tensor (gradients and Adagrad in tensors)'
    );
  });

  it('shows both measured figures and the choice where the full-tensor path could run too', async () => {
    const e = await engineOf({ loss: 'warp', components: 8 }, 'measure');
    const kernel = 'WebAssembly SIMD kernel (f32)';
    const tensor = 'TF.js wasm full-tensor';
    const figures = (a: string, b: string) =>
      new RegExp(
        `^chose ${esc(a)}: [0-9.]+ ms/batch vs ${esc(b)} [0-9.]+ ms/batch \\(best of 3 batches each, after a warm-up\\)$`
      );
    // Whichever won the timing here, the loop and the TF.js work follow the choice shown.
    if (e.loop === kernel) {
      expect(e.choice).toMatch(figures(kernel, tensor));
      expect(e.tensorWork).toEqual(['scoring']);
    } else {
      expect(e.choice).toMatch(figures(tensor, kernel));
      expect(e.tensorWork).toEqual(['training', 'scoring']);
    }
    expect(describeEngine(e)).toContain(` · ${e.choice}`);
    expect(await engineOf({ loss: 'warp', components: 8 }, 'tensor')).toEqual({
      loop: 'TF.js full-tensor (exact violator search, gradients and Adagrad in tensors)',
      tensorBackend: 'wasm',
      tensorWork: ['training', 'scoring'],
      choice: 'path forced (not measured)'
    });
  });

  it('describes a run in one line that never reduces it to "on wasm"', () => {
    const line = describeEngine({
      loop: 'WebAssembly SIMD kernel (f32)',
      tensorBackend: 'wasm',
      tensorWork: ['scoring']
    });
    expect(line).toBe('training loop: WebAssembly SIMD kernel (f32) · TF.js wasm: scoring');
  });
});

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
