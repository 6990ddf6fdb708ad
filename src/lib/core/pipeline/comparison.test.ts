import { describe, expect, it } from 'vitest';
import { bestRunId, compareRunGroups, compareRuns } from './comparison.ts';
import { ablationDeltas, ablationVariants } from './ablation.ts';
import type { LabRun } from './run-record.ts';
import { createRng } from '../data/rng.ts';

function run(id: string, p5: number[], extra: Partial<LabRun> = {}): LabRun {
  const values = Float64Array.from(p5);
  const mean = p5.reduce((s, x) => s + x, 0) / p5.length;
  return {
    id,
    name: id,
    createdAt: 0,
    status: 'done',
    config: { loss: 'warp' },
    curves: [],
    metrics: { 'precision@5': mean, auc: mean },
    manifest: null,
    datasetId: 'd',
    datasetName: 'd',
    fitMs: 1,
    perUser: { users: Int32Array.from(p5.map((_, k) => k)), values: { 'precision@5': values, auc: values } },
    ...extra
  };
}

describe('compareRuns', () => {
  const rng = createRng(3);
  const base = Array.from({ length: 300 }, () => (rng.next() < 0.3 ? 0.2 : 0));
  it('marks the best run and finds a clear lead significant', () => {
    const better = base.map((x) => x + 0.2);
    const c = compareRuns({
      runs: [run('a', base), run('b', better), run('failed', base, { status: 'failed', metrics: {} })]
    });
    expect(c.bestId).toBe('b');
    expect(c.runnerUpId).toBe('a');
    expect(c.runs.map((r) => r.id)).toEqual(['b', 'a']);
    expect(c.significance!.wilcoxon.pValue).toBeLessThan(0.001);
    expect(c.significance!.bootstrap.lower).toBeGreaterThan(0);
  });
  it('finds no significant difference between runs that differ per user but not on average', () => {
    // b wins 0.2 on 40 users and loses 0.2 on 38 others: a lead of 0.4/300 that is noise.
    // (Identical runs would pass with any pairing bug: every difference, and so every interval, is 0.)
    const b = base.map((x, k) => (k % 7 === 0 && k < 280 ? x + 0.2 : k % 7 === 3 && k < 266 ? x - 0.2 : x));
    const c = compareRuns({ runs: [run('a', base), run('b', b)] });
    expect(c.bestId).toBe('b');
    const sig = c.significance!;
    expect(sig.bootstrap.meanDiff).toBeCloseTo(((40 - 38) * 0.2) / 300, 10);
    expect(sig.bootstrap.lower).toBeLessThan(0);
    expect(sig.bootstrap.upper).toBeGreaterThan(0);
    expect(sig.wilcoxon.pValue).toBeGreaterThan(0.5);
  });
  it('refuses to pair runs evaluated on different users', () => {
    const c = compareRuns({
      runs: [
        run('a', base),
        run(
          'b',
          base.slice(1).map((x) => x + 0.1)
        )
      ]
    });
    expect(c.significance).toBeNull();
    expect(c.note).toMatch(/different test users/);
  });
  it('never compares a run on another split with the others (a held-out-customer run with a higher P@5 is not the best)', () => {
    const split = { kind: 'random' as const, seed: 42 };
    const cold = run(
      'cold',
      base.map((x) => x + 0.5),
      { split: { kind: 'cold_start', seed: 42 }, createdAt: 5 }
    );
    const a = run('a', base, { split });
    const b = run(
      'b',
      base.map((x) => x + 0.1),
      { split }
    );
    const c = compareRuns({ runs: [cold, a, b] });
    expect(c.bestId).toBe('b');
    expect(c.runs.map((r) => r.id)).toEqual(['b', 'a']);
    expect(c.significance).not.toBeNull();
    const groups = compareRunGroups({ runs: [cold, a, b] });
    expect(groups.map((g) => [g.group.label, g.runs.map((r) => r.id)])).toEqual([
      ['random 80/20', ['b', 'a']],
      ['held-out customers (20%)', ['cold']]
    ]);
    expect(groups[1].significance).toBeNull();
  });
  it('with test: false ranks at once and leaves the pairable test pending (a worker runs it)', () => {
    const better = base.map((x) => x + 0.2);
    const [g] = compareRunGroups({ runs: [run('a', base), run('b', better)], test: false });
    expect([g.bestId, g.runnerUpId, g.pending, g.significance]).toEqual(['b', 'a', true, null]);
    const [tested] = compareRunGroups({ runs: [run('a', base), run('b', better)] });
    expect(tested.pending).toBeUndefined();
    expect(tested.significance).not.toBeNull();
  });

  it('needs two runs', () => {
    expect(compareRuns({ runs: [run('a', base)] }).note).toMatch(/at least two/);
  });
});

describe('ablation', () => {
  it('has the full model, one variant per enabled group and identity only', () => {
    const v = ablationVariants({ customer: ['basic', 'behavioural'], plan: ['bundle'] });
    expect(v.map((x) => x.id)).toEqual([
      'full',
      'customer:basic',
      'customer:behavioural',
      'plan:bundle',
      'identity-only'
    ]);
    expect(v[2].features.customer).toEqual(['basic']);
    expect(v[4].features).toMatchObject({ customer: [], plan: [] });
  });
  it('reports variant minus full with an interval, per metric', () => {
    const full = run('full', [0.4, 0.2, 0.4, 0.2, 0.4, 0.2], {
      ablation: { study: 's', variant: 'full', removed: null }
    });
    const worse = run('worse', [0.2, 0, 0.2, 0, 0.2, 0], {
      ablation: { study: 's', variant: 'customer:basic', removed: 'customer:basic' }
    });
    const d = ablationDeltas({ runs: [full, worse] });
    expect(d.map((x) => x.metric)).toEqual(['precision@5', 'auc']);
    expect(d[0].mean).toBeCloseTo(-0.2, 10);
    expect(d[0].upper).toBeLessThan(0);
  });
});

describe('bestRunId', () => {
  it('names compareRuns’ best (ties: the earlier run) without running its significance test', () => {
    const rng = createRng(5);
    const base = Array.from({ length: 200 }, () => (rng.next() < 0.3 ? 0.2 : 0));
    const runs = [
      run('a', base, { createdAt: 2 }),
      run(
        'b',
        base.map((x) => x + 0.1),
        { createdAt: 3 }
      ),
      run(
        'tie',
        base.map((x) => x + 0.1),
        { createdAt: 1 }
      )
    ];
    expect(bestRunId({ runs })).toBe(compareRuns({ runs }).bestId);
    expect(bestRunId({ runs })).toBe('tie');
    // Per-user values the bootstrap would reject (different users) do not matter here.
    const unpaired = [run('x', [0.4]), run('y', [0.1, 0.1])];
    expect(bestRunId({ runs: unpaired })).toBe('x');
    expect(bestRunId({ runs: [] })).toBeNull();
  });
});
