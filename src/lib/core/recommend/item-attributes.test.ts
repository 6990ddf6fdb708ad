import { describe, expect, it } from 'vitest';
import { importLongTables } from '../data/wide/long.ts';
import { importWideTable } from '../data/wide/import.ts';
import { telcoChurnCsv } from '../../../../test/fixtures/wide/telco-churn.ts';
import { itemAttributes, itemPrices } from './item-attributes.ts';

const ADOPTIONS = 'customer_id,plan_id\nc1,p1\nc1,p2\nc2,p2\nc3,p3\nc3,p1\nc4,p2\nc4,p3\nc5,p1';
const PLANS = ['plan_id;type;price', 'p1;prepaid;9,99', 'p2;postpaid;29,50', 'p3;unlimited;49,00'].join('\n');

describe('item attributes and prices of an imported dataset', () => {
  const long = importLongTables({
    adoptions: { text: ADOPTIONS, file: 'a.csv' },
    plans: { text: PLANS, file: 'plans.csv' }
  });

  it('lists an item’s own attributes by group, identity and scaled columns left out', () => {
    const attrs = itemAttributes(long.data.space, 1);
    expect(attrs).toContain('type: postpaid');
    expect(attrs.some((a) => a.startsWith('price_band: '))).toBe(true);
    expect(attrs.some((a) => a.includes('item') || a.includes('scaled'))).toBe(false);
  });

  it('reads the plans table’s prices back in its own units (9.99, 29.50, 49.00)', () => {
    const p = itemPrices(long.data.space, long.mapping.plans);
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.attribute).toBe('price');
    expect(p.unit).toBe('raw');
    // Float32 feature values: exact to about 1e-6 of the range.
    p.prices.forEach((x, k) => expect(x).toBeCloseTo([9.99, 29.5, 49][k], 4));
    // Without the mapping: the import's 0–1 scale, in the same order.
    const scaled = itemPrices(long.data.space);
    expect(scaled.ok && scaled.unit).toBe('scaled');
    if (scaled.ok)
      expect(scaled.prices.map((x) => +x.toFixed(4))).toEqual([
        0,
        +((29.5 - 9.99) / (49 - 9.99)).toFixed(4),
        1
      ]);
  });

  it('says plainly why there is no price on a wide table (items are services)', () => {
    const wide = importWideTable({ text: telcoChurnCsv({ customers: 200, seed: 3 }), file: 't.csv' });
    const p = itemPrices(wide.data.space);
    expect(p).toEqual({
      ok: false,
      reason:
        'the items have no price-like numeric attribute (their attributes: service), so there is no revenue to trade off against relevance'
    });
    expect(itemAttributes(wide.data.space, wide.data.space.itemIds.indexOf('StreamingTV'))).toEqual([
      'service: StreamingTV'
    ]);
    const bare = importLongTables({ adoptions: { text: ADOPTIONS, file: 'a.csv' } });
    expect(itemPrices(bare.data.space)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('only their names')
    });
  });
});
