/**
 * A trained model's factors in the import format (docs/factors.md), so what the CLI trains can be
 * re-imported and what an outside trainer writes has a reference: per entity
 * (`id,bias,f0,…`: the representation p_u = Σ_f X[u,f]·e_f and b_u = Σ_f X[u,f]·b_f, as
 * LightFM's get_user_representations() returns) and per feature (one row per feature name).
 */
import type { TrainedModel } from '../model/model.ts';
import { representAll } from '../model/representations.ts';

/** CSV text of `id,bias,f0,…`; numbers are written so that float32 reads back bit-identical. */
export function factorCsv(
  ids: readonly string[],
  biases: Float32Array,
  embeddings: Float32Array,
  d: number
): string {
  const lines = [['id', 'bias', ...Array.from({ length: d }, (_, k) => `f${k}`)].join(',')];
  const quote = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  ids.forEach((id, r) => {
    const row = [quote(id), String(biases[r])];
    for (let k = 0; k < d; k++) row.push(String(embeddings[r * d + k]));
    lines.push(row.join(','));
  });
  return lines.join('\n') + '\n';
}

/** The four files `npm run cli -- train --save-factors DIR` writes, by file name. */
export function modelFactorFiles(model: TrainedModel): Record<string, string> {
  const d = model.weights.components;
  const w = model.weights;
  const users = representAll(model.userFeatures, w.userEmbeddings, w.userBiases, d);
  const items = representAll(model.itemFeatures, w.itemEmbeddings, w.itemBiases, d);
  return {
    'user_factors.csv': factorCsv(model.userIds, users.bias, users.vec, d),
    'item_factors.csv': factorCsv(model.itemIds, items.bias, items.vec, d),
    'user_feature_factors.csv': factorCsv(model.userFeatureNames, w.userBiases, w.userEmbeddings, d),
    'item_feature_factors.csv': factorCsv(model.itemFeatureNames, w.itemBiases, w.itemEmbeddings, d)
  };
}
