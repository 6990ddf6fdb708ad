import { describe, expect, it } from 'vitest';
import { CoreError } from './types.ts';
describe('core types', () => {
  it('keeps the error code in the name so it survives Comlink', () => {
    const e = new CoreError('bad_input', 'x');
    expect(e.name).toBe('CoreError:bad_input');
  });
});
