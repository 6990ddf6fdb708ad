import type { Interactions } from '../types.ts';
import { CoreError } from '../types.ts';

/** Number of training interactions per item (Float64Array of length nItems). */
export function itemPopularity(train: Interactions, nItems: number): Float64Array {
  const counts = new Float64Array(nItems);
  const items = train.itemIdx;
  for (let k = 0; k < items.length; k++) {
    const i = items[k];
    if (!(i >= 0 && i < nItems))
      throw new CoreError(
        'bad_input',
        `train interaction ${k} has item index ${i}, outside 0..${nItems - 1}`
      );
    counts[i]++;
  }
  return counts;
}

/**
 * The popularity baseline: every user gets the same row, the item's adoption count in train
 * (most-adopted first). Returns nUsers × nItems row-major, ready for evaluateRanking.
 */
export function popularityScores(train: Interactions, nUsers: number, nItems: number): Float32Array {
  const counts = itemPopularity(train, nItems);
  const row = Float32Array.from(counts);
  const out = new Float32Array(nUsers * nItems);
  for (let u = 0; u < nUsers; u++) out.set(row, u * nItems);
  return out;
}
