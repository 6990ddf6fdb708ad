import { beforeAll, describe, expect, it } from 'vitest';
import { setupNodeBackend } from '../../../cli/node-backend.ts';
import { generateDataset } from '../data/generator.ts';
import { buildTrainTestData } from '../data/train-test.ts';
import { train } from '../model/train.ts';
import { exploreScores, onlinePolicy, thompsonScores } from './online.ts';
import { scoreUsers } from '../model/predict.ts';
import { runOnlineLab } from './online-lab.ts';

beforeAll(async () => {
  await setupNodeBackend('wasm');
});

describe('online learning month by month', () => {
  it('all strategies start from the same model (same month-1 result), then diverge; same seed, same numbers', async () => {
    const dataset = generateDataset({ customers: 300, seed: 3, ceilings: false });
    const data = buildTrainTestData({ dataset });
    const model = await train({ data, config: { loss: 'warp', epochs: 5 }, seed: 1 });
    const run = () =>
      runOnlineLab({
        dataset,
        model,
        runName: 'warp',
        baseTrain: data.train,
        months: 3,
        replications: 2,
        seed: 4,
        epsilon: 0.5
      });
    const a = await run();
    const by = new Map(a.policies.map((p) => [p.id, p]));
    expect([...by.keys()]).toEqual([
      'oracle',
      'frozen',
      'fit_partial',
      'retrain',
      'fit_partial+explore',
      'popularity'
    ]);
    expect(a.months).toBe(3);
    const m1 = (id: string) => by.get(id)!.monthlyConversion[0];
    expect(m1('fit_partial')).toEqual(m1('frozen'));
    expect(m1('retrain')).toEqual(m1('frozen'));
    expect(m1('fit_partial+explore').mean).not.toBe(m1('frozen').mean);
    const later = (id: string) =>
      by
        .get(id)!
        .monthlyConversion.slice(1)
        .map((e) => e.mean);
    expect(later('fit_partial')).not.toEqual(later('frozen'));
    expect(later('retrain')).not.toEqual(later('frozen'));
    expect(await run()).toEqual(a);
  }, 60_000);

  it('ε-greedy replaces about ε of the customers’ rows with random scores', () => {
    const scores = new Float32Array(1000 * 4).fill(5);
    const out = exploreScores(scores, 4, 0.2, 1);
    let replaced = 0;
    for (let c = 0; c < 1000; c++) if (out[c * 4] !== 5) replaced++;
    expect(replaced).toBeGreaterThan(160);
    expect(replaced).toBeLessThan(240);
    expect(exploreScores(scores, 4, 0, 1)).toEqual(scores);
  });

  it('Thompson sampling: the draw spreads like the row for never-offered plans, shrinks by 1/√(1 + offers), is seeded', () => {
    const nC = 4000,
      row = [0, 1, 2, 3]; // population sd of the row: √1.25
    const scores = Float32Array.from({ length: nC * 4 }, (_, k) => row[k % 4]);
    const offered = [0, 3, 99, 1e12];
    const out = thompsonScores(scores, 4, offered, 7);
    const sdOf = (j: number) => {
      let sq = 0;
      for (let c = 0; c < nC; c++) sq += (out[c * 4 + j] - row[j]) ** 2;
      return Math.sqrt(sq / nC);
    };
    const sd = Math.sqrt(1.25);
    expect(Math.abs(sdOf(0) / sd - 1)).toBeLessThan(0.05);
    expect(Math.abs(sdOf(1) / (sd / 2) - 1)).toBeLessThan(0.05);
    expect(Math.abs(sdOf(2) / (sd / 10) - 1)).toBeLessThan(0.05);
    expect(sdOf(3)).toBeLessThan(1e-5);
    expect(thompsonScores(scores, 4, offered, 7)).toEqual(out);
    expect(thompsonScores(scores, 4, offered, 8)).not.toEqual(out);
  });

  it('the 12-month job runs Thompson sampling in place of ε-greedy when asked; it explores from month 1', async () => {
    const dataset = generateDataset({ customers: 300, seed: 3, ceilings: false });
    const data = buildTrainTestData({ dataset });
    const model = await train({ data, config: { loss: 'warp', epochs: 3 }, seed: 1 });
    const r = await runOnlineLab({
      dataset,
      model,
      runName: 'warp',
      baseTrain: data.train,
      strategies: ['fit_partial'],
      exploration: 'thompson',
      months: 2,
      replications: 2,
      seed: 4
    });
    const by = new Map(r.policies.map((p) => [p.id, p]));
    expect([...by.keys()]).toEqual(['oracle', 'fit_partial', 'fit_partial+thompson', 'popularity']);
    expect(by.get('fit_partial+thompson')!.label).toBe('warp: fit_partial, Thompson sampling');
    expect(by.get('fit_partial+thompson')!.monthlyConversion[0].mean).not.toBe(
      by.get('fit_partial')!.monthlyConversion[0].mean
    );
    // The evidence accumulates from what simulate reports as offered: after plans were offered a huge number of times the draw is the model's scores.
    const run = onlinePolicy({
      id: 't',
      label: 't',
      model,
      strategy: 'frozen',
      exploration: 'thompson',
      baseTrain: data.train,
      seed: 1
    }).start(0);
    const plain = scoreUsers({ model });
    const first = (await run.scores(0, null as never)) as Float32Array;
    expect(Math.max(...first.map((x, k) => Math.abs(x - plain[k])))).toBeGreaterThan(0.01);
    await run.observe!(0, {
      customers: new Int32Array(0),
      plans: new Int32Array(0),
      offered: new Float64Array(model.itemIds.length).fill(1e14)
    });
    const later = (await run.scores(1, null as never)) as Float32Array;
    expect(Math.max(...later.map((x, k) => Math.abs(x - plain[k])))).toBeLessThan(1e-4);
  }, 60_000);
});
