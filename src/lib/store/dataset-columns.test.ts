import { describe, expect, it } from 'vitest';
import { generateDataset } from '../core/data/generator.ts';
import { customerUtilities } from '../core/data/utility.ts';
import { columnsToTelco, telcoToColumns } from './dataset-columns.ts';

describe('stored columns keep the choice model', () => {
  it("an 'overage-family' dataset reads back with its model (its true utilities are the same)", () => {
    const ds = generateDataset({ customers: 200, seed: 5, choiceModel: 'overage-family', ceilings: false });
    const back = columnsToTelco(telcoToColumns(ds));
    expect(back.choiceModel).toBe('overage-family');
    const u = (d: typeof ds) => Array.from(customerUtilities(d, 7, new Float64Array(d.plans.length))!);
    expect(u(back)).toEqual(u(ds));
  });

  it('a standard dataset stores no choice model (its meta bytes are as before)', () => {
    const cols = telcoToColumns(generateDataset({ customers: 200, seed: 5, ceilings: false }));
    expect(JSON.parse(cols['meta.json'] as string)).not.toHaveProperty('choiceModel');
    expect(columnsToTelco(cols).choiceModel).toBeUndefined();
  });
});
