import { SEGMENTS } from '../data/schema.ts';
import type { Estimate } from './interval.ts';
import type { PolicyResult, SimulationResult } from './simulate.ts';
import { REPLAY_NOTE, type ReplayResult } from './replay.ts';

/**
 * The simulation as one JSON-safe object (the CLI's output contract):
 * { policies: { id: { conversion, conversion_ci, revenue_per_customer, …, vs_<baseline> } }, setup }.
 * Numbers are rounded to 6 decimals so the text is stable and readable; NaN becomes null.
 */
const round = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : null);

function put(out: Record<string, unknown>, key: string, e: Estimate): void {
  out[key] = round(e.mean);
  out[`${key}_ci`] = [round(e.ci[0]), round(e.ci[1])];
}

function policyJson(p: PolicyResult, baseline?: string): Record<string, unknown> {
  const o: Record<string, unknown> = { label: p.label };
  put(o, 'conversion', p.conversion);
  put(o, 'revenue_per_customer', p.revenuePerCustomer);
  put(o, 'revenue_change', p.revenueChange);
  put(o, 'benefit_share', p.benefitShare);
  put(o, 'harm_share', p.harmShare);
  if (p.monthlyConversion.length > 1)
    o.monthly_conversion = p.monthlyConversion.map((e) => ({
      mean: round(e.mean),
      ci: [round(e.ci[0]), round(e.ci[1])]
    }));
  o.segments = Object.fromEntries(
    SEGMENTS.map((s, k) => [
      s,
      { conversion: round(p.segmentConversion[k].mean), benefit_share: round(p.segmentBenefit[k].mean) }
    ])
  );
  o.offer_share = p.offerShare.map(round);
  o.plan_types_per_offer = round(p.typesPerOffer);
  if (p.vsBaseline && baseline) {
    const d: Record<string, unknown> = {};
    put(d, 'conversion', p.vsBaseline.conversion);
    put(d, 'revenue_change', p.vsBaseline.revenueChange);
    put(d, 'benefit_share', p.vsBaseline.benefitShare);
    o[`vs_${baseline}`] = d;
  }
  return o;
}

export function impactJson(
  r: SimulationResult,
  labels: {
    dataset: string;
    split: string;
    segment: string;
    learning?: string;
    exploration?: string;
    epsilon?: number;
  }
): Record<string, unknown> {
  return {
    policies: Object.fromEntries(r.policies.map((p) => [p.id, policyJson(p, r.baseline)])),
    setup: {
      ...labels,
      customers: r.customers,
      top_n: r.topN,
      replications: r.replications,
      months: r.months,
      seed: r.seed,
      conversion:
        'share of targeted customers who accepted at least one offer (over all months); benefit_share / harm_share: share whose final plan has higher / lower true utility than their starting plan',
      intervals: "95% t-intervals over seeded replications of the customers' choice noise",
      revenue:
        "mean monthly bill per targeted customer after the campaign (plan price × copies + overage at the customer's usage)"
    }
  };
}

/**
 * The offline replay estimate as one JSON-safe object, labelled `"estimate": "offline replay"`
 * so it is never read as a simulated campaign: { estimate, note, policies: { id: { hit_rate, … } }, setup }.
 */
export function replayJson(
  r: ReplayResult,
  labels: { dataset: string; split: string; skipped?: Record<string, string> }
): Record<string, unknown> {
  const policies = Object.fromEntries(
    r.policies.map((p) => {
      const o: Record<string, unknown> = { label: p.label };
      put(o, 'hit_rate', p.hitRate);
      if (p.revenuePerCustomer) put(o, 'revenue_per_customer', p.revenuePerCustomer);
      else o.revenue_per_customer = null;
      if (p.vsBaseline && r.baseline) {
        const d: Record<string, unknown> = {};
        put(d, 'hit_rate', p.vsBaseline.hitRate);
        o[`vs_${r.baseline}`] = d;
      }
      return [p.id, o];
    })
  );
  return {
    estimate: r.estimate,
    note: REPLAY_NOTE,
    policies,
    ...(labels.skipped && Object.keys(labels.skipped).length > 0 ? { skipped: labels.skipped } : {}),
    setup: {
      dataset: labels.dataset,
      split: labels.split,
      customers: r.customers,
      top_n: r.topN,
      bootstrap: r.bootstrap,
      seed: r.seed,
      hit_rate: `share of customers with a test adoption whose top ${r.topN} (plans they already hold left out) contains a plan they adopted in the test split`,
      intervals:
        '95% percentile intervals over seeded bootstrap resamples of those customers (the same resamples for every policy)',
      revenue: r.revenue
        ? 'mean monthly price of the best-ranked offered plan the customer adopted in the test split (0 when none)'
        : 'none: the dataset has no plan prices'
    }
  };
}
