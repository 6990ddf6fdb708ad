import type { Bundle, Plan, PlanType } from './schema.ts';

/**
 * The synthetic catalogue: 20 plans across prepaid, postpaid SIM-only, unlimited tiers,
 * family multi-line and business. Priced so that no plan is dominated (see isDominated and its
 * test): every plan is cheaper, bigger or richer than each other plan with the same lines in
 * at least one respect, and multi-line plans are cheaper per line than separate single lines.
 * Data allowances of multi-line plans are pooled across their lines.
 */
type Row = [
  id: string,
  name: string,
  type: PlanType,
  price: number,
  dataGb: number | null,
  minutes: number | null,
  sms: number | null,
  lines: number,
  bundles: Bundle[]
];

const ROWS: Row[] = [
  ['p01', 'Prepaid Lite 3GB', 'prepaid', 8, 3, 150, 100, 1, []],
  ['p02', 'Prepaid 10GB', 'prepaid', 14, 10, 500, null, 1, []],
  ['p03', 'Prepaid 25GB', 'prepaid', 20, 25, null, null, 1, []],
  ['p04', 'Prepaid Travel 15GB', 'prepaid', 24, 15, null, null, 1, ['roaming']],
  ['p05', 'SIM-only 20GB', 'postpaid', 18, 20, null, null, 1, []],
  ['p06', 'SIM-only 60GB', 'postpaid', 26, 60, null, null, 1, []],
  ['p07', 'SIM-only 120GB + Music', 'postpaid', 32, 120, null, null, 1, ['music']],
  ['p08', 'Youth 40GB + Music', 'postpaid', 22, 40, null, null, 1, ['music']],
  ['p09', '55+ Talk & Text 3GB', 'postpaid', 12, 3, null, null, 1, []],
  ['p10', 'Unlimited Essentials', 'unlimited', 38, null, null, null, 1, []],
  ['p11', 'Unlimited Plus', 'unlimited', 50, null, null, null, 1, ['video']],
  [
    'p12',
    'Unlimited Premium',
    'unlimited',
    68,
    null,
    null,
    null,
    1,
    ['video', 'music', 'roaming', 'protection']
  ],
  ['p13', 'Family Share 60GB x2', 'family', 34, 60, null, null, 2, []],
  ['p14', 'Family Pooled 100GB x4', 'family', 60, 100, null, null, 4, []],
  ['p15', 'Family Unlimited x3', 'family', 85, null, null, null, 3, ['video']],
  [
    'p16',
    'Family Premium x5',
    'family',
    140,
    null,
    null,
    null,
    5,
    ['video', 'music', 'roaming', 'protection']
  ],
  ['p17', 'Business Start 25GB', 'business', 22, 25, null, null, 1, ['protection']],
  ['p18', 'Business Unlimited', 'business', 45, null, null, null, 1, ['protection']],
  ['p19', 'Business Global 80GB', 'business', 58, 80, null, null, 1, ['roaming', 'protection']],
  ['p20', 'Business Team 300GB x10', 'business', 220, 300, null, null, 10, ['protection']]
];

/** Age-restricted offers. */
const ELIGIBILITY: Record<string, { minAge?: number; maxAge?: number }> = {
  p08: { maxAge: 27 },
  p09: { minAge: 55 }
};

export function defaultPlanCatalogue(): Plan[] {
  return ROWS.map(([id, name, type, price, dataGb, minutes, sms, lines, bundles]) => ({
    id,
    name,
    type,
    price,
    dataGb,
    minutes,
    sms,
    lines,
    bundles: {
      video: bundles.includes('video'),
      music: bundles.includes('music'),
      roaming: bundles.includes('roaming'),
      protection: bundles.includes('protection')
    },
    ...ELIGIBILITY[id]
  }));
}

const more = (a: number | null, b: number | null): number =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : Math.sign(a - b);

/**
 * True when `b` is at least as good as `a` in every attribute (price, data, minutes, SMS,
 * bundles) for the same number of lines, and strictly better in one: nobody would take `a`.
 */
export function isDominated(a: Plan, b: Plan): boolean {
  if (a.id === b.id || a.lines !== b.lines) return false;
  const cmp = [
    Math.sign(a.price - b.price),
    more(b.dataGb, a.dataGb),
    more(b.minutes, a.minutes),
    more(b.sms, a.sms)
  ];
  for (const k of Object.keys(a.bundles) as Bundle[]) cmp.push(Number(b.bundles[k]) - Number(a.bundles[k]));
  return cmp.every((c) => c >= 0) && cmp.some((c) => c > 0);
}
