import * as tf from '@tensorflow/tfjs-core';
import { copyBatchSamples, type BatchContext, type BatchOutcome } from './batch-context.ts';
import type { ModelConfig } from './config.ts';
import { warpCoefficient } from './sampling.ts';
import { drawBprSamples } from './bpr-step.ts';
import { gatherRows, segmentSum } from './segment-sum.ts';
import { searchBatchViolators } from './violators.ts';
import { BatchIncidence } from './batch-incidence.ts';
import type { CsrMatrix } from '../types.ts';

/** Why the full-tensor path cannot train this configuration, or null when it can. */
export function tensorPathUnsupported(config: ModelConfig): string | null {
  if (config.loss !== 'warp' && config.loss !== 'bpr') return 'the full-tensor path covers WARP and BPR only';
  if (config.schedule !== 'adagrad') return 'the full-tensor path has no adadelta';
  if (config.userAlpha > 0 || config.itemAlpha > 0) return 'the full-tensor path has no regularisation';
  return null;
}

/** What a batch's forward pass leaves for its step (disposed after it). */
type Forward = {
  M: tf.Tensor2D;
  expand: tf.Tensor1D;
  P: tf.Tensor;
  Q: tf.Tensor;
  qb: tf.Tensor;
};

/** A feature matrix's entries as tensors: each entry's row, column (feature) and value. */
interface Entries {
  row: tf.Tensor1D;
  col: tf.Tensor1D;
  /** X[row,col] as a column (n × 1, multiplies embedding rows) and as a vector (biases). */
  val: tf.Tensor2D;
  val1: tf.Tensor1D;
}

function entriesOf(x: CsrMatrix): Entries {
  const nnz = x.indptr[x.nRows];
  const row = new Int32Array(nnz);
  for (let r = 0; r < x.nRows; r++) row.fill(r, x.indptr[r], x.indptr[r + 1]);
  const values = x.values.slice(0, nnz);
  return {
    row: tf.tensor1d(row, 'int32'),
    col: tf.tensor1d(x.indices.slice(0, nnz), 'int32'),
    val: tf.tensor2d(values, [nnz, 1]),
    val1: tf.tensor1d(values)
  };
}

/** Adagrad with LightFM's per-sample accumulator (schedules.ts stepRows): A += Σg²; θ −= lr·Σg/√A. */
function adagrad(
  theta: tf.Tensor,
  acc: tf.Tensor,
  sum: tf.Tensor,
  sumSq: tf.Tensor,
  lr: number
): tf.Tensor[] {
  const a = tf.add(acc, sumSq);
  return [tf.sub(theta, tf.mul(lr, tf.div(sum, tf.sqrt(a)))), a];
}

/**
 * WARP (and BPR: the same step with its own coefficient, see bprBatch) trained entirely in
 * TF.js tensors, for an accelerator: the parameters and their
 * accumulators live in tensors. Per batch: the user representations p = M·E over the batch's
 * distinct user features (batch-incidence.ts), the catalogue's q = Xᵀ-style segment sums of
 * item feature rows, the B × N scores one matMul, the exact violators violators.ts's search;
 * the gradients onto feature rows Mᵀ·g (users) and segment sums over item then feature
 * indices (items), the per-sample squared gradients as (X²)ᵀ·g² in the same forms, and the
 * Adagrad step one dense update (rows without gradient keep their values: Σg = Σg² = 0 there).
 * Only B-length vectors cross to JS and back: the violator counts (the coefficient draws use
 * the run's random stream exactly as warp-step.ts, the readable reference this is tested
 * against) and the coefficients.
 *
 * The FactorState's arrays are stale while batches run here: `sync` writes the tensors back
 * (the training loop calls it before reading the state: validation, checks, checkpoints).
 */
export class TensorPairwise {
  private uEmb!: tf.Tensor;
  private uAcc!: tf.Tensor;
  private iEmb!: tf.Tensor;
  private iAcc!: tf.Tensor;
  private iBias!: tf.Tensor;
  private iBiasAcc!: tf.Tensor;
  private readonly items: Entries;
  /** The batch users' feature rows as a dense matrix over their distinct features. */
  private readonly users: BatchIncidence;

  constructor(private readonly ctx: BatchContext) {
    const why = tensorPathUnsupported(ctx.config);
    if (why) throw new Error(why);
    this.users = new BatchIncidence(ctx.userX, ctx.config.batchSize);
    this.items = entriesOf(ctx.itemX);
    this.upload();
  }

