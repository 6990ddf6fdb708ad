/**
 * One-file export of a stored run: "TLRUN" magic, a version byte, the JSON length, the JSON
 * (typed arrays replaced by references) and then every typed array's bytes, 8-byte aligned.
 * No base64 and no loss: import gives back the identical record.
 */
import { CoreError } from '../types.ts';
import type { LabRunWithWeights } from './run-record.ts';

const MAGIC = [0x54, 0x4c, 0x52, 0x55, 0x4e]; // "TLRUN"
const VERSION = 1;
const HEADER = 16;

type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;
const CTORS = { Float32Array, Float64Array, Int32Array, Uint8Array } as const;
type CtorName = keyof typeof CTORS;

interface Ref {
  $bin: CtorName | 'ArrayBuffer';
  offset: number;
  length: number;
}

const align8 = (n: number) => (n + 7) & ~7;

export function packRun(run: LabRunWithWeights): Uint8Array {
  const blobs: { bytes: Uint8Array; offset: number }[] = [];
  let cursor = 0;
  const push = (bytes: Uint8Array): number => {
    const offset = cursor;
    blobs.push({ bytes, offset });
    cursor = align8(cursor + bytes.byteLength);
    return offset;
  };
  const json = JSON.stringify(run, function (this: unknown, _key, value: unknown) {
    if (value instanceof ArrayBuffer)
      return {
        $bin: 'ArrayBuffer',
        offset: push(new Uint8Array(value)),
        length: value.byteLength
      } satisfies Ref;
    for (const name of Object.keys(CTORS) as CtorName[]) {
      if (value instanceof CTORS[name]) {
        const t = value as TypedArray;
        return {
          $bin: name,
          offset: push(new Uint8Array(t.buffer, t.byteOffset, t.byteLength)),
          length: t.length
        } satisfies Ref;
      }
    }
    return value;
  });
  const jsonBytes = new TextEncoder().encode(json);
  const binStart = align8(HEADER + jsonBytes.byteLength);
  const out = new Uint8Array(binStart + cursor);
  out.set(MAGIC, 0);
  out[5] = VERSION;
  new DataView(out.buffer).setUint32(8, jsonBytes.byteLength, true);
  out.set(jsonBytes, HEADER);
  for (const b of blobs) out.set(b.bytes, binStart + b.offset);
  return out;
}

export function unpackRun(file: ArrayBuffer, fileName = 'the file'): LabRunWithWeights {
  const bytes = new Uint8Array(file);
  if (bytes.byteLength < HEADER || MAGIC.some((m, i) => bytes[i] !== m)) {
    throw new CoreError('bad_run_file', `${fileName} is not an exported run (it does not start with TLRUN)`);
  }
  if (bytes[5] !== VERSION)
    throw new CoreError(
      'bad_run_file',
      `${fileName} has run-file version ${bytes[5]}; this app reads version ${VERSION}`
    );
  const jsonLength = new DataView(file).getUint32(8, true);
  if (HEADER + jsonLength > bytes.byteLength)
    throw new CoreError('bad_run_file', `${fileName} is truncated (header says ${jsonLength} bytes of JSON)`);
  const binStart = align8(HEADER + jsonLength);
  let parsed: unknown;
  try {
    parsed = JSON.parse(
      new TextDecoder().decode(bytes.subarray(HEADER, HEADER + jsonLength)),
      (_key, value: unknown) => {
        if (value && typeof value === 'object' && '$bin' in value) {
          const ref = value as Ref;
          if (ref.$bin === 'ArrayBuffer')
            return file.slice(binStart + ref.offset, binStart + ref.offset + ref.length);
          const Ctor = CTORS[ref.$bin];
          if (!Ctor)
            throw new CoreError(
              'bad_run_file',
              `${fileName} holds an unknown array type ${String(ref.$bin)}`
            );
          const end = binStart + ref.offset + ref.length * Ctor.BYTES_PER_ELEMENT;
          if (end > bytes.byteLength)
            throw new CoreError('bad_run_file', `${fileName} is truncated (an array runs past its end)`);
          return new Ctor(file.slice(binStart + ref.offset, end));
        }
        return value;
      }
    );
  } catch (err) {
    if (err instanceof CoreError) throw err;
    throw new CoreError(
      'bad_run_file',
      `${fileName} has a damaged header: ${err instanceof Error ? err.message : String(err)}`
    );
  }
  const run = parsed as Partial<LabRunWithWeights>;
  for (const field of ['id', 'name', 'status', 'config', 'metrics'] as const) {
    if (run[field] === undefined)
      throw new CoreError('bad_run_file', `${fileName} lacks the run field "${field}"`);
  }
  if (!(run.weights instanceof ArrayBuffer))
    throw new CoreError('bad_run_file', `${fileName} lacks the model weights`);
  return run as LabRunWithWeights;
}
