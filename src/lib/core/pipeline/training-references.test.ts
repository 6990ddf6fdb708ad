import { describe, expect, it } from 'vitest';
import { generateDataset } from '../data/generator.ts';
import { standardCeilings } from '../data/ceilings.ts';
import { trainingReferences } from './training-references.ts';

describe('trainingReferences (the Train page references, computed in a worker)', () => {
  const dataset = generateDataset({ customers: 400, seed: 3, ceilings: false });

  it('gives the default random split, the popularity row on it and the matching ceiling', () => {
    const refs = trainingReferences({ kind: 'telco', dataset }, standardCeilings(dataset));
    expect(refs.split?.kind).toBe('random');
    expect(refs.imported).toBeNull();
    expect(refs.rows.map((r) => r.kind)).toEqual(['popularity', 'ceiling']);
    const p5 = refs.rows[0].metrics['precision@5'];
    expect(p5).toBeGreaterThan(0);
    expect(p5).toBeLessThan(refs.rows[1].metrics['precision@5']);
  });

  it('leaves the ceiling out when the dataset has none (imported data)', () => {
    const refs = trainingReferences({ kind: 'telco', dataset }, undefined);
    expect(refs.rows.map((r) => r.kind)).toEqual(['popularity']);
  });

  it('is plain data a worker can post (structured clone keeps it equal)', () => {
    const refs = trainingReferences({ kind: 'telco', dataset }, standardCeilings(dataset));
    expect(structuredClone(refs)).toEqual(refs);
  });
});
