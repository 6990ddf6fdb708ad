import { CoreError } from '../types.ts';
import { PLAN_TYPES, type TelcoDataset } from '../data/schema.ts';
import { customerUtilities, monthlyBill } from '../data/utility.ts';

/**
 * What the simulator knows about every customer and that no policy sees: the true utility of
 * every plan (utility.ts, the model the adoptions were drawn from) and the monthly bill each
 * plan would cost at the customer's own usage. Plus the state a campaign changes: the current
 * plan, the plans held before (the choice model never goes back to one), and how many choices
 * the customer has made (their noise shrinks with each, choice.ts).
 */
export interface ChoiceWorld {
  nCustomers: number;
  nPlans: number;
  /** nCustomers × nPlans, row-major; −∞ where the customer is not eligible (age limits). */
  utilities: Float64Array;
  /** nCustomers × nPlans: average monthly bill of each plan at the customer's usage, overage included. */
  bills: Float64Array;
  /** Segment code per customer (SEGMENTS order). */
  segment: Uint8Array;
  /** Plan type code per plan (PLAN_TYPES order), for the diversity of offers. */
  planType: Uint8Array;
  /** State before any offer. */
  start: WorldState;
}

export interface WorldState {
  /** Current plan per customer (−1: none). */
  current: Int32Array;
  /** nCustomers × nPlans: 1 where the customer has held the plan (current included). */
  held: Uint8Array;
  /** Choices made so far (adoptions), which sets the noise of the next one. */
  choices: Int32Array;
}

/** Thrown for datasets without hidden traits (imported data): there is no true choice model to simulate. */
export const NO_CHOICE_MODEL = 'no_choice_model';

/** Whether a dataset carries the generator's hidden traits, i.e. a known choice model. */
export function hasChoiceModel(ds: TelcoDataset): boolean {
  return ds.customers.hidden !== undefined;
}

/** Largest customers × plans the browser pages simulate: the world keeps utilities, bills and one month's noise (8 bytes each) per pair. */
export const MAX_BROWSER_PAIRS = 5_000_000;

/** Refuses datasets too big for a browser tab, before anything is allocated. */
export function checkBrowserSize(ds: TelcoDataset): void {
  const pairs = ds.customers.ids.length * ds.plans.length;
  if (pairs > MAX_BROWSER_PAIRS) {
    throw new CoreError(
      'too_large',
      `the simulator keeps every customer × plan pair in memory; ${ds.customers.ids.length.toLocaleString('en-US')} customers × ${ds.plans.length} plans is more than a tab should hold (${MAX_BROWSER_PAIRS.toLocaleString('en-US')} pairs, e.g. 250,000 customers × 20 plans). Use a smaller dataset here, or \`npm run cli -- simulate\` in Node`
    );
  }
}

export function buildWorld(ds: TelcoDataset): ChoiceWorld {
  if (!hasChoiceModel(ds)) {
    throw new CoreError(
      NO_CHOICE_MODEL,
      `dataset "${ds.name}" has no hidden customer traits, so its true choice model is unknown and offers cannot be simulated: generate a synthetic dataset, or import one whose customers.csv has the hidden columns`
    );
  }
  const nC = ds.customers.ids.length,
    nP = ds.plans.length,
    months = ds.usage.months;
  const utilities = new Float64Array(nC * nP);
  const bills = new Float64Array(nC * nP);
  const u = { data: ds.usage.dataGb, voice: ds.usage.voiceMinutes, sms: ds.usage.sms, months };
  for (let c = 0; c < nC; c++) {
    customerUtilities(ds, c, utilities.subarray(c * nP, (c + 1) * nP));
    for (let j = 0; j < nP; j++)
      bills[c * nP + j] = monthlyBill({
        plan: ds.plans[j],
        lines: ds.customers.lines[c],
        ...u,
        offset: c * months
      });
  }
  const planType = Uint8Array.from(ds.plans, (p) => PLAN_TYPES.indexOf(p.type));
  return {
    nCustomers: nC,
    nPlans: nP,
    utilities,
    bills,
    segment: ds.customers.segment,
    planType,
    start: startState(ds)
  };
}

/** Current plan = the latest adoption (by day; the later row on a tie), as the adoptions table records it. */
function startState(ds: TelcoDataset): WorldState {
  const nC = ds.customers.ids.length,
    nP = ds.plans.length;
  const { customerIdx, planIdx, day } = ds.adoptions;
  const current = new Int32Array(nC).fill(-1);
  const lastDay = new Float64Array(nC).fill(-Infinity);
  const held = new Uint8Array(nC * nP);
  const choices = new Int32Array(nC);
  for (let k = 0; k < customerIdx.length; k++) {
    const c = customerIdx[k],
      j = planIdx[k];
    if (!held[c * nP + j]) choices[c]++;
    held[c * nP + j] = 1;
    if (day[k] >= lastDay[c]) {
      lastDay[c] = day[k];
      current[c] = j;
    }
  }
  return { current, held, choices };
}

export function cloneState(s: WorldState): WorldState {
  return { current: s.current.slice(), held: s.held.slice(), choices: s.choices.slice() };
}
