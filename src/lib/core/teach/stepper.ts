import { createRng, type Rng } from '../data/rng.ts';
import { groupByUser, type UserRows } from '../eval/user-rows.ts';
import { createBatchContext, type BatchContext } from '../model/batch-context.ts';
import { bprBatch } from '../model/bpr-step.ts';
import { resolveConfig, type CommonOptions, type ModelConfig } from '../model/config.ts';
import { dot } from '../model/dot.ts';
import { createFactorState, exportWeights, type FactorState } from '../model/factor-state.ts';
import { representAll } from '../model/representations.ts';
import { isPositive } from '../model/sampling.ts';
import type { BprSampleTrace, StepTracer, WarpSampleTrace } from '../model/step-trace.ts';
import { warpSampledBatch } from '../model/warp-sampled.ts';
import type { FactorWeights, TrainTestData } from '../types.ts';

/**
 * Training one sample at a time, observably, for the teaching view. It is not a re-enactment:
 * each step calls the trainer's own batch function (warpSampledBatch / bprBatch) with a batch of
 * one, on state set up exactly as train() sets it up (same RNG forks in the same order, same
 * shuffle per epoch), and listens through the step functions' optional tracer. So after n whole
 * epochs its weights equal train()'s with batchSize 1 bit for bit (stepper.test.ts checks it).
 */
export type StepLoss = 'warp' | 'bpr';

export interface StepperOptions {
  data: TrainTestData;
  loss: StepLoss;
  seed: number;
  /**
   * Any common options (learning rate, schedule, regularisation, maxSampled…). batchSize is
   * always 1; components default to 2 so the embeddings can be drawn as they are.
   * The data's own feature matrices are used (useFeatures is always true).
   */
  options?: Partial<Omit<CommonOptions, 'batchSize' | 'useFeatures' | 'epochs'>>;
}

/** One candidate of WARP's violator search, in draw order. */
export interface DrawRecord {
  item: number;
  score: number;
  /** A training positive of the user (counts as a failed draw). */
  positive: boolean;
  /** Scores above s⁺ − 1 and is not a positive: the search stops here. */
  violator: boolean;
}

/** Two-or-more-number vectors of one sample's rows (representations: sum of feature embeddings). */
export interface SampleVectors {
  user: number[];
  positive: number[];
  /** Empty when the sample had no negative. */
  negative: number[];
}

export interface StepRecord {
  loss: StepLoss;
  /** 1-based epoch and 0-based position of the sample in this epoch's shuffled order. */
  epoch: number;
  position: number;
  user: number;
  positive: number;
  /** −1 when no negative was used (WARP: no violator within maxSampled; BPR: none found). */
  negative: number;
  weight: number;
  positiveScore: number;
  negativeScore: number;
  /** WARP's draws until a violator (empty for BPR). */
  draws: DrawRecord[];
  /** WARP: K, the number of draws that found the violator (0 when none). */
  trials: number;
  /** WARP: ⌊(N − 1)/K⌋, the estimated rank of the positive's violators (0 when none). */
  rankEstimate: number;
  /** The gradient multiplier: WARP min(10, w·ln max(1, rank estimate)); BPR w·(1 − σ(s⁺ − s⁻)). */
  coefficient: number;
  /** This sample's loss: WARP c·(1 − s⁺ + s⁻); BPR −w·ln σ(s⁺ − s⁻). */
  sampleLoss: number;
  /** Whether the step moved any parameter. */
  updated: boolean;
  /** Representations before and after the step, and the loss gradient with respect to them. */
  before: SampleVectors;
  after: SampleVectors;
  gradient: SampleVectors;
}

/** Representations of every user and item (n × components, row-major) and the item biases. */
export interface Vectors {
  users: Float32Array;
  items: Float32Array;
  itemBias: Float32Array;
}

export class Stepper {
  readonly config: ModelConfig;
  readonly nSamples: number;
  private readonly data: TrainTestData;
  private readonly state: FactorState;
  private readonly sampler: Rng;
  private readonly ctx: BatchContext;
  private readonly positives: UserRows;
  private readonly order: Int32Array;
  private readonly draws: { item: number; score: number }[] = [];
  private warp: WarpSampleTrace | null = null;
  private bpr: BprSampleTrace | null = null;
  private epochNow = 0;
  private next = 0;

  constructor(opts: StepperOptions) {
    const { data, seed } = opts;
    this.data = data;
    this.config = resolveConfig({
      components: 2,
      ...opts.options,
      loss: opts.loss,
      batchSize: 1,
      useFeatures: true,
      epochs: 1
    });
    const { space } = data;
    const nUsers = space.userIds.length;
    const nItems = space.itemIds.length;
    // The same setup, in the same RNG order, as train() (model/train.ts).
    const rng = createRng(seed);
    this.state = createFactorState(
      space.userFeatures.nCols,
      space.itemFeatures.nCols,
      this.config.components,
      this.config.schedule,
      rng.fork('init')
    );
    this.sampler = rng.fork('sample');
    this.positives = groupByUser({ interactions: data.train, nUsers, nItems, label: 'train' });
    const tracer: StepTracer = {
      onDraw: (item, score) => this.draws.push({ item, score }),
      onWarp: (s) => (this.warp = { ...s }),
      onBpr: (s) => (this.bpr = { ...s })
    };
    this.ctx = createBatchContext({
      config: this.config,
      state: this.state,
      userX: space.userFeatures,
      itemX: space.itemFeatures,
      nItems,
      positives: this.positives,
      train: data.train,
      rng: this.sampler,
      trace: tracer
    });
    this.nSamples = data.train.userIdx.length;
    this.order = Int32Array.from({ length: this.nSamples }, (_, k) => k);
  }

