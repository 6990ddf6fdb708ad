import { describe, expect, it } from 'vitest';
import { BUNDLES, SEGMENTS, type Bundle, type Plan } from '../data/schema.ts';
import { generateDataset } from '../data/generator.ts';
import {
  contentScores,
  DEFAULT_SEGMENT_AFFINITY,
  type ColdStartProfile,
  type ContentReason
} from './content-rules.ts';

/** The default synthetic catalogue (the 5k dataset's plans). */
const catalogue: Plan[] = generateDataset({ customers: 200, seed: 42, ceilings: false }).plans;
const noBundles = { video: false, music: false, roaming: false, protection: false };
const familyX3: Plan = {
  id: 'fx3',
  name: 'Family Unlimited x3',
  type: 'family',
  price: 85,
  dataGb: null,
  minutes: null,
  sms: null,
  lines: 3,
  bundles: { ...noBundles, video: true }
};
const base: ColdStartProfile = {
  segment: 'residential',
  dataGb: 8,
  voiceMinutes: 300,
  sms: 50,
  bundles: [],
  lines: 1,
  daysSinceJoining: 0
};

const costFor = (plan: Plan, lines: number) => plan.price * Math.ceil(lines / plan.lines);

/**
 * Checks one reason against the plan's own data, independently of the rules' fits: each
 * statement must be true of the plan for this profile.
 */
function expectTrue(reason: ContentReason, plan: Plan, p: ColdStartProfile, plans: readonly Plan[]): void {
  const where = `${plan.name}: "${reason.text}" for ${JSON.stringify(p)}`;
  switch (reason.rule) {
    case 'data':
      expect(plan.dataGb === null || plan.dataGb / plan.lines >= p.dataGb, where).toBe(true);
      break;
    case 'usage':
      expect(
        (plan.minutes === null || plan.minutes >= p.voiceMinutes) && (plan.sms === null || plan.sms >= p.sms),
        where
      ).toBe(true);
      break;
    case 'planType':
      expect(DEFAULT_SEGMENT_AFFINITY[p.segment][plan.type], where).toBeGreaterThanOrEqual(0.8);
      break;
    case 'lines':
      expect(plan.lines, where).toBe(p.lines);
      break;
    case 'price': {
      const cost = costFor(plan, p.lines);
      if (p.budget !== undefined) {
        expect(cost, where).toBeLessThanOrEqual(p.budget);
        expect(reason.text, where).toContain(cost.toFixed(2));
      } else {
        // "among the cheapest third": at most a third of the other plans cost less.
        const cheaper = plans.filter((q) => costFor(q, p.lines) < cost).length;
        expect(cheaper, where).toBeLessThanOrEqual((plans.length - 1) / 3);
        expect(p.priceSensitivity ?? 0.5, where).toBeGreaterThanOrEqual(0.5);
      }
      break;
    }
    case 'bundles': {
      const named = BUNDLES.filter((b) => reason.text.includes(b));
      expect(named.length, where).toBeGreaterThan(0);
      for (const b of named) expect(plan.bundles[b] && p.bundles.includes(b), where).toBe(true);
      break;
    }
  }
}

/** A grid of ordinary profiles: every segment, 1–4 lines, budgets around the plans' prices, bundle wishes. */
function profiles(): ColdStartProfile[] {
  const out: ColdStartProfile[] = [];
  const wishes: Bundle[][] = [
    [],
    ['music'],
    ['roaming', 'protection'],
    ['video', 'music', 'roaming', 'protection']
  ];
  for (const segment of SEGMENTS) {
    for (const lines of [1, 2, 3, 4]) {
      for (const dataGb of [0, 2.5, 12, 38, 90]) {
        for (const money of [
          { priceSensitivity: 0.2 },
          { priceSensitivity: 0.9 },
          { budget: 81 },
          { budget: 30, priceSensitivity: 1 },
          {}
        ]) {
          for (const bundles of wishes)
            out.push({
              ...base,
              segment,
              lines,
              dataGb,
              voiceMinutes: 25 * lines,
              sms: 10,
              ...money,
              bundles
            });
        }
      }
    }
  }
  return out;
}

describe('content rules: a reason is shown only when it is true', () => {
  it('an 85.00 plan is not "within your budget" of 81; it is at 85', () => {
    const plans = [...catalogue, familyX3];
    const k = plans.length - 1;
    const over = contentScores({ profile: { ...base, lines: 3, budget: 81, priceSensitivity: 0.5 }, plans });
    expect(over.reasons[k].map((r) => r.rule)).not.toContain('price');
    const at = contentScores({ profile: { ...base, lines: 3, budget: 85, priceSensitivity: 0.5 }, plans });
    expect(at.reasons[k].find((r) => r.rule === 'price')?.text).toBe(
      '85.00 a month for your lines, within your budget of 85.00'
    );
  });

  it('no price reason without a budget for a customer who does not mind the price', () => {
    const r = contentScores({ profile: { ...base, priceSensitivity: 0.1 }, plans: catalogue });
    expect(r.reasons.flat().filter((x) => x.rule === 'price')).toEqual([]);
  });

  it('every reason of every plan holds, over a grid of profiles and two catalogues', () => {
    let checked = 0;
    const rules = new Set<string>();
    for (const plans of [catalogue, [...catalogue, familyX3]]) {
      for (const p of profiles()) {
        const r = contentScores({ profile: p, plans });
        r.reasons.forEach((list, i) => {
          for (const reason of list) {
            expectTrue(reason, plans[i], p, plans);
            rules.add(reason.rule);
            checked++;
          }
        });
      }
    }
    // Every rule produced reasons somewhere, so each condition above was really exercised.
    expect([...rules].sort()).toEqual(['bundles', 'data', 'lines', 'planType', 'price', 'usage']);
    expect(checked).toBeGreaterThan(10_000);
  });
});

describe('content rules weigh what the profile says', () => {
  const business3: ColdStartProfile = {
    ...base,
    segment: 'business',
    lines: 3,
    bundles: ['roaming', 'protection']
  };

  it('a 3-line business customer who asks for roaming and protection gets a business-type plan with what they asked for first', () => {
    for (const dataGb of [5, 20, 38]) {
      for (const money of [
        { priceSensitivity: 0 },
        { priceSensitivity: 0.5 },
        { priceSensitivity: 1 },
        { budget: 100 },
        { budget: 200 },
        { budget: 100, priceSensitivity: 1 }
      ]) {
        const p = { ...business3, dataGb, ...money };
        const r = contentScores({ profile: p, plans: catalogue });
        const top = catalogue[r.scores.indexOf(Math.max(...r.scores))];
        const where = `${top.name} for ${JSON.stringify(p)}`;
        expect(DEFAULT_SEGMENT_AFFINITY.business[top.type], where).toBeGreaterThanOrEqual(0.6);
        expect(top.bundles.roaming || top.bundles.protection, where).toBe(true);
        expect(top.bundles.music || top.bundles.video, where).toBe(false);
      }
    }
  });

  it('asking for bundles and needing more lines raises those rules\u2019 weights', () => {
    const plain = contentScores({ profile: { ...base, segment: 'business' }, plans: catalogue }).weights;
    const asked = contentScores({ profile: business3, plans: catalogue }).weights;
    expect(asked.bundles).toBeGreaterThan(plain.bundles);
    expect(asked.lines).toBeGreaterThan(plain.lines);
  });
});
