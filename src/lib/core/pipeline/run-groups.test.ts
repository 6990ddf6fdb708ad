import { describe, expect, it } from 'vitest';
import { evaluationKey, groupRuns, primaryGroup } from './run-groups.ts';

const run = (
  id: string,
  split: Record<string, unknown> | undefined,
  extra: Record<string, unknown> = {}
) => ({
  id,
  datasetId: 'd1',
  datasetName: 'telco',
  createdAt: 0,
  split: split as never,
  ...extra
});

describe('evaluationKey', () => {
  it('is the same only for the same dataset and test set', () => {
    const a = run('a', { kind: 'random', seed: 42 });
    expect(evaluationKey(a)).toBe(
      evaluationKey(run('b', { kind: 'random', seed: 42, testFraction: 0.2, validationFraction: 0.1 }))
    );
    expect(evaluationKey(a)).not.toBe(evaluationKey(run('c', { kind: 'random', seed: 7 })));
    expect(evaluationKey(a)).not.toBe(
      evaluationKey(run('c', { kind: 'random', seed: 42, testFraction: 0.3 }))
    );
    expect(evaluationKey(a)).not.toBe(evaluationKey(run('c', { kind: 'cold_start', seed: 42 })));
    expect(evaluationKey(a)).not.toBe(
      evaluationKey(run('c', { kind: 'random', seed: 42 }, { datasetId: 'd2' }))
    );
    // A temporal split holds out each customer's latest adoption: no share, no seed.
    expect(evaluationKey(run('t', { kind: 'temporal', seed: 1 }))).toBe(
      evaluationKey(run('u', { kind: 'temporal', seed: 2, testFraction: 0.5 }))
    );
  });
});

describe('groupRuns', () => {
  it('puts a held-out-customer run in its own group, after the random-split runs, however new it is', () => {
    const cold = run('cold', { kind: 'cold_start', seed: 42 }, { createdAt: 99 });
    const groups = groupRuns([
      cold,
      run('w1', { kind: 'random', seed: 42 }),
      run('w2', { kind: 'random', seed: 42 })
    ]);
    expect(groups.map((g) => g.runs.map((r) => r.id))).toEqual([['w1', 'w2'], ['cold']]);
    expect(groups[0].label).toBe('random 80/20');
    expect(groups[1].label).toBe('held-out customers (20%)');
    expect(groups[1].description).toBe(
      'held-out-customer split: 20% of customers held out with all their adoptions (split seed 42)'
    );
    expect(primaryGroup([cold])!.runs.map((r) => r.id)).toEqual(['cold']);
  });
  it('puts the preferred group first; else the bigger, then the newer', () => {
    const r7 = run('r7', { kind: 'random', seed: 7 }, { createdAt: 5 });
    const r42 = [
      run('a', { kind: 'random', seed: 42 }, { createdAt: 1 }),
      run('b', { kind: 'random', seed: 42 }, { createdAt: 2 })
    ];
    expect(groupRuns([r7, ...r42])[0].key).toBe(evaluationKey(r42[0]));
    expect(groupRuns([r7, ...r42], { preferredKey: evaluationKey(r7) })[0].runs).toEqual([r7]);
    const r8 = run('r8', { kind: 'random', seed: 8 }, { createdAt: 9 });
    expect(groupRuns([r7, r8])[0].runs).toEqual([r8]);
  });
  it('gives two groups that would read alike labels that say what differs', () => {
    const g = groupRuns([run('a', { kind: 'random', seed: 42 }), run('b', { kind: 'random', seed: 7 })]);
    expect(g.map((x) => x.label).sort()).toEqual([
      'random 80/20 (split seed 42)',
      'random 80/20 (split seed 7)'
    ]);
    const d = groupRuns([
      run('a', { kind: 'random', seed: 42 }),
      run('b', { kind: 'random', seed: 42 }, { datasetId: 'd2', datasetName: 'other' })
    ]);
    expect(d.map((x) => x.label).sort()).toEqual(['random 80/20 on other', 'random 80/20 on telco']);
  });
  it('describes an imported dataset’s own files as such', () => {
    const g = groupRuns([run('x', undefined)]);
    expect(g[0].label).toBe('given train/test');
    expect(g[0].description).toMatch(/own train\/test split/);
  });
});
