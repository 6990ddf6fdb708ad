/**
 * Big typed arrays go to IndexedDB in bounded pieces: a value is walked, every typed array or
 * ArrayBuffer over CHUNK_BYTES is replaced by a small reference, and its bytes are written to the
 * `chunks` store in slices of at most CHUNK_BYTES, one short transaction each (so no single put,
 * and no transaction, holds hundreds of MB: the browser serialises one slice at a time). The
 * record that holds the references is written last, in the caller's transaction: until it
 * commits, readers see the previous version whole; afterwards the old chunks are deleted.
 * Chunks live under an owner key unique to each write ("<what>:<id>:<nonce>").
 */
import type { LabDb } from './db.ts';

/** At most this many bytes per chunk and per chunk transaction. */
export const CHUNK_BYTES = 16 * 1024 * 1024;

const REF = '__chunkedArray';

type Bytes = ArrayBuffer | ArrayBufferView;

/** What stands in for a large array in a stored record. */
export interface ChunkRef {
  [REF]: true;
  owner: string;
  name: string;
  /** Constructor name ('ArrayBuffer', 'Float32Array', …) and element count (bytes for a buffer). */
  type: string;
  length: number;
  parts: number;
}

export interface ChunkRecord {
  owner: string;
  name: string;
  part: number;
  bytes: ArrayBuffer;
}

const CTORS: Record<string, new (b: ArrayBuffer) => ArrayBufferView> = {
  Float32Array,
  Float64Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
  Uint8ClampedArray
};

function isBytes(v: unknown): v is Bytes {
  return (
    v instanceof ArrayBuffer ||
    (ArrayBuffer.isView(v) && !(v instanceof DataView) && v.constructor.name in CTORS)
  );
}

export function isChunkRef(v: unknown): v is ChunkRef {
  return typeof v === 'object' && v !== null && (v as Record<string, unknown>)[REF] === true;
}

/** A fresh owner key for one write under `prefix` ("run:<id>:"). */
export function chunkOwner(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * `value` with every large array replaced by a ChunkRef, and the arrays to write. Plain objects
 * and arrays are walked; anything else is kept as it is.
 */
export function splitLarge(
  value: unknown,
  owner: string,
  chunkBytes = CHUNK_BYTES
): { value: unknown; arrays: Map<string, Bytes> } {
  const arrays = new Map<string, Bytes>();
  const walk = (v: unknown, path: string): unknown => {
    if (isBytes(v)) {
      if (v.byteLength <= chunkBytes) return v;
      arrays.set(path, v);
      const length = v instanceof ArrayBuffer ? v.byteLength : (v as unknown as ArrayLike<number>).length;
      const ref: ChunkRef = {
        [REF]: true,
        owner,
        name: path,
        type: v.constructor.name,
        length,
        parts: Math.ceil(v.byteLength / chunkBytes)
      };
      return ref;
    }
    if (Array.isArray(v)) return v.map((x, k) => walk(x, `${path}/${k}`));
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, `${path}/${k}`)]));
    return v;
  };
  return { value: walk(value, ''), arrays };
}

/** Writes the arrays' bytes, one chunk per transaction. On failure the chunks written are removed. */
export async function writeChunks(
  db: LabDb,
  owner: string,
  arrays: Map<string, Bytes>,
  chunkBytes = CHUNK_BYTES
): Promise<void> {
  try {
    for (const [name, a] of arrays) {
      const view =
        a instanceof ArrayBuffer ? new Uint8Array(a) : new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
      for (let part = 0, at = 0; at < view.byteLength; part++, at += chunkBytes) {
        // A copy of just this slice: cloning a view would serialise its whole buffer.
        const bytes = view.slice(at, Math.min(view.byteLength, at + chunkBytes)).buffer;
        await db.put('chunks', { owner, name, part, bytes } satisfies ChunkRecord);
      }
    }
  } catch (e) {
    await deleteChunks(db, owner).catch(() => undefined);
    throw e;
  }
}

/** Every chunk key range of one owner. */
export function ownerRange(owner: string): IDBKeyRange {
  return IDBKeyRange.bound([owner], [owner, '\uffff']);
}

export async function deleteChunks(db: LabDb, owner: string): Promise<void> {
  await db.delete('chunks', ownerRange(owner));
}

/**
 * The key ranges of every chunk whose owner starts with `prefix` ("run:<id>:"), except those of
 * `keep` (the write being committed): delete them to drop the older versions.
 */
export function otherOwnersRanges(prefix: string, keep?: string): IDBKeyRange[] {
  const end = [prefix + '\uffff'];
  if (keep === undefined) return [IDBKeyRange.bound([prefix], end)];
  return [IDBKeyRange.bound([prefix], [keep], false, true), IDBKeyRange.bound([keep + '\u0000'], end)];
}

/** Calls `each` with every chunk in `range`, in order (a cursor: one chunk held at a time). */
export type EachPart = (range: IDBKeyRange, each: (part: ChunkRecord) => void) => Promise<void>;

/**
 * `value` with every ChunkRef replaced by its array, read back chunk by chunk into one buffer
 * with `eachPart` (pass a cursor over the reading transaction's chunks store, so the record and
 * its chunks agree, and no more than one chunk beside the array is held).
 */
export async function joinChunks<T>(value: T, eachPart: EachPart): Promise<T> {
  const refs: ChunkRef[] = [];
  const collect = (v: unknown): void => {
    if (isChunkRef(v)) refs.push(v);
    else if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object' && !isBytes(v)) Object.values(v).forEach(collect);
  };
  collect(value);
  if (refs.length === 0) return value;
  const arrays = new Map<ChunkRef, Bytes>();
  for (const ref of refs) {
    const bytesPer =
      ref.type === 'ArrayBuffer'
        ? 1
        : (CTORS[ref.type] as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
    const buffer = new ArrayBuffer(ref.length * bytesPer);
    const out = new Uint8Array(buffer);
    let at = 0;
    let parts = 0;
    await eachPart(IDBKeyRange.bound([ref.owner, ref.name, 0], [ref.owner, ref.name, Infinity]), (p) => {
      if (at + p.bytes.byteLength <= out.byteLength) out.set(new Uint8Array(p.bytes), at);
      at += p.bytes.byteLength;
      parts++;
    });
    if (parts !== ref.parts || at !== out.byteLength)
      throw new Error(`stored array "${ref.name}" is incomplete (${parts} of ${ref.parts} parts)`);
    arrays.set(ref, ref.type === 'ArrayBuffer' ? buffer : new CTORS[ref.type](buffer));
  }
  const put = (v: unknown): unknown => {
    if (isChunkRef(v)) return arrays.get(v);
    if (Array.isArray(v)) return v.map(put);
    if (v && typeof v === 'object' && !isBytes(v) && Object.getPrototypeOf(v) === Object.prototype)
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, put(x)]));
    return v;
  };
  return put(value) as T;
}

/** A cursor over a transaction's chunks store, for joinChunks. */
export function eachChunk(store: {
  openCursor(range: IDBKeyRange): Promise<{ value: ChunkRecord; continue(): Promise<unknown> } | null>;
}): EachPart {
  return async (range, each) => {
    for (let c = await store.openCursor(range); c; c = (await c.continue()) as typeof c) each(c.value);
  };
}
