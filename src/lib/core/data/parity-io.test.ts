import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { csvSchemasMarkdown } from './csv-schemas.ts';
import { generateDataset } from './generator.ts';
import { exportParityLayout, importParityLayout } from './parity-io.ts';
import { buildTrainTestData } from './train-test.ts';

describe('parity layout export', () => {
  it('writes the parity files, and reading them back gives the same split and feature matrices', () => {
    const ds = generateDataset({ customers: 300, seed: 5, ceilings: false });
    const files = exportParityLayout({ dataset: ds });
    expect(Object.keys(files).sort()).toEqual([
      'item_features.csv',
      'items.csv',
      'plans.csv',
      'test.csv',
      'train.csv',
      'user_features.csv',
      'users.csv'
    ]);
    const back = importParityLayout({
      files: {
        train: files['train.csv'],
        test: files['test.csv'],
        users: files['users.csv'],
        items: files['items.csv'],
        userFeatures: files['user_features.csv'],
        itemFeatures: files['item_features.csv']
      }
    });
    const direct = buildTrainTestData({ dataset: ds });
    expect(back.space.userIds).toEqual(direct.space.userIds);
    expect(Array.from(back.train.userIdx)).toEqual(Array.from(direct.train.userIdx));
    expect(Array.from(back.test.itemIdx)).toEqual(Array.from(direct.test.itemIdx));
    // Same features per row (the reader orders columns by first appearance, so compare by name).
    const rowsOf = (s: typeof back.space, side: 'user' | 'item') => {
      const m = side === 'user' ? s.userFeatures : s.itemFeatures;
      const names = side === 'user' ? s.userFeatureNames : s.itemFeatureNames;
      return Array.from({ length: m.nRows }, (_, r) => {
        const out: Record<string, number> = {};
        for (let p = m.indptr[r]; p < m.indptr[r + 1]; p++)
          out[names[m.indices[p]]] = Math.round(m.values[p] * 1e5) / 1e5;
        return out;
      });
    };
    expect(rowsOf(back.space, 'user')).toEqual(rowsOf(direct.space, 'user'));
    expect(rowsOf(back.space, 'item')).toEqual(rowsOf(direct.space, 'item'));
  });

  it('keeps docs/csv-schemas.md in step with the schema constants', () => {
    expect(readFileSync('docs/csv-schemas.md', 'utf8')).toBe(csvSchemasMarkdown());
  });
});
