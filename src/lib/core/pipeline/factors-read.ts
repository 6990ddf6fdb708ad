/**
 * Reading factor files trained elsewhere (docs/factors.md): one table per side, each row an id,
 * an optional bias and the embedding. Two file kinds:
 *
 *   CSV   `id,bias,f0,f1,…` (bias optional; the factor columns in header order), or Spark's
 *         `id,features` with the features as "[a, b, …]" (or space/semicolon separated).
 *   .npy  a 2-D float32/float64 little-endian array (nIds × d) of embeddings, or 1-D biases;
 *         the ids then come from a companion CSV (`npyFactorTable`).
 *
 * Every error names the file, and the line or column, in plain words; nothing is guessed.
 */
import { parseCsv } from '../data/parity-layout.ts';
import { CoreError } from '../types.ts';

export interface FactorTable {
  file: string;
  ids: string[];
  /** One per id, or null when the file has no bias column (Spark's ALS has none). */
  biases: Float32Array | null;
  /** ids.length × dim, row-major. */
  embeddings: Float32Array;
  dim: number;
}

const bad = (message: string) => new CoreError('bad_factors', message);

function finite(file: string, line: number, column: string, raw: string): number {
  const v = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(v))
    throw bad(`${file} line ${line}, column "${column}": "${raw}" is not a finite number`);
  return v;
}

/** Spark's array cell: "[0.1, -0.2]" or "0.1 -0.2" or "0.1;-0.2". */
function splitArray(cell: string): string[] {
  const inner = cell.trim().replace(/^\[/, '').replace(/\]$/, '').trim();
  return inner === '' ? [] : inner.split(/[\s,;]+/);
}

export function parseFactorCsv(text: string, file: string): FactorTable {
  const t = parseCsv(text, file);
  const header = t.header.map((h) => h.toLowerCase());
  const idCol = header.indexOf('id');
  if (idCol < 0)
    throw bad(
      `${file}: the header must have an "id" column (found: ${t.header.join(',') || 'nothing'}); expected id,bias,f0,f1,… or id,features`
    );
  const biasCol = header.indexOf('bias');
  const arrayCol = header.indexOf('features');
  const factorCols = arrayCol >= 0 ? [] : header.map((_, c) => c).filter((c) => c !== idCol && c !== biasCol);
  if (arrayCol < 0 && factorCols.length === 0)
    throw bad(
      `${file}: no factor columns; after "id"${biasCol >= 0 ? ' and "bias"' : ''} the header needs f0,f1,… (or one "features" column)`
    );
  if (t.rows.length === 0) throw bad(`${file} has a header but no rows`);
  let dim = arrayCol >= 0 ? -1 : factorCols.length;
  const ids: string[] = [];
  const seen = new Map<string, number>();
  const biases = biasCol >= 0 ? new Float32Array(t.rows.length) : null;
  let embeddings = new Float32Array(arrayCol >= 0 ? 0 : t.rows.length * dim);
  t.rows.forEach((row, r) => {
    if (row.cells.length !== t.header.length)
      throw bad(
        `${file} line ${row.line}: ${row.cells.length} values where the header has ${t.header.length}`
      );
    const id = row.cells[idCol].trim();
    if (id === '') throw bad(`${file} line ${row.line}: the id is empty`);
    const first = seen.get(id);
    if (first !== undefined)
      throw bad(`${file} line ${row.line}: id "${id}" is listed twice (first on line ${first})`);
    seen.set(id, row.line);
    ids.push(id);
    if (biases) biases[r] = finite(file, row.line, t.header[biasCol], row.cells[biasCol]);
    let values: string[];
    if (arrayCol >= 0) {
      values = splitArray(row.cells[arrayCol]);
      if (dim < 0) {
        dim = values.length;
        if (dim === 0) throw bad(`${file} line ${row.line}: the features array is empty`);
        embeddings = new Float32Array(t.rows.length * dim);
      } else if (values.length !== dim)
        throw bad(
          `${file} line ${row.line}: ${values.length} factors where line ${t.rows[0].line} has ${dim}`
        );
      values.forEach((v, k) => (embeddings[r * dim + k] = finite(file, row.line, `features[${k}]`, v)));
    } else {
      factorCols.forEach(
        (c, k) => (embeddings[r * dim + k] = finite(file, row.line, t.header[c], row.cells[c]))
      );
    }
  });
  return { file, ids, biases, embeddings, dim };
}

