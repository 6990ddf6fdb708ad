import { describe, expect, it } from 'vitest';
import { parseCsv, parseParityLayout, writeParityLayout } from './parity-layout.ts';

const base = {
  users: 'id\nu1\nu2\nu3\n',
  items: 'id\np1\np2\n',
  train: 'user,item\nu1,p1\nu2,p2\nu3,p1\n',
  test: 'user,item\nu1,p2\n',
  userFeatures: 'id,feature\nu1,seg:a\nu2,seg:b\nu2,age:young\n',
  itemFeatures: 'id,feature\np1,type:x\n'
};

describe('parseParityLayout', () => {
  it('maps ids to indices in file order and builds L1-normalised identity + feature matrices', () => {
    const d = parseParityLayout(base);
    expect(d.space.userIds).toEqual(['u1', 'u2', 'u3']);
    expect(Array.from(d.train.userIdx)).toEqual([0, 1, 2]);
    expect(Array.from(d.train.itemIdx)).toEqual([0, 1, 0]);
    expect(Array.from(d.test.itemIdx)).toEqual([1]);
    expect(d.space.userFeatureNames).toEqual([
      'user:u1',
      'user:u2',
      'user:u3',
      'seg:a',
      'seg:b',
      'age:young'
    ]);
    const uf = d.space.userFeatures;
    // u2: identity, seg:b, age:young → 1/3 each
    expect(Array.from(uf.indices.subarray(uf.indptr[1], uf.indptr[2]))).toEqual([1, 4, 5]);
    expect(Array.from(uf.values.subarray(uf.indptr[1], uf.indptr[2])).map((v) => +v.toFixed(4))).toEqual([
      0.3333, 0.3333, 0.3333
    ]);
    // u3 has no side feature: identity only, weight 1
    expect(Array.from(uf.values.subarray(uf.indptr[2], uf.indptr[3]))).toEqual([1]);
    expect(d.space.itemFeatureNames).toEqual(['item:p1', 'item:p2', 'type:x']);
  });

  it('grows the id universe from the interactions when users.csv and items.csv are absent', () => {
    const d = parseParityLayout({ train: 'user,item\nb,x\na,y\n', test: 'user,item\nc,x\n' });
    expect(d.space.userIds).toEqual(['b', 'a', 'c']);
    expect(d.space.itemIds).toEqual(['x', 'y']);
    expect(d.space.userFeatureNames).toEqual(['user:b', 'user:a', 'user:c']);
  });

  it('reads an optional weight column and quoted ids', () => {
    const d = parseParityLayout({ train: 'user,item,weight\n"a,1",x,2.5\n', test: 'user,item\n"a,1",y\n' });
    expect(d.space.userIds).toEqual(['a,1']);
    expect(Array.from(d.train.weight)).toEqual([2.5]);
  });

  it.each([
    [{ ...base, train: 'usr,item\nu1,p1\n' }, /train.csv: the header must have a "user" column/],
    [
      { ...base, train: 'user,item\nu1,p1\nu9,p1\n' },
      /train.csv line 3, column "user": unknown user id "u9" \(not in users.csv\)/
    ],
    [{ ...base, test: 'user,item\nu1,\n' }, /test.csv line 2, column "item": the value is missing/],
    [
      { ...base, test: 'user,item\nu2,p2\n' },
      /test.csv line 2: user "u2" and item "p2" already appear at train.csv line 3/
    ],
    [
      { ...base, train: 'user,item,weight\nu1,p1,-1\n' },
      /train.csv line 2, column "weight": "-1" is not a finite number/
    ],
    [
      { ...base, itemFeatures: 'id,feature\npx,type:x\n' },
      /item_features.csv line 2, column "id": unknown item id "px"/
    ],
    [{ ...base, users: 'id\nu1\nu1\n' }, /users.csv line 3: user id "u1" is listed twice/],
    [{ ...base, train: '' }, /train.csv is empty/]
  ])('rejects bad input naming file, line and column (%#)', (texts, message) => {
    expect(() => parseParityLayout(texts)).toThrow(message);
  });
});

describe('writeParityLayout', () => {
  it('writes texts that parse back to the same data', () => {
    const d = parseParityLayout({
      ...base,
      userFeatures: 'id,feature,weight\nu1,seg:a,1\nu2,seg:b,3\nu2,age:young,1\n'
    });
    const files = writeParityLayout(d);
    expect(Object.keys(files).sort()).toEqual([
      'item_features.csv',
      'items.csv',
      'test.csv',
      'train.csv',
      'user_features.csv',
      'users.csv'
    ]);
    const back = parseParityLayout({
      train: files['train.csv'],
      test: files['test.csv'],
      users: files['users.csv'],
      items: files['items.csv'],
      userFeatures: files['user_features.csv'],
      itemFeatures: files['item_features.csv']
    });
    expect(back.space.userIds).toEqual(d.space.userIds);
    expect(back.space.userFeatureNames).toEqual(d.space.userFeatureNames);
    expect(Array.from(back.space.userFeatures.indices)).toEqual(Array.from(d.space.userFeatures.indices));
    Array.from(back.space.userFeatures.values).forEach((v, k) =>
      expect(v).toBeCloseTo(d.space.userFeatures.values[k], 5)
    );
    expect(Array.from(back.train.userIdx)).toEqual(Array.from(d.train.userIdx));
    expect(Array.from(back.test.itemIdx)).toEqual(Array.from(d.test.itemIdx));
  });

  it('parses CSV with CRLF, BOM and doubled quotes', () => {
    const t = parseCsv('\ufeffid,feature\r\n"say ""hi""",x\r\n', 'f.csv');
    expect(t.header).toEqual(['id', 'feature']);
    expect(t.rows[0]).toEqual({ line: 2, cells: ['say "hi"', 'x'] });
  });
});
