import { beforeAll, describe, expect, it } from 'vitest';
import { setupNodeBackend } from '../../../cli/node-backend.ts';
import { generateDataset } from '../data/generator.ts';
import { buildTrainTestData } from '../data/train-test.ts';
import { train } from '../model/train.ts';
import { exploreScores } from './online.ts';
import { runOnlineLab } from './online-lab.ts';

beforeAll(async () => {
  await setupNodeBackend('wasm');
});

describe('online learning month by month', () => {
  it('all strategies start from the same model (same month-1 result), then diverge; same seed, same numbers', async () => {
    const dataset = generateDataset({ customers: 300, seed: 3, ceilings: false });
    const data = buildTrainTestData({ dataset });
    const model = await train({ data, config: { loss: 'warp', epochs: 5 }, seed: 1 });
    const run = () => runOnlineLab({ dataset, model, runName: 'warp', baseTrain: data.train, months: 3, replications: 2, seed: 4, epsilon: 0.5 });
    const a = await run();
    const by = new Map(a.policies.map((p) => [p.id, p]));
    expect([...by.keys()]).toEqual(['oracle', 'frozen', 'fit_partial', 'retrain', 'fit_partial+explore', 'popularity']);
    expect(a.months).toBe(3);
    const m1 = (id: string) => by.get(id)!.monthlyConversion[0];
    expect(m1('fit_partial')).toEqual(m1('frozen'));
    expect(m1('retrain')).toEqual(m1('frozen'));
    expect(m1('fit_partial+explore').mean).not.toBe(m1('frozen').mean);
    const later = (id: string) => by.get(id)!.monthlyConversion.slice(1).map((e) => e.mean);
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
});
