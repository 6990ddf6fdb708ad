import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../data/rng.ts';

/**
 * Hybrid Deep's non-linear towers (design.md "The models"): each side's feature embedding p
 * becomes p' = p + W2·relu(W1·p + b1). W2 starts at zero, so an untrained tower is the
 * identity and the model starts as — and can stay — the plain hybrid.
 */
export interface SideTowerWeights {
  /** components × hidden, row-major (x·W1). */
  w1: Float32Array;
  /** hidden */
  b1: Float32Array;
  /** hidden × components, row-major. */
  w2: Float32Array;
}

export interface TowerWeights {
  components: number;
  hidden: number;
  user: SideTowerWeights;
  item: SideTowerWeights;
}

/** Glorot-uniform W1 from the run's seeded stream, zero b1 and W2. */
export function initTowerWeights(components: number, hidden: number, rng: Rng): TowerWeights {
  const side = (): SideTowerWeights => {
    const lim = Math.sqrt(6 / (components + hidden));
    const w1 = new Float32Array(components * hidden);
    for (let k = 0; k < w1.length; k++) w1[k] = (2 * rng.next() - 1) * lim;
    return { w1, b1: new Float32Array(hidden), w2: new Float32Array(hidden * components) };
  };
  return { components, hidden, user: side(), item: side() };
}

/**
 * Forward pass keeping what the backward pass needs. Hand-written backprop (below) keeps the
 * model free of TF.js gradient registration: tfjs-core's register_all_gradients cannot be
 * imported under Node's ESM resolver, and tf.gather's gradient is missing on WASM anyway.
 */
export interface TowerForward {
  x: tf.Tensor2D;
  /** relu(x·W1 + b1) */
  a: tf.Tensor2D;
  out: tf.Tensor2D;
}

export function towerForward(x: tf.Tensor2D, [w1, b1, w2]: tf.Tensor[]): TowerForward {
  const a = tf.relu(tf.add(tf.matMul(x, w1 as tf.Tensor2D), b1)) as tf.Tensor2D;
  return { x, a, out: tf.add(x, tf.matMul(a, w2 as tf.Tensor2D)) };
}

/**
 * Given g = ∂L/∂out (n × d): ∂L/∂x = g + ((g·W2ᵀ) ⊙ [a > 0])·W1ᵀ, and the weight gradients
 * ∂W1 = xᵀ·δ, ∂b1 = Σ_rows δ, ∂W2 = aᵀ·g with δ = (g·W2ᵀ) ⊙ [a > 0].
 */
export function towerBackward(
  f: TowerForward,
  g: tf.Tensor2D,
  [w1, , w2]: tf.Tensor[]
): { dx: tf.Tensor2D; dw: [tf.Tensor2D, tf.Tensor1D, tf.Tensor2D] } {
  // Explicit transposes: matMul's transpose flags took ~8× longer on WASM (measured).
  const delta = tf.mul(tf.matMul(g, tf.transpose(w2 as tf.Tensor2D)), tf.step(f.a)) as tf.Tensor2D;
  return {
    dx: tf.add(g, tf.matMul(delta, tf.transpose(w1 as tf.Tensor2D))),
    dw: [
      tf.matMul(tf.transpose(f.x), delta),
      tf.sum(delta, 0) as tf.Tensor1D,
      tf.matMul(tf.transpose(f.a), g)
    ]
  };
}

/** One side's tower parameters as tensors, in the fixed order [w1, b1, w2]. */
export type SideTensors = [tf.Tensor2D, tf.Tensor1D, tf.Tensor2D];

export function sideTensors(w: SideTowerWeights, d: number, h: number): SideTensors {
  return [tf.tensor2d(w.w1, [d, h]), tf.tensor1d(w.b1), tf.tensor2d(w.w2, [h, d])];
}

/** x + relu(x·W1 + b1)·W2 for a batch x (n × d). */
export function applyTower(x: tf.Tensor2D, [w1, b1, w2]: SideTensors | tf.Tensor[]): tf.Tensor2D {
  return tf.add(x, tf.matMul(tf.relu(tf.add(tf.matMul(x, w1 as tf.Tensor2D), b1)), w2 as tf.Tensor2D));
}

/**
 * Owns the six tower tensors and their Adam moments during training. The towers are dense and
 * shared by every sample, so a standard Adam on the summed gradient is used for them; the
 * factor part keeps LightFM's schedules. Tensors are replaced (not tf.Variables) each step, so
 * nothing is registered by name and `dispose()` frees everything.
 */
export interface PairGradients {
  /** ∂L/∂p, ∂L/∂q⁺, ∂L/∂q⁻ on the factor representations (before the towers), n × d each. */
  dP: Float32Array;
  dQp: Float32Array;
  dQn: Float32Array;
}

/**
 * WARP's pairwise hinge through both towers for n updating samples, then one Adam step on the
 * towers. With L = Σ_b c_b·(1 − p'_b·q'⁺_b + p'_b·q'⁻_b) on the tower outputs:
 * ∂L/∂p' = c(q'⁻ − q'⁺), ∂L/∂q'⁻ = c·p', ∂L/∂q'⁺ = −c·p', taken back through the towers by hand.
 * Inputs are row-major n × d factor representations (uploaded, never gathered).
 */