  /** (Re)loads the parameters and accumulators from the FactorState (copies: no tensor aliases it). */
  upload(): void {
    this.disposeParams();
    const { user, item, components: d } = this.ctx.state;
    this.uEmb = tf.tensor2d(user.emb.values.slice(), [user.emb.rows, d]);
    this.uAcc = tf.tensor2d(user.emb.acc.slice(), [user.emb.rows, d]);
    this.iEmb = tf.tensor2d(item.emb.values.slice(), [item.emb.rows, d]);
    this.iAcc = tf.tensor2d(item.emb.acc.slice(), [item.emb.rows, d]);
    this.iBias = tf.tensor1d(item.bias.values.slice());
    this.iBiasAcc = tf.tensor1d(item.bias.acc.slice());
  }

  /** Writes the parameters and accumulators back into the FactorState (user biases never move: WARP cancels them). */
  sync(): void {
    const { user, item } = this.ctx.state;
    user.emb.values.set(this.uEmb.dataSync());
    user.emb.acc.set(this.uAcc.dataSync());
    item.emb.values.set(this.iEmb.dataSync());
    item.emb.acc.set(this.iAcc.dataSync());
    item.bias.values.set(this.iBias.dataSync());
    item.bias.acc.set(this.iBiasAcc.dataSync());
  }

  /** Waits for the queued work to finish (timing: WebGL runs asynchronously). */
  flush(): void {
    this.iBiasAcc.dataSync();
  }

  /** The loss it trains. */
  get loss(): string {
    return this.ctx.config.loss;
  }

  /** One batch over order[start .. start+count) of the context's loss (WARP or BPR). */
  batch(order: Int32Array, start: number, count: number): BatchOutcome {
    return this.ctx.config.loss === 'bpr'
      ? this.bprBatch(order, start, count)
      : this.warpBatch(order, start, count);
  }

  /**
   * The batch's user representations p = M·E (rows 0..count of scratch.users) and the whole
   * catalogue's q and item biases. The user bias is left out: it cancels in s⁺ − s⁻
   * (lightfm-spec.md §2).
   */
  private forward(count: number): Forward {
    const inc = this.users;
    inc.load(this.ctx.scratch.users, count);
    const N = this.ctx.nItems;
    return tf.tidy(() => {
      const M = tf.tensor2d(inc.dense.subarray(0, count * inc.m), [count, inc.m]);
      const expand = tf.tensor1d(inc.expand, 'int32');
      const it = this.items;
      const features = tf.tensor1d(inc.features.subarray(0, inc.m), 'int32');
      const P = tf.matMul(M, gatherRows(this.uEmb, features));
      const Q = segmentSum(tf.mul(gatherRows(this.iEmb, it.col), it.val), it.row, N);
      const qb = segmentSum(tf.mul(gatherRows(this.iBias, it.col), it.val1), it.row, N);
      return { M, expand, P, Q, qb };
    });
  }

  /** One WARP batch, the same draws and update as warp-step.ts's warpBatch. */
  private warpBatch(order: Int32Array, start: number, count: number): BatchOutcome {
    const ctx = this.ctx;
    const { config, rng, nItems: N } = ctx;
    if (config.loss !== 'warp') throw new Error('not a WARP context');
    const s = ctx.scratch;
    copyBatchSamples(ctx, order, start, count);
    const fwd = this.forward(count);
    try {
      const v = searchBatchViolators(
        ctx,
        count,
        () => tf.tidy(() => tf.add(tf.matMul(fwd.P, tf.transpose(fwd.Q)), fwd.qb)) as tf.Tensor2D
      );
      const c = s.coefficient;
      let loss = 0;
      let updated = 0;
      for (let b = 0; b < count; b++) {
        const cb = warpCoefficient(
          config.warpVariant,
          v.count[b],
          N,
          N - 1,
          config.maxSampled,
          s.weights[b],
          rng.next()
        );
        c[b] = cb > 0 ? cb : 0;
        if (!(cb > 0)) continue;
        updated++;
        loss += cb * (1 - v.positiveScore[b] + v.negativeScore[b]);
      }
      if (updated > 0) {
        const coefficient = tf.tensor2d(c.subarray(0, count), [count, 1]);
        try {
          this.step(count, fwd, v.negative, coefficient);
        } finally {
          coefficient.dispose();
        }
      }
      return { loss, updated };
    } finally {
      tf.dispose(fwd);
    }
  }

