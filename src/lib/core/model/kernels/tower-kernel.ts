import type { Rng } from '../../data/rng.ts';
import type { BatchOutcome } from '../batch-context.ts';
import type { AdamState, TowerWeights } from '../deep-tower.ts';
import { WASM_BYTES } from './wasm/tower.wasm.ts';

/**
 * Hybrid Deep's towers in WebAssembly (wasm/tower.wat) for the CPU path: forward, the
 * hand-written backward pass and Adam, over the pairwise kernel's memory, so the factor
 * representations go in and their gradients come out without a copy or a TF.js round trip.
 * The TF.js TowerTrainer (deep-tower.ts) stays the readable reference and runs the exact path;
 * tower-kernel.test.ts checks this against it batch by batch.
 */

/** Whether the kernel covers this hidden width (its loops take 4 floats at a time). */
export function towerKernelSupports(hidden: number): boolean {
  return hidden > 0 && hidden % 4 === 0;
}

/** Bytes of each region the tower kernel adds to the pairwise kernel's memory (B: batch size, N: items). */
export function towerRegions(d: number, h: number, B: number, N: number): Record<string, number> {
  const params = 2 * (2 * h * d + h) * 4;
  return {
    tP: params,
    tG: params,
    tM: params,
    tV: params,
    uA: B * h * 4,
    uOut: B * d * 4,
    iA: N * h * 4,
    iOut: N * d * 4,
    R: N * h * 4,
    Au: N * h * 4,
    G: N * d * 4,
    touched: N * 4,
    bRows: B * 4,
    rngState: 16,
    ...Object.fromEntries(['lA', 'vA', 'lB', 'vB', 'lC', 'vC', 'lD'].map((name) => [name, (h + 4) * 4]))
  };
}

interface TowerExports {
  forwardItems: () => void;
  forwardUsers: (count: number) => void;
  backwardBegin: () => void;
  backwardSamples: (n: number) => void;
  backwardEnd: () => void;
  adam: (corr: number, count: number) => void;
  search: (count: number) => number;
  updated: { value: number };
  [name: string]: unknown;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
}

/**
 * Makes the towers of one run from their starting weights, Adam rate, (resuming) moments and
 * whether the item tower trains (frozen, it must be the identity: deep-towers.ts checks).
 */
export type TowerFactory = (
  init: TowerWeights,
  lr: number,
  adam: AdamState | undefined,
  trainItem: boolean
) => KernelTower;

/**
 * Instantiates the tower module on `memory`, where `at` holds the byte offset of every region it
 * reads (towerRegions, plus the pairwise kernel's uvec, rep, bItems, bNegs, bW, dP, dQp, dQn);
 * null where it cannot be instantiated.
 */
export function bindTowerKernel(opts: {
  memory: { buffer: ArrayBuffer };
  at: Record<string, number>;
  d: number;
  h: number;
  nItems: number;
  batchSize: number;
  maxSampled: number;
}): TowerFactory | null {
  const { memory, at, d, h, nItems } = opts;
  const WA = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  let x: TowerExports;
  try {
    x = new WA!.Instance(new WA!.Module(WASM_BYTES), { m: { mem: memory } }).exports as TowerExports;
  } catch {
    return null;
  }
  const set = (name: string, v: number) => ((x[name] as { value: number }).value = v);
  for (const [name, offset] of Object.entries(at)) if (name in x) set(name, offset);
  set('dB', d * 4);
  set('h', h);
  set('nItems', nItems);
  set('nParams', 2 * (2 * h * d + h));
  set('maxSampled', opts.maxSampled);
  return (init, lr, adam, trainItem) =>
    new KernelTower(x, memory.buffer, at, opts, init, lr, adam, trainItem);
}

const B1 = 0.9;
const B2 = 0.999;

export class KernelTower {
  /** The batch row of each compacted updating sample (the kernel's bUsers/bItems/bNegs/bW go with it). */
  readonly rows: Int32Array;
  private readonly rngState: Uint32Array;
  private readonly params: Float32Array;
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private readonly d: number;
  private readonly h: number;
  private t: number;
  private readonly adamCount: number;
  /** Whether the item tower trains; frozen (the identity), the factor spread reads ∓c·p' itself. */
  readonly trainsItem: boolean;

