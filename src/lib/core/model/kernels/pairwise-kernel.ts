import type { UserRows } from '../../eval/user-rows.ts';
import type { CsrMatrix, Interactions } from '../../types.ts';
import type { ModelConfig } from '../config.ts';
import type { FactorState } from '../factor-state.ts';
import type { BatchOutcome } from '../batch-context.ts';
import { rankLog } from '../sampling.ts';
import { bindTowerKernel, towerKernelSupports, towerRegions, type TowerFactory } from './tower-kernel.ts';
import { WASM_BYTES } from './wasm/pairwise.wasm.ts';
import { WASM_BYTES as SHARED_WASM_BYTES } from './wasm/pairwise-shared.wasm.ts';

/**
 * The fused WebAssembly batch kernels of wasm/pairwise.wat (sampled WARP, k-OS, BPR; adagrad,
 * no regularisation) over one memory that holds the data, the parameters and every scratch
 * buffer, laid out once per run: a batch copies its sample indices in and makes one call.
 *
 * The factor state's parameter and accumulator arrays are *moved* into that memory (the
 * ParamBlocks then hold views of it), so the TypeScript reference steps, validation, export
 * and divergence checks read and write the same numbers with no copying; the memory never
 * grows, so the views stay valid for the run.
 */
export interface PairwiseKernel {
  warp(order: Int32Array, start: number, count: number, kos: boolean, seed: number): BatchOutcome;
  bpr(order: Int32Array, start: number, count: number, seed: number): BatchOutcome;
  /** Hybrid Deep's factor side (its towers stay in TF.js); null for the other losses. */
  deep: DeepFactorOps | null;
  /** The batch-parallel shards' layout (createPairwiseKernel with shards > 1), else null. */
  shards: KernelShards | null;
}

/**
 * What batch-parallel.ts needs to run one batch as `globals.length` shards over one shared
 * memory: the module, the memory, each shard's globals (shard 0's are `main`'s), and a control
 * block of CONTROL_BYTES per shard at byte offset `control`.
 */
export interface KernelShards {
  module: object;
  memory: object;
  globals: Record<string, number>[];
  control: number;
  main: KernelExports;
  /** Samples per batch: the size of each shard's `order` region. */
  batchSize: number;
}

/** Bytes of each shard's control block (batch-parallel.ts says what its slots hold). */
export const CONTROL_BYTES = 64;

/** What deep-sampled.ts does in TypeScript on the factor side, in the kernel. */
export interface DeepFactorOps {
  /** p_u of the batch's users (order[start .. start+count)), count × d, a view valid until the next call. */
  representUsers(order: Int32Array, start: number, count: number): Float32Array;
  /** q_i, b_i of every item (views). */
  representItems(): { vec: Float32Array; bias: Float32Array };
  /** Compacted updating samples the caller fills: users, positives, negatives, coefficients. */
  users: Int32Array;
  items: Int32Array;
  negatives: Int32Array;
  coefficient: Float32Array;
  /**
   * Spreads the n samples' representation gradients (n × d each) onto feature rows and steps;
   * without arrays, the tower kernel has already written them in place.
   */
  grads(n: number, dP?: Float32Array, dQp?: Float32Array, dQn?: Float32Array): void;
  /**
   * Spreads one chunk's n samples (the tower kernel wrote their gradients in place; with the item
   * tower frozen only dP, the item side's being ∓c·p'); no step yet.
   */
  spread(n: number, itemsFrozen: boolean): void;
  /** The batch's adagrad step after its chunks were spread. */
  finish(): void;
  /** Makes the towers in WebAssembly over this memory (tower-kernel.ts), or null: they run in TF.js. */
  towers: TowerFactory | null;
}

export interface PairwiseKernelInput {
  config: ModelConfig;
  state: FactorState;
  userX: CsrMatrix;
  itemX: CsrMatrix;
  nItems: number;
  positives: UserRows;
  train: Interactions;
}

/** Why the kernel cannot run this configuration (the reference TypeScript then does), or null. */
export function kernelUnsupported(config: ModelConfig): string | null {
  if (config.schedule !== 'adagrad') return 'the kernel has no adadelta';
  if (config.userAlpha > 0 || config.itemAlpha > 0) return 'the kernel has no regularisation';
  if (config.components % 4 !== 0) return 'components not a multiple of 4';
  return null;
}

interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Memory: new (d: { initial: number; maximum?: number; shared?: boolean }) => { buffer: ArrayBuffer };
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
}

const WA = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
const compiled = new Map<Uint8Array, object | null>();

/** The kernel module (`shared`: its variant over a shared memory), or null where it cannot compile. */
function wasmModule(shared = false): object | null {
  const bytes = shared ? SHARED_WASM_BYTES : WASM_BYTES;
  let mod = compiled.get(bytes);
  if (mod === undefined) {
    try {
      mod = typeof WA === 'object' && WA !== null && WA.validate(bytes) ? new WA.Module(bytes) : null;
    } catch {
      mod = null;
    }
    compiled.set(bytes, mod);
  }
  return mod;
}

/** Regions every shard reads (data, parameters, tables); every other region is one shard's scratch. */
const COMMON_REGIONS = new Set([
  'uPtr',
  'uIdx',
  'uVal',
  'iPtr',
  'iIdx',
  'iVal',
  'posPtr',
  'posItems',
  'trU',
  'trI',
  'trW',
  'uEmb',
  'uAcc',
  'uBias',
  'uBiasAcc',
  'iEmb',
  'iAcc',
  'iBias',
  'iBiasAcc',
  'uDirect',
  'iDirect',
  'coefTab'
]);

/** Byte offsets handed out in order, each 16-byte aligned (v128 loads). */
class Layout {
  size = 16; // 0 stays unused
  take(bytes: number): number {
    const at = this.size;
    this.size += Math.ceil(bytes / 16) * 16;
    return at;
  }
}

export interface KernelExports {
  warp: (count: number, kos: number, seed: number) => number;
  bpr: (count: number, seed: number) => number;
  representUsers: (count: number) => void;
  representItems: () => void;
  deepGrads: (n: number) => void;
  deepSpread: (n: number, itemsFrozen: number) => void;
  deepFinish: () => void;
  absorbUsers: (sum: number, sq: number, mark: number, touched: number, n: number) => void;
  absorbItems: (
    sum: number,
    sq: number,
    bs: number,
    bq: number,
    mark: number,
    touched: number,
    n: number
  ) => void;
  applyStep: () => void;
  updated: { value: number };
  nU: { value: number };
  nF: { value: number };
  deferStep: { value: number };
  [name: string]: unknown;
}
type Exports = KernelExports;

/**
 * An instance of `module` over `memory` with its globals set (addresses and sizes by name).
 * Self-contained (no name from outside): shard-program.ts sends its text to helper threads.
 */
export function instantiateKernel(
  module: object,
  memory: object,
  globals: Record<string, number>
): KernelExports {
  const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (!wasm) throw new Error('WebAssembly is not available');
  const instance = new wasm.Instance(module, { m: { mem: memory, exp: Math.exp, log1p: Math.log1p } });
  const exports = instance.exports as KernelExports;
  for (const [name, v] of Object.entries(globals))
    if (name in exports) (exports[name] as { value: number }).value = v;
  return exports;
}

/** Largest memory tried (bytes); beyond it the reference implementation runs. */
const MAX_BYTES = 2 ** 31;

/**
 * Lays out the memory, moves the parameters in and returns the kernel (with `shards`: over a
 * shared memory, with that many copies of the scratch regions for batch-parallel.ts); null where WebAssembly
 * SIMD is missing, the configuration is unsupported (kernelUnsupported) or memory cannot be had.
 */