export function towerPairStep(opts: {
  tower: TowerTrainer;
  coefficient: Float32Array;
  userVec: Float32Array;
  posVec: Float32Array;
  negVec: Float32Array;
  n: number;
  d: number;
}): PairGradients {
  const { tower, n, d } = opts;
  const [gradP, gradQp, gradQn, ...towerGrads] = tf.tidy(() => {
    const c = tf.reshape(tf.tensor1d(opts.coefficient.subarray(0, n)), [n, 1]);
    const fu = towerForward(tf.tensor2d(opts.userVec.subarray(0, n * d), [n, d]), tower.user);
    const fp = towerForward(tf.tensor2d(opts.posVec.subarray(0, n * d), [n, d]), tower.item);
    const fn = towerForward(tf.tensor2d(opts.negVec.subarray(0, n * d), [n, d]), tower.item);
    const bu = towerBackward(fu, tf.mul(c, tf.sub(fn.out, fp.out)) as tf.Tensor2D, tower.user);
    const gpu = tf.mul(c, fu.out) as tf.Tensor2D;
    const bp = towerBackward(fp, tf.neg(gpu), tower.item);
    const bn = towerBackward(fn, gpu, tower.item);
    return [bu.dx, bp.dx, bn.dx, ...bu.dw, ...bp.dw.map((w, k) => tf.add(w, bn.dw[k]))];
  });
  try {
    return {
      dP: gradP.dataSync() as Float32Array,
      dQp: gradQp.dataSync() as Float32Array,
      dQn: gradQn.dataSync() as Float32Array
    };
  } finally {
    tf.dispose([gradP, gradQp, gradQn]);
    tower.step(towerGrads);
  }
}

/** Adam's first and second moments per tower tensor (in TowerTrainer.params order) and its step count. */
export interface AdamState {
  m: Float32Array[];
  v: Float32Array[];
  t: number;
}

export class TowerTrainer {
  params: tf.Tensor[];
  private m: tf.Tensor[];
  private v: tf.Tensor[];
  private t = 0;

  /**
   * `adam`: the moments and step count of an interrupted run (from `exportAdam`), else fresh.
   * `trainItem` false: the item tower's weights are left as they are (its gradients dropped).
   */
  constructor(
    init: TowerWeights,
    private readonly lr: number,
    adam?: AdamState,
    private readonly trainItem = true
  ) {
    const { components: d, hidden: h } = init;
    this.params = [...sideTensors(init.user, d, h), ...sideTensors(init.item, d, h)];
    this.m = this.params.map((p, k) => (adam ? tf.tensor(adam.m[k], p.shape) : tf.zerosLike(p)));
    this.v = this.params.map((p, k) => (adam ? tf.tensor(adam.v[k], p.shape) : tf.zerosLike(p)));
    this.t = adam?.t ?? 0;
  }

  /** Copies of the Adam moments (in `params` order) and step count, for checkpoints. */
  exportAdam(): AdamState {
    const copy = (ts: tf.Tensor[]) => ts.map((x) => x.dataSync().slice() as Float32Array);
    return { m: copy(this.m), v: copy(this.v), t: this.t };
  }

  get user(): tf.Tensor[] {
    return this.params.slice(0, 3);
  }
  get item(): tf.Tensor[] {
    return this.params.slice(3, 6);
  }

  /** One Adam step (β1 0.9, β2 0.999, ε 1e-8) with gradients in `params` order; takes ownership of `grads`. */
  step(grads: tf.Tensor[]): void {
    this.t++;
    const b1 = 0.9;
    const b2 = 0.999;
    const corr = (this.lr * Math.sqrt(1 - Math.pow(b2, this.t))) / (1 - Math.pow(b1, this.t));
    const trained = this.trainItem ? this.params.length : 3;
    tf.dispose(grads.slice(trained));
    for (let k = 0; k < trained; k++) {
      const g = grads[k];
      const [m, v, p] = tf.tidy(() => {
        const m = tf.add(tf.mul(this.m[k], b1), tf.mul(g, 1 - b1));
        const v = tf.add(tf.mul(this.v[k], b2), tf.mul(tf.square(g), 1 - b2));
        const p = tf.sub(this.params[k], tf.mul(tf.div(m, tf.add(tf.sqrt(v), 1e-8)), corr));
        return [m, v, p];
      });
      tf.dispose([this.m[k], this.v[k], this.params[k], g]);
      this.m[k] = m;
      this.v[k] = v;
      this.params[k] = p;
    }
  }

  export(components: number, hidden: number): TowerWeights {
    const f = (k: number) => this.params[k].dataSync().slice() as Float32Array;
    return {
      components,
      hidden,
      user: { w1: f(0), b1: f(1), w2: f(2) },
      item: { w1: f(3), b1: f(4), w2: f(5) }
    };
  }

  /** Whether every tower weight is finite (a cheap check on small tensors). */
  isFinite(): boolean {
    return this.params.every((p) => {
      const a = p.dataSync();
      for (let k = 0; k < a.length; k++) if (!Number.isFinite(a[k])) return false;
      return true;
    });
  }

  dispose(): void {
    tf.dispose([...this.params, ...this.m, ...this.v]);
    this.params = [];
    this.m = [];
    this.v = [];
  }
}
