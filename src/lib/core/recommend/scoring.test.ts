import { describe, expect, it } from 'vitest';
import {
  featureRowFromNames,
  modelRepresentations,
  scoreAll,
  scoreFeatureRow,
  scoreMatrix,
  topN
} from './scoring.ts';
import { randomModel } from './test-model.test.ts';
import type { CsrMatrix } from '../types.ts';

function dense(m: CsrMatrix): number[][] {
  const out = Array.from({ length: m.nRows }, () => new Array(m.nCols).fill(0));
  for (let r = 0; r < m.nRows; r++)
    for (let p = m.indptr[r]; p < m.indptr[r + 1]; p++) out[r][m.indices[p]] = m.values[p];
  return out;
}

describe('scoreAll', () => {
  it('equals b_u + b_i + p_u·q_i computed densely', () => {
    const { space, weights } = randomModel(5);
    const d = weights.components;
    const XU = dense(space.userFeatures);
    const XI = dense(space.itemFeatures);
    const S = scoreAll({ weights, space });
    const nI = space.itemIds.length;
    for (const u of [0, 7, 29]) {
      for (let i = 0; i < nI; i++) {
        let bu = 0,
          bi = 0;
        const p = new Array(d).fill(0),
          q = new Array(d).fill(0);
        XU[u].forEach((x, f) => {
          bu += x * weights.userBiases[f];
          for (let c = 0; c < d; c++) p[c] += x * weights.userEmbeddings[f * d + c];
        });
        XI[i].forEach((y, g) => {
          bi += y * weights.itemBiases[g];
          for (let c = 0; c < d; c++) q[c] += y * weights.itemEmbeddings[g * d + c];
        });
        const want = bu + bi + p.reduce((s, v, c) => s + v * q[c], 0);
        expect(S[u * nI + i]).toBeCloseTo(want, 5);
      }
    }
  });
  it('rejects weights that do not fit the feature space', () => {
    const { space, weights } = randomModel(5);
    expect(() => scoreAll({ space, weights: { ...weights, itemBiases: new Float32Array(2) } })).toThrow(
      /trained with other features/
    );
  });
  it('scores a subset of users in the given order', () => {
    const { space, weights } = randomModel(6);
    const reps = modelRepresentations({ weights, space });
    const all = scoreMatrix(reps);
    const sub = scoreMatrix({ ...reps, userRows: [3, 1] });
    const nI = space.itemIds.length;
    expect([...sub.subarray(0, nI)]).toEqual([...all.subarray(3 * nI, 4 * nI)]);
    expect([...sub.subarray(nI)]).toEqual([...all.subarray(nI, 2 * nI)]);
  });
});

describe('scoreFeatureRow (new customer from attributes)', () => {
  it('reproduces a known customer when given that customer’s row', () => {
    const { space, weights } = randomModel(7);
    const { items } = modelRepresentations({ weights, space });
    const S = scoreAll({ weights, space });
    const nI = space.itemIds.length;
    const u = 4;
    const m = space.userFeatures;
    const row = {
      indices: m.indices.subarray(m.indptr[u], m.indptr[u + 1]),
      values: m.values.subarray(m.indptr[u], m.indptr[u + 1])
    };
    const s = scoreFeatureRow({ weights, items, row, normalize: false });
    for (let i = 0; i < nI; i++) expect(s[i]).toBeCloseTo(S[u * nI + i], 5);
    // The row is already L1-normalised, so normalising again changes nothing.
    const s2 = scoreFeatureRow({ weights, items, row });
    for (let i = 0; i < nI; i++) expect(s2[i]).toBeCloseTo(s[i], 5);
  });
  it('builds rows from names and reports unknown ones', () => {
    const names = ['user:C0', 'segment:business', 'lines:multi'];
    const { row, unknown } = featureRowFromNames({
      featureNames: names,
      features: ['lines:multi', 'segment:business', 'region:north', ['segment:business', 1]]
    });
    expect(Array.from(row.indices)).toEqual([1, 2]);
    expect(Array.from(row.values)).toEqual([2, 1]);
    expect(unknown).toEqual(['region:north']);
  });
  it('rejects an empty attribute row', () => {
    const { space, weights } = randomModel(7);
    const { items } = modelRepresentations({ weights, space });
    expect(() => scoreFeatureRow({ weights, items, row: { indices: [], values: [] } })).toThrow(
      /at least one/
    );
  });
});

describe('topN', () => {
  it('returns best first, breaks ties by lower index, skips excluded items', () => {
    const scores = [0.5, 0.9, 0.5, 0.1, 0.9, 0.3];
    expect([...topN({ scores, nItems: 6, n: 3 })]).toEqual([1, 4, 0]);
    expect([...topN({ scores, nItems: 6, n: 3, exclude: [1] })]).toEqual([4, 0, 2]);
    expect([...topN({ scores, nItems: 6, n: 10, exclude: [1, 4] })]).toEqual([0, 2, 5, 3]);
    expect([...topN({ scores: [0, 0, 0, ...scores], nItems: 3, user: 1, n: 2 })]).toEqual([1, 0]);
    expect([...topN({ scores, nItems: 6, n: 0 })]).toEqual([]);
  });
});
