import { describe, expect, it } from 'vitest';
import { importLongTables } from './long.ts';
import { adoptionRoles, proposeLong, withAdoptionRole } from './long-proposal.ts';

const ADOPTIONS = [
  'customer_id,plan_id,date',
  'c1,p1,2024-01-05',
  'c1,p2,2024-03-01',
  'c2,p2,2024-02-10',
  'c3,p3,2024-01-20',
  'c3,p1,2024-04-02',
  'c4,p2,2024-02-02',
  'c4,p3,2024-05-01',
  'c5,p1,2024-03-03',
  'c2,p2,2024-06-01'
].join('\r\n');
const CUSTOMERS = [
  'customer_id,segment,age,Roaming',
  'c1,business,34,Yes',
  'c2,residential,51,No',
  'c3,residential,,',
  'c4,premium,29,Yes',
  'c5,business,62,No',
  'c6,premium,45,No'
].join('\n');
const PLANS = ['plan_id;type;price', 'p1;prepaid;9,99', 'p2;postpaid;29,50', 'p3;unlimited;49,00'].join('\n');

const file = (name: string, text: string) => ({ text, file: name });

describe('long format: adoptions plus attribute tables', () => {
  it('joins by id, merges a repeated adoption, and makes attribute columns features', () => {
    const r = importLongTables({
      adoptions: file('adoptions.csv', ADOPTIONS),
      customers: file('customers.csv', CUSTOMERS),
      plans: file('plans.csv', PLANS)
    });
    expect(r.data.space.userIds).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
    expect(r.data.space.itemIds).toEqual(['p1', 'p2', 'p3']);
    expect(r.report).toMatchObject({ customers: 6, items: 3, adoptions: 8, merged: 1, missingCells: 2 });
    expect(r.report.train + r.report.test).toBe(8);
    expect(r.data.space.userFeatureNames).toEqual(
      expect.arrayContaining([
        'segment:business',
        'roaming:yes',
        'roaming:missing',
        'age_band:missing',
        'age:scaled'
      ])
    );
    expect(r.data.space.itemFeatureNames).toEqual(expect.arrayContaining(['type:prepaid', 'price:scaled']));
    expect(r.mapping.adoptions).toEqual({ customer: 'customer_id', plan: 'plan_id', date: 'date' });
    expect(r.mapping.plans?.columns.find((c) => c.name === 'price')?.numberFormat).toBe('comma');
    // The merged pair (c2, p2) is one interaction of weight 2.
    const all = [r.data.train, r.data.test];
    const w = all
      .flatMap((x) => Array.from(x.userIdx, (u, k) => [u, x.itemIdx[k], x.weight[k]]))
      .filter(([u, i]) => u === 1 && i === 1);
    expect(w).toEqual([[1, 1, 2]]);
    expect(r.data.train.time).toBeDefined();
  });

  it('grows the id universe from the adoptions alone', () => {
    const r = importLongTables({ adoptions: file('adoptions.csv', ADOPTIONS) });
    expect(r.data.space.userIds).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
    expect(r.data.space.userFeatureNames).toEqual(['user:c1', 'user:c2', 'user:c3', 'user:c4', 'user:c5']);
  });

  it('reports unknown ids by row, and bad dates and weights by row and column', () => {
    const withUnknown = ADOPTIONS + '\r\nc9,p1,2024-01-01\r\nc1,p7,2024-01-01\r\nc8,p2,2024-01-01';
    expect(() =>
      importLongTables({
        adoptions: file('adoptions.csv', withUnknown),
        customers: file('customers.csv', CUSTOMERS)
      })
    ).toThrowError(
      'adoptions.csv row 11, column customer_id: unknown customer id on 2 row(s), not in customers.csv: row 11 ("c9"), row 13 ("c8")'
    );
    expect(() =>
      importLongTables({ adoptions: file('adoptions.csv', withUnknown), plans: file('plans.csv', PLANS) })
    ).toThrowError(
      'adoptions.csv row 12, column plan_id: unknown plan id on 1 row(s), not in plans.csv: row 12 ("p7")'
    );
    expect(() =>
      importLongTables({ adoptions: file('adoptions.csv', ADOPTIONS.replace('2024-03-01', '01/03/2024')) })
    ).toThrowError('adoptions.csv row 3, column date: "01/03/2024" is not a date (use YYYY-MM-DD)');
    expect(() =>
      importLongTables({ adoptions: file('a.csv', 'customer,plan,weight\nc1,p1,2\nc2,p2,-1\nc3,p1,1') })
    ).toThrowError('a.csv row 3, column weight: "-1" is not a number ≥ 0');
    expect(() => importLongTables({ adoptions: file('a.csv', 'who,what\nc1,p1\nc2,p2') })).toThrowError(
      'a.csv row 1: the adoptions table needs a customer column and a plan column (named like customer_id and plan_id); found: who, what'
    );
  });
});

