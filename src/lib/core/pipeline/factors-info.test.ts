import { describe, expect, it } from 'vitest';
import { explanationNote, TRAINED_ELSEWHERE } from './factors-info.ts';
import { runLabel } from './run-label.ts';
import type { ModelManifest } from '../model/format.ts';

describe('labels of imported factors', () => {
  it('show no seed: the factors were not trained here', () => {
    const manifest = { seed: 0, backend: TRAINED_ELSEWHERE } as ModelManifest;
    const label = runLabel({ id: 'run-factors-1', name: 'imported factors (LightFM)', manifest });
    expect(label).toMatch(/^imported factors \(LightFM\) · #\w{4}$/);
    expect(runLabel({ id: 'r2', name: 'WARP', manifest: { ...manifest, backend: 'wasm' } })).toMatch(
      /seed 0/
    );
  });

  it('say why a run without per-feature embeddings cannot explain, and nothing when it can', () => {
    const side = (keying: 'per-entity' | 'per-feature') => ({ file: 'f.csv', keying, biases: true });
    expect(
      explanationNote({ source: 'lightfm', users: side('per-entity'), items: side('per-entity') })
    ).toMatch(/per customer and per plan .* cannot be split into feature contributions/);
    expect(
      explanationNote({ source: 'spark', users: side('per-feature'), items: side('per-entity') })
    ).toMatch(/per plan .* for the plans/);
    expect(
      explanationNote({ source: 'lightfm', users: side('per-feature'), items: side('per-feature') })
    ).toBeNull();
  });
});
