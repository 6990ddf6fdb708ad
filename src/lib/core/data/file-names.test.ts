import { describe, expect, it } from 'vitest';
import { fileStem, parityKey } from './file-names.ts';

describe('file names', () => {
  it('recognises parity files, bare or prefixed by an export, and prefers the longest match', () => {
    expect(parityKey('train.csv')).toBe('train');
    expect(parityKey('My Data_TEST.csv')).toBe('test');
    expect(parityKey('synthetic-5000-s42_user_features.csv')).toBe('userFeatures');
    expect(parityKey('synthetic-item_features.csv')).toBe('itemFeatures');
    expect(parityKey('customers.csv')).toBeUndefined();
  });
  it('makes a download-safe stem and never an empty one', () => {
    expect(fileStem('Telco 5k / März')).toBe('Telco_5k_M_rz');
    expect(fileStem('///')).toBe('dataset');
    expect(fileStem('x'.repeat(100))).toHaveLength(80);
  });
});