export function createPairwiseKernel(c: PairwiseKernelInput, shards?: number): PairwiseKernel | null {
  const { config, state, userX, itemX, nItems: N, positives, train } = c;
  if (kernelUnsupported(config) !== null) return null;
  // `shards` given (even 1): the shared-memory variant, laid out for batch-parallel.ts.
  const parallel = shards !== undefined;
  const mod = wasmModule(parallel);
  if (!mod || !WA) return null;
  const d = config.components;
  const B = config.batchSize;
  const nTrain = train.userIdx.length;
  const nUF = userX.nCols;
  const nIF = itemX.nCols;
  const kosN = config.loss === 'warp-kos' ? config.n : 1;
  const L = new Layout();
  const at: Record<string, number> = {};
  const sizes: Record<string, number> = {};
  const put = (name: string, bytes: number) => {
    sizes[name] = bytes;
    at[name] = L.take(bytes);
  };
  put('uPtr', userX.indptr.length * 4);
  put('uIdx', userX.indices.length * 4);
  put('uVal', userX.values.length * 4);
  put('iPtr', itemX.indptr.length * 4);
  put('iIdx', itemX.indices.length * 4);
  put('iVal', itemX.values.length * 4);
  put('posPtr', positives.indptr.length * 4);
  put('posItems', positives.items.length * 4);
  put('trU', nTrain * 4);
  put('trI', nTrain * 4);
  put('trW', nTrain * 4);
  put('order', B * 4);
  put('uEmb', nUF * d * 4);
  put('uAcc', nUF * d * 4);
  put('uBias', nUF * 4);
  put('uBiasAcc', nUF * 4);
  put('iEmb', nIF * d * 4);
  put('iAcc', nIF * d * 4);
  put('iBias', nIF * 4);
  put('iBiasAcc', nIF * 4);
  put('uSum', nUF * d * 4);
  put('uSq', nUF * d * 4);
  put('uMark', nUF);
  put('uTouched', nUF * 4);
  put('fSum', nIF * d * 4);
  put('fSq', nIF * d * 4);
  put('fBSum', nIF * 4);
  put('fBSq', nIF * 4);
  put('fMark', nIF);
  put('fTouched', nIF * 4);
  put('rep', N * d * 4);
  put('repBias', N * 4);
  put('stamp', N * 4);
  put('gSum', N * d * 4);
  put('gSq', N * d * 4);
  put('gBSum', N * 4);
  put('gBSq', N * 4);
  put('gMark', N);
  put('gTouched', N * 4);
  put('p', d * 4);
  put('uDirect', userX.nRows * 4);
  put('iDirect', N * 4);
  put('g', d * 4);
  put('g2', d * 4);
  put('coefTab', (config.maxSampled + 1) * 8);
  put('kItems', kosN * 4);
  put('kScores', kosN * 4);
  put('kStamp', config.loss === 'warp-kos' ? N * 4 : 0);
  put('kSlot', config.loss === 'warp-kos' ? N * 4 : 0);
  for (const name of ['bUsers', 'bItems', 'bNegs', 'bW']) put(name, B * 4);
  const deep = config.loss === 'hybrid-deep';
  for (const name of ['uvec', 'dP', 'dQp', 'dQn']) put(name, deep ? B * d * 4 : 0);
  const h = deep && towerKernelSupports(config.hidden) ? config.hidden : 0;
  if (h > 0) for (const [name, bytes] of Object.entries(towerRegions(d, h, B, N))) put(name, bytes);
  // Shards 1 … n−1 get their own copy of every scratch region, and each shard a control block.
  const shardAt = [at];
  for (let s = 1; s < (shards ?? 1); s++) {
    const own = { ...at };
    for (const name of Object.keys(at)) if (!COMMON_REGIONS.has(name)) own[name] = L.take(sizes[name]);
    shardAt.push(own);
  }
  const control = parallel ? L.take(shardAt.length * CONTROL_BYTES) : 0;
  if (L.size > MAX_BYTES) return null;
  let memory: { buffer: ArrayBuffer };
  try {
    const pages = Math.ceil(L.size / 65536);
    memory = new WA.Memory(parallel ? { initial: pages, maximum: pages, shared: true } : { initial: pages });
  } catch {
    return null;
  }
  // A shared memory's buffer is a SharedArrayBuffer; the views below work on either.
  const buffer = memory.buffer;
  const i32 = (name: string, n: number) => new Int32Array(buffer, at[name], n);
  const f32 = (name: string, n: number) => new Float32Array(buffer, at[name], n);
  i32('uPtr', userX.indptr.length).set(userX.indptr);
  i32('uIdx', userX.indices.length).set(userX.indices);
  f32('uVal', userX.values.length).set(userX.values);
  i32('iPtr', itemX.indptr.length).set(itemX.indptr);
  i32('iIdx', itemX.indices.length).set(itemX.indices);
  f32('iVal', itemX.values.length).set(itemX.values);
  i32('posPtr', positives.indptr.length).set(positives.indptr);
  i32('posItems', positives.items.length).set(positives.items);
  i32('trU', nTrain).set(train.userIdx);
  i32('trI', nTrain).set(train.itemIdx);
  f32('trW', nTrain).set(train.weight);
  // Move the parameters in: the state's blocks become views of the kernel's memory.
  const adopt = (name: string, src: Float32Array): Float32Array => {
    const view = f32(name, src.length);
    view.set(src);
    return view;
  };
  state.user.emb.values = adopt('uEmb', state.user.emb.values);
  state.user.emb.acc = adopt('uAcc', state.user.emb.acc);
  state.user.bias.values = adopt('uBias', state.user.bias.values);
  state.user.bias.acc = adopt('uBiasAcc', state.user.bias.acc);
  state.item.emb.values = adopt('iEmb', state.item.emb.values);
  state.item.emb.acc = adopt('iAcc', state.item.emb.acc);
  state.item.bias.values = adopt('iBias', state.item.bias.values);
  state.item.bias.acc = adopt('iBiasAcc', state.item.bias.acc);
  // Rows with one feature of weight 1 (identity features) skip the representation copy and the
  // item gradient grouping. Not for Hybrid Deep, whose towers read the contiguous copies.
  const direct = (x: CsrMatrix, name: string) => {
    const out = i32(name, x.nRows);
    for (let r = 0; r < x.nRows; r++) {
      const a = x.indptr[r];
      out[r] = !deep && x.indptr[r + 1] - a === 1 && x.values[a] === 1 ? x.indices[a] : -1;
    }
  };
  direct(userX, 'uDirect');
  direct(itemX, 'iDirect');
  // The WARP coefficient before weight and clip, by trial count K (sampling.ts).
  const coef = new Float64Array(buffer, at.coefTab, config.maxSampled + 1);
  for (let k = 1; k <= config.maxSampled; k++) coef[k] = rankLog(N - 1, k);
  // Every region the kernel reads has a global of the same name (uBiasAcc has none: pairwise
  // losses leave user biases alone); instantiateKernel sets those the module has.
  const scalars: Record<string, number> = {
    d,
    nItems: N,
    nTrain,
    maxSampled: config.maxSampled,
    lr: config.learningRate,
    ...(config.loss === 'warp-kos' ? { kosK: config.k, kosN: config.n } : {}),
    deferStep: parallel ? 1 : 0
  };
  const globals = shardAt.map((a) => ({ ...a, ...scalars }));
  let exports: Exports;
  try {
    exports = instantiateKernel(mod, memory, globals[0]);
  } catch {
    return null;
  }
  const orderView = i32('order', B);
  const load = (order: Int32Array, start: number, count: number) =>
    orderView.set(order.subarray(start, start + count));
  const deepOps: DeepFactorOps | null = deep
    ? {
        representUsers(order, start, count) {
          load(order, start, count);
          exports.representUsers(count);
          return f32('uvec', count * d);
        },
        representItems() {
          exports.representItems();
          return { vec: f32('rep', N * d), bias: f32('repBias', N) };
        },
        users: i32('bUsers', B),
        items: i32('bItems', B),
        negatives: i32('bNegs', B),
        coefficient: f32('bW', B),
        grads(n, dP, dQp, dQn) {
          if (dP && dQp && dQn) {
            f32('dP', n * d).set(dP.subarray(0, n * d));
            f32('dQp', n * d).set(dQp.subarray(0, n * d));
            f32('dQn', n * d).set(dQn.subarray(0, n * d));
          }
          exports.deepGrads(n);
        },
        spread: (n, itemsFrozen) => exports.deepSpread(n, itemsFrozen ? 1 : 0),
        finish: () => exports.deepFinish(),
        towers:
          h > 0
            ? bindTowerKernel({ memory, at, d, h, nItems: N, batchSize: B, maxSampled: config.maxSampled })
            : null
      }
    : null;
  return {
    deep: deepOps,
    shards: parallel ? { module: mod, memory, globals, control, main: exports, batchSize: B } : null,
    warp(order, start, count, kos, seed) {
      load(order, start, count);
      const loss = exports.warp(count, kos ? 1 : 0, seed | 0);
      return { loss, updated: exports.updated.value };
    },
    bpr(order, start, count, seed) {
      load(order, start, count);
      const loss = exports.bpr(count, seed | 0);
      return { loss, updated: exports.updated.value };
    }
  };
}
