import { describe, expect, it } from 'vitest';
import { generateDataset } from './generator.ts';
import { defaultPlanCatalogue } from './plan-catalogue.ts';
import { BUNDLES } from './schema.ts';
import { customerUtilities, NONLINEAR_EFFECTS, planUtilities } from './utility.ts';

/**
 * The 'overage-family' choice model (utility.ts ChoiceModel): exactly the stated terms on top of
 * the standard utility, and a generated dataset whose adoptions follow them. The default model
 * is guarded byte for byte by generator-golden.test.ts.
 */
const plans = defaultPlanCatalogue();
const E = NONLINEAR_EFFECTS;

function utilitiesFor(lines: number, monthlyGb: number[], choiceModel?: 'standard' | 'overage-family') {
  const months = monthlyGb.length;
  return planUtilities({
    plans,
    customer: {
      segment: 0,
      age: 40,
      lines,
      priceSensitivity: 0.5,
      budget: 60,
      taste: new Array(BUNDLES.length).fill(0.3)
    },
    usage: {
      data: Float32Array.from(monthlyGb),
      voice: new Float32Array(months).fill(100),
      sms: new Float32Array(months).fill(10),
      offset: 0,
      months
    },
    out: new Float64Array(plans.length),
    choiceModel
  });
}

describe("choice model 'overage-family'", () => {
  it('adds −peakPenalty below the peak month, ±family by lines, and nothing else', () => {
    for (const lines of [1, 2, 3, 4]) {
      // Average 5 GB per line, one 30 GB month: the peak (lines × 30) is what the penalty looks at.
      const usage = [5, 5, 5, 5, 5, 30, 5, 5, 5, 5, 5, 5];
      const base = utilitiesFor(lines, usage);
      const nl = utilitiesFor(lines, usage, 'overage-family');
      const peak = lines * 30;
      plans.forEach((p, j) => {
        if (base[j] === -Infinity) return expect(nl[j]).toBe(-Infinity);
        let want = 0;
        if (p.dataGb !== null && peak > p.dataGb * Math.ceil(lines / p.lines)) want -= E.peakPenalty;
        if (p.type === 'family') want += lines >= E.familyMinLines ? E.familyFit : -E.familyMisfit;
        expect(nl[j] - base[j], `${p.id} at ${lines} lines`).toBeCloseTo(want, 12);
      });
    }
    // 'standard' given explicitly is the default.
    expect(Array.from(utilitiesFor(2, [8, 9, 10], 'standard'))).toEqual(
      Array.from(utilitiesFor(2, [8, 9, 10]))
    );
  });

  it('a generated dataset records the model, and its adoptions and ceilings follow it', () => {
    const std = generateDataset({ customers: 3000, seed: 3 });
    const nl = generateDataset({ customers: 3000, seed: 3, choiceModel: 'overage-family' });
    expect(std.choiceModel).toBeUndefined();
    expect(nl.choiceModel).toBe('overage-family');
    expect(nl.name).toBe('synthetic-3000-s3-overage-family');
    // Same customers (traits and usage are drawn before the choices).
    expect(Array.from(nl.customers.lines)).toEqual(Array.from(std.customers.lines));
    // Family signups by account size: fewer on 1–2 lines, more on ≥ 3 lines.
    const familyShare = (ds: typeof std, big: boolean) => {
      let fam = 0,
        all = 0;
      const a = ds.adoptions;
      for (let k = 0; k < a.planIdx.length; k++) {
        if (a.kind[k] !== 0 || ds.customers.lines[a.customerIdx[k]] >= 3 !== big) continue;
        all++;
        if (ds.plans[a.planIdx[k]].type === 'family') fam++;
      }
      return fam / all;
    };
    expect(familyShare(nl, false)).toBeLessThan(familyShare(std, false));
    expect(familyShare(nl, true)).toBeGreaterThan(familyShare(std, true));
    // The hidden utility the ceilings and the impact world read is the dataset's own model.
    const u = new Float64Array(nl.plans.length);
    const single = nl.customers.lines.findIndex((l) => l === 1);
    customerUtilities(nl, single, u);
    const uStd = customerUtilities(
      { ...nl, choiceModel: undefined },
      single,
      new Float64Array(nl.plans.length)
    )!;
    const fam = nl.plans.findIndex(
      (p) => p.type === 'family' && p.minAge === undefined && p.maxAge === undefined
    );
    expect(u[fam] - uStd[fam]).toBeLessThanOrEqual(-E.familyMisfit + 1e-12);
    expect(nl.ceilings![0].ideal).not.toEqual(std.ceilings![0].ideal);
  });
});