  /**
   * One BPR batch, the same draws and update as bpr-step.ts's bprBatch: popularity negatives
   * (rejecting positives) drawn in JS, then x = s⁺ − s⁻, g = w·(1 − σ(x)) and the loss
   * Σ w·ln(1 + e^(−x)) in tensors; only the loss comes back.
   */
  private bprBatch(order: Int32Array, start: number, count: number): BatchOutcome {
    const s = this.ctx.scratch;
    const n = drawBprSamples(this.ctx, order, start, count);
    if (n === 0) return { loss: 0, updated: 0 };
    const fwd = this.forward(n);
    try {
      const [c, loss] = tf.tidy(() => {
        const pos = tf.tensor1d(s.items.subarray(0, n), 'int32');
        const neg = tf.tensor1d(s.negatives.subarray(0, n), 'int32');
        const w = tf.tensor1d(s.weights.subarray(0, n));
        const dq = tf.sub(gatherRows(fwd.Q, pos), gatherRows(fwd.Q, neg));
        const x = tf.add(
          tf.sum(tf.mul(dq, fwd.P), 1),
          tf.sub(gatherRows(fwd.qb, pos), gatherRows(fwd.qb, neg))
        );
        const g = tf.mul(w, tf.sub(1, tf.sigmoid(x)));
        return [tf.reshape(g, [n, 1]), tf.sum(tf.mul(w, tf.softplus(tf.neg(x))))];
      });
      try {
        this.step(n, fwd, s.negatives, c as tf.Tensor2D);
        return { loss: loss.dataSync()[0], updated: n };
      } finally {
        tf.dispose([c, loss]);
      }
    } finally {
      tf.dispose(fwd);
    }
  }

  /**
   * Descent on a pairwise loss whose per-sample gradient is c·(q_j − q_i) on p_u, −c·p_u on q_i
   * and c·p_u on q_j (WARP's c·(1 − s⁺ + s⁻), BPR's −ln σ(s⁺ − s⁻)), onto the feature rows,
   * and one Adagrad step (warp-step.ts's and bpr-step.ts's, in tensors). `c`: count × 1.
   */
  private step(count: number, fwd: Forward, negative: Int32Array, c: tf.Tensor2D): void {
    const { config, nItems: N, itemX, scratch: s } = this.ctx;
    const lr = config.learningRate;
    const next = tf.tidy(() => {
      const pos = tf.tensor1d(s.items.subarray(0, count), 'int32');
      const neg = tf.tensor1d(negative.subarray(0, count), 'int32');
      // User side: ∂/∂p_u = c·(q_j − q_i) per sample, onto the batch's feature rows as Mᵀ·g and
      // (M∘M)ᵀ·g² (one square per sample), then spread to all rows (zero where none).
      const gP = tf.mul(c, tf.sub(gatherRows(fwd.Q, neg), gatherRows(fwd.Q, pos)));
      const toAll = (g: tf.Tensor) => gatherRows(tf.concat([g, tf.zeros([1, g.shape[1]!])]), fwd.expand);
      const Mt = tf.tensor2d(this.users.denseT.subarray(0, count * this.users.m), [this.users.m, count]);
      const uSum = toAll(tf.matMul(Mt, gP));
      const uSq = toAll(tf.matMul(tf.square(Mt), tf.square(gP)));
      // Item side: −c·p_u on q_i and +c·p_u on q_j, grouped per item with their squares kept
      // per sample, then onto the item feature rows as Xᵀ·g and (X²)ᵀ·g².
      const who = tf.concat([pos, neg]);
      // −c for the positives, +c for the negatives.
      const c1 = tf.reshape(c, [count]);
      const gB = tf.concat([tf.mul(c1, -1), c1]);
      const gQ = tf.mul(tf.reshape(gB, [2 * count, 1]), tf.concat([fwd.P, fwd.P]));
      const it = this.items;
      const onItemRows = (g: tf.Tensor, x: tf.Tensor) =>
        segmentSum(tf.mul(gatherRows(segmentSum(g, who, N), it.row), x), it.col, itemX.nCols);
      const iSum = onItemRows(gQ, it.val);
      const iSq = onItemRows(tf.square(gQ), tf.square(it.val));
      const bSum = onItemRows(gB, it.val1);
      const bSq = onItemRows(tf.square(gB), tf.square(it.val1));
      return [
        ...adagrad(this.uEmb, this.uAcc, uSum, uSq, lr),
        ...adagrad(this.iEmb, this.iAcc, iSum, iSq, lr),
        ...adagrad(this.iBias, this.iBiasAcc, bSum, bSq, lr)
      ];
    });
    this.disposeParams();
    [this.uEmb, this.uAcc, this.iEmb, this.iAcc, this.iBias, this.iBiasAcc] = next;
  }

  private disposeParams(): void {
    // Absent before the first upload.
    tf.dispose([this.uEmb, this.uAcc, this.iEmb, this.iAcc, this.iBias, this.iBiasAcc].filter(Boolean));
  }

  dispose(): void {
    this.disposeParams();
    tf.dispose([this.items.row, this.items.col, this.items.val, this.items.val1]);
  }
}
