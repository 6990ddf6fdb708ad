import { describe, expect, it } from 'vitest';
import { formatRunTime, runLabel, runLabels, shortRunId } from './run-label.ts';
import type { LabRun } from './run-record.ts';

const at = (h: number, m: number, day = 30) => new Date(2026, 10, day, h, m).getTime();
const NOW = at(18, 0);

function run(
  id: string,
  name: string,
  extra: Partial<LabRun> & { seed?: number } = {}
): LabRun & { seed?: number } {
  return {
    id,
    name,
    createdAt: at(14, 2),
    status: 'done',
    config: { loss: 'warp' },
    curves: [],
    metrics: {},
    manifest: null,
    datasetId: 'd',
    datasetName: 'd',
    fitMs: 1,
    split: { kind: 'random', seed: 42 },
    ...extra
  };
}

describe('runLabel', () => {
  it('says model, seed, time and a short id; the standard split needs no mention', () => {
    const label = runLabel(run('run-abc-0', 'WARP', { seed: 3 }), { now: NOW });
    expect(label).toBe(`WARP · seed 3 · 14:02 · #${shortRunId('run-abc-0')}`);
    expect(shortRunId('run-abc-0')).toMatch(/^[0-9a-z]{4}$/);
  });
  it('names a split that is not the standard random 80/20', () => {
    expect(runLabel(run('a', 'WARP', { split: { kind: 'cold_start', seed: 42 } }), { now: NOW })).toMatch(
      /^WARP · held-out customers \(20%\) · 14:02 · #/
    );
    expect(runLabel(run('a', 'BPR', { split: { kind: 'temporal', seed: 42 } }), { now: NOW })).toMatch(
      /^BPR · latest adoption held out · /
    );
    expect(runLabel(run('a', 'BPR', { split: { kind: 'random', testFraction: 0.3 } }), { now: NOW })).toMatch(
      /^BPR · random 70\/30 · /
    );
  });
  it('reads the seed from the model manifest of a stored run', () => {
    const manifest = { seed: 7 } as LabRun['manifest'];
    expect(runLabel(run('a', 'WARP', { manifest }), { now: NOW })).toContain('seed 7');
  });
  it('adds the date for a run from another day and the year for another year', () => {
    expect(formatRunTime(at(9, 5, 29), NOW)).toBe('29 Nov 09:05');
    expect(formatRunTime(new Date(2025, 0, 2, 23, 59).getTime(), NOW)).toBe('2 Jan 2025 23:59');
  });
  it('labels a live run that has no time or seed yet by name and short id', () => {
    expect(runLabel({ id: 'run-x', name: 'Hybrid Deep' })).toBe(`Hybrid Deep · #${shortRunId('run-x')}`);
  });
});

describe('runLabels', () => {
  it('tells two runs of the same model apart (different ids, same name, seed and minute)', () => {
    const runs = [run('run-mabc-0', 'WARP', { seed: 1 }), run('run-mabc-1', 'WARP', { seed: 1 })];
    const labels = runLabels(runs, { now: NOW });
    expect(labels.get('run-mabc-0')).not.toBe(labels.get('run-mabc-1'));
    expect(labels.get('run-mabc-0')).toMatch(/^WARP · seed 1 · 14:02 · #/);
  });
  it('stays distinct when short ids clash', () => {
    const ids = Array.from({ length: 3000 }, (_, k) => `run-${k}`);
    const byShort = new Map<string, string>();
    let clash: [string, string] | null = null;
    for (const id of ids) {
      const s = shortRunId(id);
      if (byShort.has(s)) {
        clash = [byShort.get(s)!, id];
        break;
      }
      byShort.set(s, id);
    }
    expect(clash, 'a clash among 3000 ids in 36^4 tags').not.toBeNull();
    const labels = runLabels([run(clash![0], 'WARP'), run(clash![1], 'WARP')], { now: NOW });
    expect(new Set(labels.values()).size).toBe(2);
  });
});
