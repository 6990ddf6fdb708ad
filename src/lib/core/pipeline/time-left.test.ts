import { describe, expect, it } from 'vitest';
import { estimateTimeLeft, keepRecentPoints, type EpochPoint } from './time-left.ts';

/** Cumulative elapsed times from per-epoch durations. */
function run(durations: number[]): EpochPoint[] {
  let t = 0;
  return durations.map((d, k) => ({ epoch: k + 1, elapsedMs: (t += d) }));
}
/** The true time left after `done` epochs. */
const truth = (points: EpochPoint[], done: number) => points.at(-1)!.elapsedMs - points[done - 1].elapsedMs;

describe('estimateTimeLeft', () => {
  it('is exact at a steady pace, and 0 at the end', () => {
    const p = run(Array(30).fill(300));
    expect(estimateTimeLeft({ points: p.slice(0, 10), epochs: 30 })).toBeCloseTo(6000, 6);
    expect(estimateTimeLeft({ points: p, epochs: 30 })).toBe(0);
    expect(estimateTimeLeft({ points: [], epochs: 30 })).toBeUndefined();
  });
  it('leaves out the first epoch’s one-off cost (JIT, shader compilation)', () => {
    const p = run([3000, ...Array(29).fill(300)]);
    const at5 = estimateTimeLeft({ points: p.slice(0, 5), epochs: 30 })!;
    expect(at5).toBeCloseTo(truth(p, 5), 6);
    // The mean since the start would say 21 s for 7.5 s left.
    expect((p[4].elapsedMs / 5) * 25).toBeGreaterThan(2.5 * truth(p, 5));
  });
  it('follows the pace when parallel runs finish and this one gets the CPU to itself', () => {
    const p = run([...Array(10).fill(800), ...Array(20).fill(300)]);
    for (const done of [15, 20, 25])
      expect(estimateTimeLeft({ points: p.slice(0, done), epochs: 30 })).toBeCloseTo(truth(p, done), 6);
  });
  it('works from throttled reports that skip epochs', () => {
    const all = run(Array(30).fill(250));
    const reported = all.filter((x) => x.epoch % 4 === 0 || x.epoch === 1);
    expect(estimateTimeLeft({ points: reported.filter((x) => x.epoch <= 12), epochs: 30 })).toBeCloseTo(
      18 * 250,
      6
    );
  });
  it('gives no estimate from the first epoch alone (its one-off costs are not the pace)', () => {
    expect(estimateTimeLeft({ points: [{ epoch: 1, elapsedMs: 400 }], epochs: 10 })).toBeUndefined();
    // A first report that already spans several epochs (throttled reports) is a pace.
    expect(estimateTimeLeft({ points: [{ epoch: 4, elapsedMs: 1200 }], epochs: 10 })).toBe(1800);
  });
  it('a recorded Hybrid Deep run (headless Chromium, 5k dataset, four models in parallel): within 1.35× of the truth from epoch 2 on', () => {
    // Elapsed ms at the end of epochs 1…30, as its run card showed them.
    const elapsed = [
      3800, 5300, 6600, 7500, 8500, 9800, 11500, 12600, 13500, 14800, 16500, 16900, 17700, 19400, 20500,
      21400, 22300, 23500, 24500, 25600, 26800, 27800, 29500, 30300, 31400, 32300, 33300, 34200, 35700, 36600
    ];
    const p = elapsed.map((elapsedMs, k) => ({ epoch: k + 1, elapsedMs }));
    for (let done = 2; done < 28; done++) {
      const ratio = estimateTimeLeft({ points: p.slice(0, done), epochs: 30 })! / truth(p, done);
      expect(ratio, `after epoch ${done}`).toBeLessThan(1.35);
      expect(ratio, `after epoch ${done}`).toBeGreaterThan(0.75);
    }
    // What the card used to say: the mean since the start, 2.4× the truth after epoch 2.
    expect(((p[1].elapsedMs / 2) * 28) / truth(p, 2)).toBeGreaterThan(2.3);
  });
});

describe('keepRecentPoints', () => {
  it('keeps a bounded list that gives the same estimate', () => {
    const p = run([2000, ...Array(10).fill(900), ...Array(40).fill(300)]);
    const kept = keepRecentPoints(p);
    expect(kept.length).toBe(7);
    expect(estimateTimeLeft({ points: kept, epochs: 60 })).toBeCloseTo(
      estimateTimeLeft({ points: p, epochs: 60 })!,
      9
    );
  });
});
