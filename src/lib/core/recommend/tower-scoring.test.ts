import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng.ts';
import { initTowerWeights, type TowerWeights } from '../model/deep-tower.ts';
import { scoreAll } from './scoring.ts';
import {
  applySideTower,
  explainModelScore,
  scoringItems,
  scoringUser,
  scoreUserRow
} from './tower-scoring.ts';
import { explanationLines } from './explanation-lines.ts';
import { randomModel } from './test-model.test.ts';

function randomTower(d: number, h: number, seed: number): TowerWeights {
  const rng = createRng(seed);
  const t = initTowerWeights(d, h, rng);
  for (const side of [t.user, t.item]) {
    for (let k = 0; k < side.w2.length; k++) side.w2[k] = rng.normal() * 0.3;
    for (let k = 0; k < side.b1.length; k++) side.b1[k] = rng.normal() * 0.1;
  }
  return t;
}

describe('plain-JS tower', () => {
  it('computes x + relu(x·W1 + b1)·W2 (hand example)', () => {
    // d = 2, hidden = 1: W1 = [1, -1]ᵀ, b1 = [0.5], W2 = [2, 3]
    const w = { w1: Float32Array.of(1, -1), b1: Float32Array.of(0.5), w2: Float32Array.of(2, 3) };
    const out = applySideTower(Float32Array.of(1, 0.25, -1, 1), 2, 2, 1, w);
    // row 1: a = relu(1 − 0.25 + 0.5) = 1.25 → [1 + 2.5, 0.25 + 3.75]; row 2: a = relu(−1.5) = 0 → unchanged
    expect(Array.from(out)).toEqual([3.5, 4, -1, 1]);
  });
  it('an untrained tower (W2 = 0) scores exactly like the bilinear model', () => {
    const { space, weights } = randomModel(3, 20, 6, 4);
    const tower = initTowerWeights(4, 5, createRng(1));
    const S = scoreAll({ weights, space });
    const items = scoringItems({ weights, space, tower });
    for (let u = 0; u < 20; u++) {
      const row = scoreUserRow(scoringUser({ weights, space, tower }, u), items);
      for (let i = 0; i < 6; i++) expect(row[i]).toBeCloseTo(S[u * 6 + i], 5);
    }
  });
});

describe('explainModelScore', () => {
  it('bilinear terms + tower residual add up to the Hybrid Deep score within 1e-4', () => {
    for (const seed of [1, 2]) {
      const { space, weights } = randomModel(seed, 30, 8, 6);
      const tower = randomTower(6, 7, seed);
      const items = scoringItems({ weights, space, tower });
      const rng = createRng(seed + 50);
      for (let t = 0; t < 20; t++) {
        const u = rng.int(30);
        const i = rng.int(8);
        const want = scoreUserRow(scoringUser({ weights, space, tower }, u), items)[i];
        const e = explainModelScore({ weights, space, tower, user: u, item: i });
        expect(e.towerResidual).not.toBe(0);
        const sum = e.contributions.reduce((s, c) => s + c.value, 0) + e.towerResidual;
        expect(Math.abs(sum - want)).toBeLessThan(1e-4);
        const lines = explanationLines({ explanation: e, top: 3 });
        expect(Math.abs(lines.sum - lines.score)).toBeLessThan(1e-4);
        expect(lines.lines.some((l) => l.kind === 'tower')).toBe(true);
      }
    }
  });
  it('without a tower the residual is 0 and the lines add up to the bilinear score', () => {
    const { space, weights } = randomModel(5, 30, 8, 6);
    const S = scoreAll({ weights, space });
    for (const [u, i] of [
      [0, 0],
      [7, 3],
      [29, 7]
    ]) {
      const e = explainModelScore({ weights, space, user: u, item: i });
      expect(e.towerResidual).toBe(0);
      const lines = explanationLines({ explanation: e, top: 2 });
      expect(Math.abs(lines.sum - S[u * 8 + i])).toBeLessThan(1e-4);
      expect(lines.lines.some((l) => l.kind === 'tower')).toBe(false);
      expect(lines.lines.filter((l) => l.kind === 'baseline').length).toBe(1);
    }
  });
});
