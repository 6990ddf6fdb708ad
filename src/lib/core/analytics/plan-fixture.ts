import type { Plan } from '../data/schema.ts';

/** A plan for the analytics tests: one line, unlimited minutes and SMS, no bundles unless `extra` says. */
export const testPlan = (
  id: string,
  name: string,
  type: Plan['type'],
  price: number,
  dataGb: number | null,
  extra: Partial<Plan> = {}
): Plan => ({
  id,
  name,
  type,
  price,
  dataGb,
  minutes: null,
  sms: null,
  lines: 1,
  bundles: { video: false, music: false, roaming: false, protection: false },
  ...extra
});
