// Test-only helpers (not exported from the core's public surface): small interaction builders
// and a loader for the parity CSV fixtures.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Interactions } from '../types.ts';

export function inter(pairs: ReadonlyArray<readonly [number, number]>): Interactions {
  return {
    userIdx: Int32Array.from(pairs.map((p) => p[0])),
    itemIdx: Int32Array.from(pairs.map((p) => p[1])),
    weight: new Float32Array(pairs.length).fill(1)
  };
}

export interface ParityData {
  nUsers: number;
  nItems: number;
  train: Interactions;
  test: Interactions;
  itemIds: string[];
}

export function loadParity(name: 'telco-5k' | 'catalog-3k'): ParityData {
  const dir = fileURLToPath(new URL(`../../../../test/fixtures/parity/${name}/`, import.meta.url));
  const lines = (f: string) =>
    readFileSync(dir + f, 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1);
  const users = lines('users.csv');
  const items = lines('items.csv');
  const uIdx = new Map(users.map((u, i) => [u, i]));
  const iIdx = new Map(items.map((u, i) => [u, i]));
  const read = (f: string) =>
    inter(
      lines(f).map((l) => {
        const [u, i] = l.split(',');
        return [uIdx.get(u)!, iIdx.get(i)!] as const;
      })
    );
  return {
    nUsers: users.length,
    nItems: items.length,
    train: read('train.csv'),
    test: read('test.csv'),
    itemIds: items
  };
}

// This file is named *.test.ts so the core type-check (no Node types) skips it; it checks the
// loader against the sizes the parity README states.
import { describe, expect, it } from 'vitest';
describe('parity fixture loader', () => {
  it('reads telco-5k with the documented sizes', () => {
    const d = loadParity('telco-5k');
    expect([d.nUsers, d.nItems, d.train.userIdx.length, d.test.userIdx.length]).toEqual([
      5000, 20, 10342, 2585
    ]);
  });
});
