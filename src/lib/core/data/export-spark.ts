/**
 * A dataset in the layout Spark MLlib's ALS reads (`ALS(implicitPrefs=True, userCol="user",
 * itemCol="item", ratingCol="rating")`): integer user and item indices, because ALS takes
 * integer ids, plus the index → id mapping files to map the factors back (docs/factors.md).
 *
 *   ratings_train.csv, ratings_test.csv [, ratings_validation.csv]   user,item,rating
 *   user_index.csv, item_index.csv                                   index,id
 *
 * Indices are the dataset's own order (users.csv / items.csv of the parity layout). CSV, not
 * Parquet: Spark reads CSV with one line (spark.read.csv(..., header=True, inferSchema=True)).
 */
import type { Interactions, TrainTestData } from '../types.ts';

const cell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

function ratings(x: Interactions): string {
  const lines = ['user,item,rating'];
  for (let k = 0; k < x.userIdx.length; k++) lines.push(`${x.userIdx[k]},${x.itemIdx[k]},${x.weight[k]}`);
  return lines.join('\n') + '\n';
}

const indexFile = (ids: readonly string[]) =>
  ['index,id', ...ids.map((id, k) => `${k},${cell(id)}`)].join('\n') + '\n';

/** File name → text of the Spark layout of `data`. */
export function writeSparkLayout(data: TrainTestData): Record<string, string> {
  const out: Record<string, string> = {
    'ratings_train.csv': ratings(data.train),
    'ratings_test.csv': ratings(data.test),
    'user_index.csv': indexFile(data.space.userIds),
    'item_index.csv': indexFile(data.space.itemIds)
  };
  if (data.validation) out['ratings_validation.csv'] = ratings(data.validation);
  return out;
}