  /** Samples taken so far, over all epochs. */
  get stepsTaken(): number {
    return this.epochNow === 0 ? 0 : (this.epochNow - 1) * this.nSamples + this.next;
  }

  /** Trains on the next sample (shuffling at each epoch's start, as train() does) and says what happened. */
  step(): StepRecord {
    if (this.epochNow === 0 || this.next >= this.nSamples) {
      this.epochNow++;
      this.next = 0;
      this.sampler.shuffle(this.order);
    }
    const position = this.next++;
    const k = this.order[position];
    const u = this.data.train.userIdx[k];
    const before = this.vectors();
    this.draws.length = 0;
    this.warp = null;
    this.bpr = null;
    const out =
      this.config.loss === 'bpr'
        ? bprBatch(this.ctx, this.order, position, 1)
        : warpSampledBatch(this.ctx, this.order, position, 1, false);
    const after = this.vectors();
    const w = this.warp as WarpSampleTrace | null;
    const b = this.bpr as BprSampleTrace | null;
    const i = w?.positive ?? b?.positive ?? this.data.train.itemIdx[k];
    const j = w?.negative ?? b?.negative ?? -1;
    const pick = (v: Vectors): SampleVectors => ({
      user: row(v.users, u, this.config.components),
      positive: row(v.items, i, this.config.components),
      negative: j >= 0 ? row(v.items, j, this.config.components) : []
    });
    const pre = pick(before);
    const coefficient = w?.coefficient ?? b?.coefficient ?? 0;
    const d = this.config.components;
    const sPos = w?.positiveScore ?? scoreOf(before, u, i, d);
    const sNeg = w?.negativeScore ?? scoreOf(before, u, j, d);
    const threshold = sPos - 1;
    return {
      loss: this.config.loss === 'bpr' ? 'bpr' : 'warp',
      epoch: this.epochNow,
      position,
      user: u,
      positive: i,
      negative: j,
      weight: w?.weight ?? b?.weight ?? this.data.train.weight[k],
      positiveScore: sPos,
      negativeScore: sNeg,
      draws: this.draws.map((d) => {
        const positive = isPositive(this.positives, u, d.item);
        return { item: d.item, score: d.score, positive, violator: !positive && d.score > threshold };
      }),
      trials: w?.trials ?? 0,
      rankEstimate: w && w.trials > 0 ? Math.floor((this.data.space.itemIds.length - 1) / w.trials) : 0,
      coefficient,
      sampleLoss: w ? (coefficient > 0 ? coefficient * (1 - sPos + sNeg) : 0) : (b?.loss ?? 0),
      updated: out.updated > 0,
      before: pre,
      after: pick(after),
      gradient: gradientOf(pre, coefficient)
    };
  }

  /** Every user's and item's current representation (n × components, row-major). */
  vectors(): Vectors {
    const { space } = this.data;
    const d = this.config.components;
    const s = this.state;
    const items = representAll(space.itemFeatures, s.item.emb.values, s.item.bias.values, d);
    return {
      users: representAll(space.userFeatures, s.user.emb.values, s.user.bias.values, d).vec,
      items: items.vec,
      itemBias: items.bias
    };
  }

  /** A copy of the learned parameters, as train() exports them. */
  weights(): FactorWeights {
    return exportWeights(this.state);
  }
}

function row(v: Float32Array, r: number, d: number): number[] {
  return Array.from(v.subarray(r * d, r * d + d));
}

/** s_j without the user bias (it cancels in s⁺ − s⁻): b_j + p_u·q_j, as the steps score. */
function scoreOf(v: Vectors, u: number, j: number, d: number): number {
  if (j < 0) return 0;
  return dot(v.users, u * d, v.items, j * d, d, v.itemBias[j]);
}

/**
 * The gradient both losses share for one sample with multiplier c (lightfm-spec.md §4):
 * ∂/∂p_u = c·(q_j − q_i), ∂/∂q_i = −c·p_u, ∂/∂q_j = c·p_u. The parameters move against it,
 * scaled per coordinate by the schedule (adagrad: lr/√Σg²).
 */
function gradientOf(v: SampleVectors, c: number): SampleVectors {
  if (v.negative.length === 0 || !(c > 0))
    return { user: v.user.map(() => 0), positive: v.positive.map(() => 0), negative: [] };
  return {
    user: v.user.map((_, k) => c * (v.negative[k] - v.positive[k])),
    positive: v.user.map((p) => -c * p),
    negative: v.user.map((p) => c * p)
  };
}
