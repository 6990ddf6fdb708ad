import { describe, expect, it } from 'vitest';
import { generateDataset } from '../data/generator.ts';
import { trainInteractions } from '../data/train-test.ts';
import { runImpactLab, rerankId } from './lab.ts';
import { buildWorld, NO_CHOICE_MODEL } from './world.ts';

describe('impact lab job (what the Impact page runs)', () => {
  const dataset = generateDataset({ customers: 400, seed: 5, ceilings: false });
  const world = buildWorld(dataset);
  const train = trainInteractions(dataset);
  // Two stand-in "runs": the true utility (a perfect model) and its mirror image (a terrible one).
  const good = Float32Array.from(world.utilities, (u) => (u === -Infinity ? -1e9 : u));
  const bad = Float32Array.from(good, (u) => -u);

  it('simulates runs, their ensemble, the re-rank along λ, baselines and no offer in one paired simulation', async () => {
    const progress: number[] = [];
    const r = await runImpactLab({
      dataset,
      train,
      seed: 2,
      lambda: 0.5,
      replications: 4,
      models: [
        { id: 'good', label: 'good', scores: good },
        { id: 'bad', label: 'bad', scores: bad }
      ],
      onProgress: (p) => progress.push(p.fraction)
    });
    const ids = r.simulation.policies.map((p) => p.id);
    expect(ids).toEqual([
      'oracle',
      'good',
      'bad',
      'ensemble',
      ...[0, 0.25, 0.5, 1, 2, 4].map(rerankId),
      'popularity',
      'random',
      'none'
    ]);
    expect(r.frontierBase?.id).toBe('ensemble');
    expect(r.frontier.map((f) => f.lambda)).toEqual([0, 0.25, 0.5, 1, 2, 4]);
    expect(r.simulation.baseline).toBe('popularity');
    const by = new Map(r.simulation.policies.map((p) => [p.id, p]));
    // A model that scores by true utility offers what the oracle offers.
    expect(by.get('good')!.conversion).toEqual(by.get('oracle')!.conversion);
    expect(by.get('bad')!.benefitShare.mean).toBeLessThan(by.get('random')!.benefitShare.mean);
    expect(by.get('none')!.conversion.mean).toBe(0);
    expect(r.concentration.popularity.coverage).toBeLessThanOrEqual(r.concentration.random.coverage);
    expect(progress.at(-1)).toBe(1);
  });

  it('adds the cold-start blend: content rules only without a model, labelled with its share', async () => {
    const r = await runImpactLab({
      dataset,
      train,
      seed: 2,
      lambda: 0,
      replications: 3,
      models: [],
      coldStart: { model: null, days: 3 }
    });
    const cold = r.simulation.policies.find((p) => p.id === 'cold-start')!;
    expect(cold.label).toBe('Cold-start blend as new customers (day 3: 100% content rules)');
    const random = r.simulation.policies.find((p) => p.id === 'random')!;
    expect(cold.conversion.mean).toBeGreaterThan(random.conversion.mean);
  });

  it('targets one segment only', async () => {
    const r = await runImpactLab({
      dataset,
      train,
      seed: 2,
      lambda: 1,
      replications: 2,
      models: [],
      segment: 1
    });
    expect(r.simulation.customers).toBe(Array.from(world.segment).filter((s) => s === 1).length);
    expect(r.frontier).toEqual([]);
    expect(Number.isNaN(r.simulation.policies[0].segmentConversion[0].mean)).toBe(true);
  });

  it('says plainly when a dataset has no choice model or a run does not fit', async () => {
    const { hidden: _drop, ...customers } = dataset.customers;
    await expect(
      runImpactLab({ dataset: { ...dataset, customers }, train, seed: 1, lambda: 0, models: [] })
    ).rejects.toMatchObject({ code: NO_CHOICE_MODEL });
    await expect(
      runImpactLab({
        dataset,
        train,
        seed: 1,
        lambda: 0,
        models: [{ id: 'x', label: 'other', scores: new Float32Array(7) }]
      })
    ).rejects.toThrow(/run "other" has 7 scores/);
    const huge = { ...dataset, customers: { ...dataset.customers, ids: { length: 300_000 } as string[] } };
    await expect(
      runImpactLab({ dataset: huge, train, seed: 1, lambda: 0, models: [] })
    ).rejects.toMatchObject({ code: 'too_large' });
  });
});