/** A parsed .npy array: shape and values (as float64, whatever the stored float width). */
export interface NpyArray {
  shape: number[];
  data: Float64Array;
}

/** NumPy's .npy format, versions 1–3, little-endian float32 or float64, C order. */
export function parseNpy(buffer: ArrayBuffer, file: string): NpyArray {
  const bytes = new Uint8Array(buffer);
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
  if (bytes.length < 10 || magic.some((m, k) => bytes[k] !== m))
    throw bad(`${file} is not a .npy file (it does not start with \\x93NUMPY)`);
  const major = bytes[6];
  const view = new DataView(buffer);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = (major === 1 ? 10 : 12) + headerLen;
  const header = new TextDecoder().decode(bytes.subarray(major === 1 ? 10 : 12, start));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*True/.test(header);
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || shapeText === undefined) throw bad(`${file}: the .npy header is damaged (no dtype or shape)`);
  if (fortran) throw bad(`${file} is stored in Fortran order; save it with np.ascontiguousarray(...) first`);
  const width = descr === '<f4' ? 4 : descr === '<f8' ? 8 : 0;
  if (!width)
    throw bad(`${file} holds dtype ${descr}; this app reads little-endian float32 (<f4) or float64 (<f8)`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  const n = shape.reduce((a, b) => a * b, 1);
  if (start + n * width > bytes.length) throw bad(`${file} is truncated: its header promises ${n} values`);
  const data = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const v = width === 4 ? view.getFloat32(start + 4 * k, true) : view.getFloat64(start + 8 * k, true);
    if (!Number.isFinite(v))
      throw bad(`${file}: value ${k} (row ${Math.floor(k / (shape[1] ?? 1))}) is not finite (${v})`);
    data[k] = v;
  }
  return { shape, data };
}

/**
 * A factor table from .npy arrays (LightFM's get_user_representations() gives (biases,
 * embeddings)) and the ids in row order, one per line (a CSV with an "id" column, or plain lines).
 */
export function npyFactorTable(opts: {
  ids: string[];
  idsFile: string;
  embeddings: NpyArray;
  embeddingsFile: string;
  biases?: NpyArray;
  biasesFile?: string;
}): FactorTable {
  const { ids, embeddings: e } = opts;
  if (e.shape.length !== 2)
    throw bad(
      `${opts.embeddingsFile}: embeddings must be a 2-D array (ids × factors); it has shape (${e.shape.join(', ')})`
    );
  if (e.shape[0] !== ids.length)
    throw bad(`${opts.embeddingsFile} has ${e.shape[0]} rows but ${opts.idsFile} lists ${ids.length} ids`);
  let biases: Float32Array | null = null;
  if (opts.biases) {
    const b = opts.biases;
    if (b.shape.length !== 1 || b.shape[0] !== ids.length)
      throw bad(
        `${opts.biasesFile}: biases must be a 1-D array of ${ids.length} values; it has shape (${b.shape.join(', ')})`
      );
    biases = Float32Array.from(b.data);
  }
  return { file: opts.embeddingsFile, ids, biases, embeddings: Float32Array.from(e.data), dim: e.shape[1] };
}

/** The ids of an ids file: a CSV with an "id" column, or one id per line. */
export function parseIdList(text: string, file: string): string[] {
  const t = parseCsv(text, file);
  const col = t.header.map((h) => h.toLowerCase()).indexOf('id');
  if (col < 0) return [t.header.join(','), ...t.rows.map((r) => r.cells.join(','))].map((s) => s.trim());
  return t.rows.map((r) => (r.cells[col] ?? '').trim());
}
