import { evaluatePrepared, prepareEvaluation } from '../eval/metrics.ts';
import type { FactorWeights, Interactions } from '../types.ts';
import type { FactorState } from './factor-state.ts';
import { scoreUsers, type ScoreSource } from './predict.ts';

export interface ValidatorOptions {
  nUsers: number;
  nItems: number;
  /** Positives excluded from ranking. */
  train: Interactions;
  /** Held-out positives to rank. */
  heldOut: Interactions;
  ks: number[];
}

/**
 * Per-epoch validation that costs only what it must: the users with a held-out item are found
 * and the split grouped once (not every epoch), and each call scores only those users. The
 * metrics are those of evaluateRanking over every user's scores, since users without a held-out
 * item are left out of the means anyway.
 */
export function createValidator(opts: ValidatorOptions): (source: ScoreSource) => Record<string, number> {
  const { nUsers, nItems } = opts;
  // Compact user ids: row r of the scores is user `users[r]`.
  const row = new Int32Array(nUsers).fill(-1);
  const ids: number[] = [];
  for (const u of opts.heldOut.userIdx) {
    if (u >= 0 && u < nUsers && row[u] < 0) {
      row[u] = ids.length;
      ids.push(u);
    }
  }
  const users = Int32Array.from(ids);
  const restrict = (x: Interactions): Interactions => {
    const keep: number[] = [];
    for (let k = 0; k < x.userIdx.length; k++) if (row[x.userIdx[k]] >= 0) keep.push(k);
    return {
      userIdx: Int32Array.from(keep, (k) => row[x.userIdx[k]]),
      itemIdx: Int32Array.from(keep, (k) => x.itemIdx[k]),
      weight: Float32Array.from(keep, (k) => x.weight[k])
    };
  };
  const prepared = prepareEvaluation({
    nUsers: users.length,
    nItems,
    train: restrict(opts.train),
    test: restrict(opts.heldOut)
  });
  return (source) =>
    evaluatePrepared({ prepared, scores: scoreUsers({ model: source, users }), ks: opts.ks, perUser: false })
      .metrics;
}

/** The live parameters as FactorWeights, without copying (read them before the next step). */
export function liveWeights(state: FactorState): FactorWeights {
  return {
    components: state.components,
    userEmbeddings: state.user.emb.values,
    userBiases: state.user.bias.values,
    itemEmbeddings: state.item.emb.values,
    itemBiases: state.item.bias.values
  };
}
