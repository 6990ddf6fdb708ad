import type { Interactions } from '../types.ts';
import { CoreError } from '../types.ts';

/**
 * Interactions grouped per user (CSR without values): user u owns items[indptr[u] .. indptr[u+1]).
 * Duplicated (user, item) pairs are kept once, as LightFM's COO → CSR conversion merges them.
 * Items within a row keep their first-seen order.
 */
export interface UserRows {
  nUsers: number;
  nItems: number;
  indptr: Int32Array;
  items: Int32Array;
}

export interface GroupByUserOptions {
  interactions: Interactions;
  nUsers: number;
  nItems: number;
  /** Name used in error messages, e.g. "train" or "test". */
  label: string;
}

/** Groups COO interactions by user in O(nnz + nUsers) with a counting sort. Validates indices. */
export function groupByUser(opts: GroupByUserOptions): UserRows {
  const { interactions, nUsers, nItems, label } = opts;
  const { userIdx, itemIdx } = interactions;
  const nnz = userIdx.length;
  if (itemIdx.length !== nnz) {
    throw new CoreError(
      'bad_input',
      `${label}: userIdx has ${nnz} entries but itemIdx has ${itemIdx.length}`
    );
  }
  const counts = new Int32Array(nUsers + 1);
  for (let k = 0; k < nnz; k++) {
    const u = userIdx[k];
    const i = itemIdx[k];
    if (!(u >= 0 && u < nUsers)) {
      throw new CoreError(
        'bad_input',
        `${label}: interaction ${k} has user index ${u}, outside 0..${nUsers - 1} (scores have ${nUsers} rows)`
      );
    }
    if (!(i >= 0 && i < nItems)) {
      throw new CoreError(
        'bad_input',
        `${label}: interaction ${k} has item index ${i}, outside 0..${nItems - 1}`
      );
    }
    counts[u + 1]++;
  }
  for (let u = 0; u < nUsers; u++) counts[u + 1] += counts[u];
  const fill = counts.slice(0, nUsers);
  const raw = new Int32Array(nnz);
  for (let k = 0; k < nnz; k++) raw[fill[userIdx[k]]++] = itemIdx[k];

  // Drop duplicates per row with an item stamp (stamp = user + 1 avoids clearing between rows).
  const stamp = new Int32Array(nItems);
  const indptr = new Int32Array(nUsers + 1);
  let out = 0;
  for (let u = 0; u < nUsers; u++) {
    for (let p = counts[u]; p < counts[u + 1]; p++) {
      const i = raw[p];
      if (stamp[i] === u + 1) continue;
      stamp[i] = u + 1;
      raw[out++] = i;
    }
    indptr[u + 1] = out;
  }
  return { nUsers, nItems, indptr, items: out === nnz ? raw : raw.slice(0, out) };
}