describe('long format: the proposal before anything is stored', () => {
  it('infers the roles, previews the rows and says what the join gives', () => {
    const p = proposeLong({
      adoptions: file('adoptions.csv', ADOPTIONS),
      customers: file('customers.csv', CUSTOMERS)
    });
    expect(p.columns).toEqual({ customer: 'customer_id', plan: 'plan_id', date: 'date' });
    expect(adoptionRoles(p.header, p.columns)).toEqual(['customer', 'plan', 'date']);
    expect(p.rows[0]).toEqual(['c1', 'p1', '2024-01-05']);
    expect(p.rowCount).toBe(9);
    expect(p.report).toMatchObject({ customers: 6, items: 3, adoptions: 8, merged: 1 });
    expect(p.problem).toBeNull();
  });

  it('reports unknown ids by row, and a changed role re-checks the join', () => {
    const p = proposeLong({
      adoptions: file('adoptions.csv', ADOPTIONS + '\r\nc9,p1,2024-01-01'),
      customers: file('customers.csv', CUSTOMERS)
    });
    expect(p.problem).toBe(
      'adoptions.csv row 11, column customer_id: unknown customer id on 1 row(s), not in customers.csv: row 11 ("c9")'
    );
    expect(p.report).toBeNull();
    // The date column unused: the same join without dates.
    const cols = withAdoptionRole(p.columns, 'date', 'ignore');
    expect(cols).toEqual({ customer: 'customer_id', plan: 'plan_id' });
    const q = proposeLong({ adoptions: file('adoptions.csv', ADOPTIONS) }, cols);
    expect(q.mapping?.adoptions).toEqual({ customer: 'customer_id', plan: 'plan_id' });
    // Swapping: plan_id becomes the customer column, so customer_id loses its role and the plan is missing.
    const swapped = withAdoptionRole(cols, 'plan_id', 'customer');
    expect(swapped).toEqual({ customer: 'plan_id' });
    expect(proposeLong({ adoptions: file('adoptions.csv', ADOPTIONS) }, swapped).problem).toBe(
      'choose the plan id column of adoptions.csv'
    );
  });

  it('uses a given mapping: columns by header, a missing one named', () => {
    const odd = ADOPTIONS.replace('customer_id,plan_id,date', 'who,what,when');
    expect(() => importLongTables({ adoptions: file('a.csv', odd) })).toThrowError(
      'needs a customer column and a plan column'
    );
    const r = importLongTables({
      adoptions: file('a.csv', odd),
      mapping: { adoptions: { customer: 'who', plan: 'what', date: 'when' } }
    });
    expect(r.report).toMatchObject({ customers: 5, items: 3, adoptions: 8 });
    expect(() =>
      importLongTables({
        adoptions: file('a.csv', odd),
        mapping: { adoptions: { customer: 'who', plan: 'plan_id' } }
      })
    ).toThrowError(
      'a.csv row 1: the mapping names "plan_id" as the plan column, which this file does not have (its columns: who, what, when)'
    );
  });
});
