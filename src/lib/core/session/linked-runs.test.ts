import { describe, expect, it } from 'vitest';
import type { LabRun } from '../pipeline/run-record.ts';
import { resolveConfig } from '../model/config.ts';
import { datasetRecipe, isLinkedRun, linkMismatch } from './linked-runs.ts';
import { defaultSessionLink, type SessionLink } from './session-link.ts';

describe('datasetRecipe', () => {
  it('reads a generated dataset, refuses an imported or renamed one', () => {
    expect(
      datasetRecipe({ kind: 'telco', name: 'synthetic-5000-s42', seed: 42, sizes: { customers: 5000 } })
    ).toEqual({ customers: 5000, seed: 42 });
    expect(
      datasetRecipe({ kind: 'telco', name: 'my shop', seed: 42, sizes: { customers: 5000 } })
    ).toBeNull();
    expect(
      datasetRecipe({ kind: 'telco', name: 'synthetic-5000-s42', sizes: { customers: 5000 } })
    ).toBeNull();
    expect(
      datasetRecipe({ kind: 'traintest', name: 'synthetic-5000-s42', seed: 42, sizes: { customers: 5000 } })
    ).toBeNull();
  });
});

describe('isLinkedRun', () => {
  const link: SessionLink = {
    ...defaultSessionLink(),
    features: { customer: ['basic', 'account'], plan: ['value'], exclude: [] },
    split: { kind: 'random', seed: 42 },
    backend: 'wasm',
    models: [{ loss: 'warp', options: { epochs: 3, components: 8 }, seed: 1 }]
  };
  const run = {
    id: 'r1',
    datasetId: 'd1',
    status: 'done',
    ablation: undefined,
    scores: new Float32Array(4),
    manifest: { seed: 1 },
    config: resolveConfig({ loss: 'warp', components: 8, epochs: 3 }),
    features: { customer: ['account', 'basic'], plan: ['value'] },
    split: { kind: 'random', seed: 42 },
    backend: { backend: 'wasm', reason: '' }
  } as unknown as LabRun;
  const m = link.models[0];

  it('accepts the same model (stored config resolved, groups in another order)', () => {
    expect(isLinkedRun(run, m, link, 'd1')).toBe(true);
  });

  it('accepts a run as the store lists it (score matrix left in the store, its length kept)', () => {
    const listed = { ...run, scores: undefined, scoresLength: 4 } as unknown as LabRun;
    expect(isLinkedRun(listed, m, link, 'd1')).toBe(true);
  });

  it('matches a linked full-tensor run only to a run whose batches ran on that path', () => {
    const tensor = { ...m, trainingPath: 'tensor' as const };
    const engine = { loop: 'TF.js full-tensor', tensorBackend: 'webgl', tensorWork: ['training', 'scoring'] };
    expect(isLinkedRun({ ...run, engine } as LabRun, tensor, link, 'd1')).toBe(true);
    expect(isLinkedRun(run, tensor, link, 'd1')).toBe(false);
  });

  it('rejects a run differing in any part that changes the numbers', () => {
    const variants: Array<[string, Partial<LabRun> | Record<string, unknown>]> = [
      ['dataset', { datasetId: 'd2' }],
      ['seed', { manifest: { seed: 2 } }],
      // Each core draws its own stream: a 2-core run is another model than the linked 1-core one.
      ['cores', { manifest: { seed: 1, cores: 2 } }],
      // The batches ran on TF.js's full-tensor path: other float rounding, other numbers.
      [
        'training path',
        { engine: { loop: 'TF.js full-tensor', tensorBackend: 'webgl', tensorWork: ['training', 'scoring'] } }
      ],
      ['options', { config: resolveConfig({ loss: 'warp', components: 8, epochs: 4 }) }],
      ['features', { features: { customer: ['basic'], plan: ['value'] } }],
      ['split', { split: { kind: 'random', seed: 7 } }],
      ['backend', { backend: { backend: 'cpu', reason: '' } }],
      ['no scores', { scores: undefined }],
      ['ablation', { ablation: { study: 's', variant: 'full', removed: null } }]
    ];
    for (const [what, patch] of variants)
      expect(isLinkedRun({ ...run, ...patch } as LabRun, m, link, 'd1'), what).toBe(false);
  });
});

describe('linkMismatch', () => {
  const features = { customer: ['segment'], plan: ['tier'], exclude: [] };
  const a = { name: 'WARP', features, split: undefined, backend: { backend: 'wasm' } };

  it('accepts runs sharing features, split and backend', () => {
    expect(linkMismatch([a, { ...a, name: 'BPR', features: { ...features, plan: ['tier'] } }])).toBeNull();
    expect(linkMismatch([])).toBeNull();
  });

  it('names the run that differs, how, and what to do', () => {
    const b = { ...a, name: 'BPR', features: { ...features, plan: [] }, backend: { backend: 'cpu' } };
    expect(linkMismatch([a, b])).toBe(
      '"BPR" was trained with different features and backend (cpu, not wasm) from "WARP", and a link carries one feature set, split and backend. To share, take "BPR" out of the ensemble (or show another model in the single-model view), or retrain it on the Train page with the same features, split and backend.'
    );
    expect(linkMismatch([a, { ...a, name: 'X', split: { kind: 'temporal' } }])).toMatch(
      /different split from "WARP"/
    );
  });
});
