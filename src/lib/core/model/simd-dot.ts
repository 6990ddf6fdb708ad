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

// (func (param p i32) (param q i32) (param n i32) (result f64)), see the comment above.
const BODY = [
  0x02, 0x02, 0x7b, 0x01, 0x7f, // locals: a, b: v128; end: i32
  0x20, 0x00, 0x20, 0x02, 0x41, 0x03, 0x74, 0x6a, 0x21, 0x05, // end = p + (n << 3)
  0x02, 0x40, 0x03, 0x40, // block, loop
  0x20, 0x00, 0x20, 0x05, 0x4f, 0x0d, 0x01, // if p >= end break
  0x20, 0x03, 0x20, 0x00, 0xfd, 0x00, 0x03, 0x00, 0x20, 0x01, 0xfd, 0x00, 0x03, 0x00, 0xfd, 0xf2, 0x01, 0xfd, 0xf0, 0x01, 0x21, 0x03, // a += p[0..1]·q[0..1]
  0x20, 0x04, 0x20, 0x00, 0xfd, 0x00, 0x03, 0x10, 0x20, 0x01, 0xfd, 0x00, 0x03, 0x10, 0xfd, 0xf2, 0x01, 0xfd, 0xf0, 0x01, 0x21, 0x04, // b += p[2..3]·q[2..3]
  0x20, 0x00, 0x41, 0x20, 0x6a, 0x21, 0x00, 0x20, 0x01, 0x41, 0x20, 0x6a, 0x21, 0x01, // p += 32; q += 32
  0x0c, 0x00, 0x0b, 0x0b, // continue; end loop; end block
  0x20, 0x03, 0xfd, 0x21, 0x00, 0x20, 0x03, 0xfd, 0x21, 0x01, 0xa0, // s0 + s1
  0x20, 0x04, 0xfd, 0x21, 0x00, 0x20, 0x04, 0xfd, 0x21, 0x01, 0xa0, // s2 + s3
  0xa0, 0x0b
];

function section(id: number, content: number[]): number[] {
  return [id, content.length, ...content];
}

const BYTES = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(1, [0x01, 0x60, 0x03, 0x7f, 0x7f, 0x7f, 0x01, 0x7c]),
  ...section(2, [0x01, 0x01, 0x65, 0x01, 0x6d, 0x02, 0x00, 0x01]),
  ...section(3, [0x01, 0x00]),
  ...section(7, [0x01, 0x01, 0x64, 0x00, 0x00]),
  ...section(10, [0x01, BODY.length, ...BODY])
]);

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
    return { rows: new Float64Array(memory.buffer, rowsByte, nRows * d), vec: new Float64Array(memory.buffer, vecByte, d), rowsByte, vecByte, dot };
  } catch {
    return null;
  }
}
