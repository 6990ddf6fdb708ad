import { describe, expect, it } from 'vitest';
import { defaultColdRunId, defaultRunId, ensembleCandidates, runOptionGroups } from './run-options.ts';
import type { LabRun } from './run-record.ts';

function run(id: string, name: string, p5: number, createdAt: number, extra: Partial<LabRun> = {}): LabRun {
  return {
    id,
    name,
    createdAt,
    status: 'done',
    config: { loss: 'warp' },
    curves: [],
    metrics: { 'precision@5': p5 },
    manifest: null,
    datasetId: 'd',
    datasetName: 'd',
    fitMs: 1,
    split: { kind: 'random', seed: 42 },
    scores: new Float32Array(6),
    ...extra
  };
}
const cold = run('cold', 'WARP · held-out customers', 0.345, 9, { split: { kind: 'cold_start', seed: 42 } });
const warp1 = run('w1', 'WARP', 0.2, 1);
const warp2 = run('w2', 'WARP', 0.21, 2);
const bpr = run('b', 'BPR', 0.18, 3);

describe('run options', () => {
  it('the default is the best run of the default split, not a newer, higher-scoring run on held-out customers', () => {
    expect(defaultRunId([cold, bpr, warp2, warp1])).toBe('w2');
    expect(defaultRunId([cold])).toBe('cold');
    expect(defaultRunId([])).toBeNull();
  });
  it('groups the list by split, and two runs of one model read differently', () => {
    const groups = runOptionGroups([cold, bpr, warp2, warp1]);
    expect(groups.map((g) => g.label)).toEqual(['random 80/20', 'held-out customers (20%)']);
    expect(groups[0].options.map((o) => o.id)).toEqual(['b', 'w2', 'w1']);
    const [l2, l1] = groups[0].options.slice(1).map((o) => o.label);
    expect(l1).not.toBe(l2);
    expect(l1).toMatch(/^WARP · .*#[0-9a-z]{4} · P@5 0\.2000$/);
  });
  it('mixes only runs with full score matrices tested on one split, never held-out-customer runs', () => {
    const other = run('o', 'BPR', 0.3, 8, { split: { kind: 'random', seed: 7 } });
    const small = run('s', 'BPR', 0.3, 8, { scores: new Float32Array(2) });
    expect(ensembleCandidates([cold, other, small, warp1, warp2], 6).map((r) => r.id)).toEqual(['w1', 'w2']);
  });
  it('mixes runs scored on the same seeded evaluation sample (1M customers), never with another sample', () => {
    const sample = (size: number) => ({ size, seed: 14, testCustomers: 2, intervals: {} });
    const sampled = (id: string, size: number) =>
      run(id, 'BPR', 0.3, 8, { scores: undefined, scoresLength: size * 3, evalSample: sample(size) });
    const [s1, s2, s3] = [sampled('s1', 1), sampled('s2', 1), sampled('s3', 3)];
    // Two runs share the 1-customer sample: they are mixed, the full-matrix run and the other sample are not.
    expect(ensembleCandidates([warp1, s1, s2, s3], 6).map((r) => r.id)).toEqual(['s1', 's2']);
    // One run each: the full matrices win the tie.
    expect(ensembleCandidates([warp1, s1, s3], 6).map((r) => r.id)).toEqual(['w1']);
  });
  it('takes a listed run (matrix stored apart, only its length listed) as a full matrix', () => {
    const listed = (r: LabRun): LabRun => {
      const { scores, ...meta } = r;
      return { ...meta, scoresLength: scores?.length };
    };
    expect(ensembleCandidates([cold, warp1, warp2].map(listed), 6).map((r) => r.id)).toEqual(['w1', 'w2']);
  });
  it('cold start starts on a held-out-customer run, else on the single-mode run (one model loaded, not two)', () => {
    expect(defaultColdRunId([cold], [bpr, warp1, cold], 'w1')).toBe('cold');
    expect(defaultColdRunId([], [bpr, warp1], 'w1')).toBe('w1');
    expect(defaultColdRunId([], [bpr, warp1], 'gone')).toBe('b');
    expect(defaultColdRunId([], [], 'w1')).toBeNull();
  });
});
