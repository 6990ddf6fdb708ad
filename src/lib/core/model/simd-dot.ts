import { WASM_BYTES } from './wasm/simd-dot.wasm.ts';

/**
 * p·q over float64 rows with WebAssembly SIMD, bit-identical to dotAt: lanes (s0, s1) and
 * (s2, s3) of two f64x2 accumulators take the terms c ≡ 0, 1, 2, 3 (mod 4) in order, and the
 * result is (s0 + s1) + (s2 + s3). WebAssembly forbids fused multiply-add, so each product and
 * sum rounds as in JS. Null where WebAssembly SIMD is unavailable (callers use dotAt).
 */
export interface SimdDot {
  /** Float64 views callers fill: `rows` (nRows × d) and `vec` (d), both in the module's memory. */
  rows: Float64Array;
  vec: Float64Array;
  /** Byte offsets of rows[0] and vec[0]. */
  rowsByte: number;
  vecByte: number;
  /** dot(vecByte, rowsByte + row·d·8, d) = vec · rows[row]; d must be a multiple of 4. */
  dot: (pByte: number, qByte: number, n: number) => number;
}

// Compiled from wasm/simd-dot.wat by scripts/build-wasm.mjs (npm's prepare, build and test run it).
const BYTES = WASM_BYTES;

/** The slice of the WebAssembly API used here (the core's lib settings carry no WebAssembly types). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Memory: new (d: { initial: number }) => { buffer: ArrayBuffer };
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
}

const WA = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: object | null | undefined;

function module(): object | null {
  if (compiled === undefined) {
    try {
      compiled = typeof WA === 'object' && WA !== null && WA.validate(BYTES) ? new WA.Module(BYTES) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** A SIMD dot over a fresh memory holding nRows × d rows and one d-vector; null if unsupported. */
export function createSimdDot(nRows: number, d: number): SimdDot | null {
  if (d % 4 !== 0 || d === 0) return null;
  const mod = module();
  if (!mod || !WA) return null;
  try {
    const bytes = (nRows * d + d) * 8;
    const memory = new WA.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
    const instance = new WA.Instance(mod, { e: { m: memory } });
    const dot = instance.exports.d as (pByte: number, qByte: number, n: number) => number;
    const rowsByte = 0;
    const vecByte = nRows * d * 8;
    return {
      rows: new Float64Array(memory.buffer, rowsByte, nRows * d),
      vec: new Float64Array(memory.buffer, vecByte, d),
      rowsByte,
      vecByte,
      dot
    };
  } catch {
    return null;
  }
}