  constructor(
    private readonly x: TowerExports,
    buffer: ArrayBuffer,
    at: Record<string, number>,
    dims: { d: number; h: number; nItems: number; batchSize: number },
    init: TowerWeights,
    private readonly lr: number,
    adam: AdamState | undefined,
    trainItem: boolean
  ) {
    const { d, h, batchSize: B } = dims;
    // A frozen item tower is the identity (W2 = 0): the backward pass takes its Jacobian as I
    // and Adam steps the user side's half of the parameters alone.
    (x.itemTower as { value: number }).value = trainItem ? 1 : 0;
    this.trainsItem = trainItem;
    this.adamCount = (trainItem ? 2 : 1) * (2 * h * d + h);
    if (init.components !== d || init.hidden !== h)
      throw new Error(`tower weights are ${init.components}×${init.hidden}, the run needs ${d}×${h}`);
    this.d = d;
    this.h = h;
    const n = 2 * (2 * h * d + h);
    this.params = new Float32Array(buffer, at.tP, n);
    this.m = new Float32Array(buffer, at.tM, n);
    this.v = new Float32Array(buffer, at.tV, n);
    this.rows = new Int32Array(buffer, at.bRows, B);
    this.rngState = new Uint32Array(buffer, at.rngState, 4);
    this.pack(this.params, [
      init.user.w1,
      init.user.b1,
      init.user.w2,
      init.item.w1,
      init.item.b1,
      init.item.w2
    ]);
    this.pack(this.m, adam?.m);
    this.pack(this.v, adam?.v);
    this.t = adam?.t ?? 0;
  }

  /** Tower outputs q' of every item, kept in the kernel's memory; once per batch. */
  forwardItems(): void {
    this.x.forwardItems();
  }

  /** Tower outputs p' of a chunk's users (uvec's count rows). */
  forwardUsers(count: number): void {
    this.x.forwardUsers(count);
  }

  /** Starts a batch's backward pass: zero sums, and R = Q'·W2ᵀ from the item outputs. */
  beginBatch(): void {
    this.x.backwardBegin();
  }

  /** One chunk's n compacted updating samples: their gradients into dP/dQp/dQn, their terms of the tower gradients. */
  backwardChunk(n: number): void {
    this.x.backwardSamples(n);
  }

  /**
   * The sampled violator search over a chunk's rows (the order the pairwise kernel was given),
   * continuing `rng`'s stream exactly as deep-search.ts would; compacts the updating samples into
   * the kernel's arrays and `rows`.
   */
  search(count: number, rng: Rng): BatchOutcome {
    this.rngState.set(rng.getState());
    const loss = this.x.search(count);
    rng.setState(this.rngState);
    return { loss, updated: this.x.updated.value };
  }

  /** Ends the batch: the per-item weight gradients, then one Adam step. */
  endBatch(): void {
    this.x.backwardEnd();
    this.t++;
    this.x.adam((this.lr * Math.sqrt(1 - Math.pow(B2, this.t))) / (1 - Math.pow(B1, this.t)), this.adamCount);
  }

  export(components: number, hidden: number): TowerWeights {
    const [w1u, b1u, w2u, w1i, b1i, w2i] = this.unpack(this.params);
    return { components, hidden, user: { w1: w1u, b1: b1u, w2: w2u }, item: { w1: w1i, b1: b1i, w2: w2i } };
  }

  exportAdam(): AdamState {
    return { m: this.unpack(this.m), v: this.unpack(this.v), t: this.t };
  }

  isFinite(): boolean {
    for (let k = 0; k < this.params.length; k++) if (!Number.isFinite(this.params[k])) return false;
    return true;
  }

  /** Nothing to free: the memory is the pairwise kernel's. */
  dispose(): void {}

  /** Reference order [w1 (d × h), b1, w2 (h × d)] per side into the kernel's [W1ᵀ, b1, W2]; zeros when absent. */
  private pack(block: Float32Array, arrays?: Float32Array[]): void {
    const { d, h } = this;
    if (!arrays) {
      block.fill(0);
      return;
    }
    for (let side = 0; side < 2; side++) {
      const base = side * (2 * h * d + h);
      const [w1, b1, w2] = arrays.slice(side * 3, side * 3 + 3);
      for (let r = 0; r < d; r++) for (let k = 0; k < h; k++) block[base + k * d + r] = w1[r * h + k];
      block.set(b1, base + h * d);
      block.set(w2, base + h * d + h);
    }
  }

  private unpack(block: Float32Array): Float32Array[] {
    const { d, h } = this;
    const out: Float32Array[] = [];
    for (let side = 0; side < 2; side++) {
      const base = side * (2 * h * d + h);
      const w1 = new Float32Array(d * h);
      for (let r = 0; r < d; r++) for (let k = 0; k < h; k++) w1[r * h + k] = block[base + k * d + r];
      out.push(
        w1,
        block.slice(base + h * d, base + h * d + h),
        block.slice(base + h * d + h, base + 2 * h * d + h)
      );
    }
    return out;
  }
}
