import { describe, expect, it } from 'vitest';
import { choiceNoise } from '../data/choice.ts';
import { fixedPolicy, noOfferPolicy, oraclePolicy, randomPolicy } from './policies.ts';
import { simulateCampaigns } from './simulate.ts';
import type { ChoiceWorld } from './world.ts';

/**
 * A hand-made choice model: N identical customers on plan 0 (utility 0, bill 30) who held
 * plan 3 before; plan 1 is better (0.6, bill 40), plan 2 worse (−0.6, bill 20), plan 3 would
 * be best (2) but was held, plan 4 is out of their age range. One choice made so far, so the
 * noise is choiceNoise(1) = 0.45 and, with Gumbel noise, choosing among a set is a logit:
 * P(j) = e^{u_j/σ} / Σ_k e^{u_k/σ} over {current} ∪ offers.
 */
function tinyWorld(n: number): ChoiceWorld {
  const u = [0, 0.6, -0.6, 2, -Infinity],
    bill = [30, 40, 20, 50, 60],
    nP = u.length;
  const held = new Uint8Array(n * nP);
  for (let c = 0; c < n; c++) {
    held[c * nP] = 1;
    held[c * nP + 3] = 1;
  }
  return {
    nCustomers: n,
    nPlans: nP,
    utilities: Float64Array.from({ length: n * nP }, (_, k) => u[k % nP]),
    bills: Float64Array.from({ length: n * nP }, (_, k) => bill[k % nP]),
    segment: new Uint8Array(n),
    planType: Uint8Array.from([0, 1, 1, 2, 3]),
    start: { current: new Int32Array(n), held, choices: new Int32Array(n).fill(1) }
  };
}

const sigma = choiceNoise(1);
const e = (x: number) => Math.exp(x / sigma);
/** Preference rows that make a policy offer plan 2 first, then plan 1. */
const prefersWorse = (n: number) => Float32Array.from({ length: n * 5 }, (_, k) => [0, 1, 2, 0, 3][k % 5]);

describe('offer campaigns on a hand-made choice model', () => {
  const N = 4000;
  const world = tinyWorld(N);

  it('top-1: the oracle offers plan 1, accepted with the logit probability; a worse-first policy mis-sells', async () => {
    expect(sigma).toBeCloseTo(0.45, 12);
    const r = await simulateCampaigns({
      world,
      policies: [oraclePolicy(world), fixedPolicy('worse', 'worse first', prefersWorse(N)), noOfferPolicy()],
      topN: 1,
      replications: 10,
      seed: 3
    });
    const [oracle, worse, none] = r.policies;
    const pUp = e(0.6) / (e(0) + e(0.6)); // 0.7914
    const pDown = e(-0.6) / (e(0) + e(-0.6)); // 0.2086
    expect(oracle.offerShare).toEqual([0, 1, 0, 0, 0]);
    expect(Math.abs(oracle.conversion.mean - pUp)).toBeLessThan(0.01);
    expect(oracle.conversion.ci[0]).toBeLessThan(pUp);
    expect(oracle.conversion.ci[1]).toBeGreaterThan(pUp);
    expect(oracle.benefitShare.mean).toBe(oracle.conversion.mean);
    expect(oracle.harmShare.mean).toBe(0);
    expect(Math.abs(oracle.revenueChange.mean - 10 * pUp)).toBeLessThan(0.1);
    expect(oracle.revenuePerCustomer.mean).toBeCloseTo(30 + oracle.revenueChange.mean, 9);
    expect(Math.abs(worse.conversion.mean - pDown)).toBeLessThan(0.01);
    expect(worse.benefitShare.mean).toBe(0);
    expect(worse.harmShare.mean).toBe(worse.conversion.mean);
    expect(Math.abs(worse.revenueChange.mean + 10 * pDown)).toBeLessThan(0.1);
    expect(none.conversion).toEqual({ mean: 0, ci: [0, 0] });
    expect(none.revenueChange.mean).toBe(0);
  });

  it('top-2: both plans offered, accept-any and choose-better follow the three-way logit', async () => {
    const r = await simulateCampaigns({
      world,
      policies: [fixedPolicy('worse', 'worse first', prefersWorse(N))],
      topN: 2,
      replications: 10,
      seed: 4
    });
    const [p] = r.policies;
    const z = e(0) + e(0.6) + e(-0.6);
    expect(Math.abs(p.conversion.mean - (e(0.6) + e(-0.6)) / z)).toBeLessThan(0.01); // 0.802
    expect(Math.abs(p.benefitShare.mean - e(0.6) / z)).toBeLessThan(0.01); // 0.750
    expect(Math.abs(p.harmShare.mean - e(-0.6) / z)).toBeLessThan(0.01); // 0.052
    // Plans 1 and 2 are both of type 1: one distinct type per offer; top-1 offers have one by definition.
    expect(p.typesPerOffer).toBe(1);
    const mixed = { ...world, planType: Uint8Array.from([0, 1, 2, 2, 3]) };
    const r2 = await simulateCampaigns({
      world: mixed,
      policies: [fixedPolicy('worse', 'worse first', prefersWorse(N))],
      topN: 2,
      replications: 1,
      seed: 4
    });
    expect(r2.policies[0].typesPerOffer).toBe(2);
  });

  it('later months: a customer who took plan 1 can still move on, with less noise', async () => {
    const r = await simulateCampaigns({
      world,
      policies: [oraclePolicy(world)],
      topN: 1,
      replications: 5,
      months: 2,
      seed: 5
    });
    const [p] = r.policies;
    // Month 2: those who moved (0 → 1) are offered plan 2 (worse than 1), the rest plan 1 again.
    const pUp = e(0.6) / (e(0) + e(0.6));
    const s2 = choiceNoise(2);
    const stillUp = (1 - pUp) * pUp,
      down = pUp * (Math.exp(-1.2 / s2) / (1 + Math.exp(-1.2 / s2)));
    expect(Math.abs(p.monthlyConversion[1].mean - (stillUp + down))).toBeLessThan(0.01);
    expect(Math.abs(p.conversion.mean - (pUp + stillUp))).toBeLessThan(0.01);
  });

  it('the same seed gives the same numbers; another seed other noise; policies share the noise (paired)', async () => {
    const run = (seed: number) =>
      simulateCampaigns({
        world: tinyWorld(300),
        policies: [
          oraclePolicy(world),
          randomPolicy(world, seed),
          fixedPolicy('popularity', 'p', prefersWorse(300))
        ],
        topN: 1,
        replications: 4,
        seed
      });
    const a = await run(9),
      b = await run(9),
      c = await run(10);
    expect(a).toEqual(b);
    expect(c.policies[0].conversion.mean).not.toBe(a.policies[0].conversion.mean);
    expect(a.baseline).toBe('popularity');
    expect(a.policies[0].vsBaseline!.conversion.mean).toBeCloseTo(
      a.policies[0].conversion.mean - a.policies[2].conversion.mean,
      12
    );
  });

  it('one replication gives a mean but no interval', async () => {
    const r = await simulateCampaigns({
      world,
      policies: [oraclePolicy(world)],
      topN: 1,
      replications: 1,
      seed: 1
    });
    expect(r.policies[0].conversion.ci.every(Number.isNaN)).toBe(true);
  });

  it('rejects bad settings with a message', async () => {
    await expect(simulateCampaigns({ world, policies: [noOfferPolicy()], topN: 0, seed: 1 })).rejects.toThrow(
      /topN must be an integer/
    );
  });
});
