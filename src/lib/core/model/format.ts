import type { CsrMatrix } from '../types.ts';
import { CoreError } from '../types.ts';
import { resolveConfig, type ModelConfig, type ModelConfigInput } from './config.ts';
import type { TowerWeights } from './deep-tower.ts';
import type { EpochRecord } from './events.ts';
import type { TrainedModel } from './model.ts';

/**
 * The portable model format: a JSON manifest (config, id and feature-name mappings, shapes,
 * version) plus ONE binary buffer holding every array back to back, little-endian, each at a
 * 4-byte aligned offset listed in the manifest. Store the manifest as JSON and the buffer as a
 * Blob/ArrayBuffer (IndexedDB, a download), no base64.
 */
export const MODEL_FORMAT = 'telco-recommender-lab/model';
export const MODEL_FORMAT_VERSION = 1;

export interface ArrayEntry {
  name: string;
  dtype: 'float32' | 'int32';
  /** Logical shape, e.g. [nUserFeatures, components]. */
  shape: number[];
  /** Offset in bytes into the weights buffer. */
  byteOffset: number;
}

export interface ModelManifest {
  format: typeof MODEL_FORMAT;
  version: number;
  config: ModelConfig;
  seed: number;
  backend: string;
  fitMs: number;
  history: EpochRecord[];
  userIds: string[];
  itemIds: string[];
  userFeatureNames: string[];
  itemFeatureNames: string[];
  tower?: { components: number; hidden: number };
  /** TrainedModel.cores (absent: one core). */
  cores?: number;
  arrays: ArrayEntry[];
  /** Total bytes of the weights buffer, to catch a truncated file. */
  byteLength: number;
}

export interface SerializedModel {
  manifest: ModelManifest;
  weights: ArrayBuffer;
}

type Arr = Float32Array | Int32Array;

function csrArrays(prefix: string, m: CsrMatrix): Array<[string, Arr, number[]]> {
  return [
    [`${prefix}.indptr`, m.indptr, [m.nRows + 1]],
    [`${prefix}.indices`, m.indices, [m.indices.length]],
    [`${prefix}.values`, m.values, [m.values.length]]
  ];
}

export function serializeModel(model: TrainedModel): SerializedModel {
  const d = model.weights.components;
  const nUF = model.userFeatures.nCols;
  const nIF = model.itemFeatures.nCols;
  const arrays: Array<[string, Arr, number[]]> = [
    ...csrArrays('userFeatures', model.userFeatures),
    ...csrArrays('itemFeatures', model.itemFeatures),
    ['userEmbeddings', model.weights.userEmbeddings, [nUF, d]],
    ['userBiases', model.weights.userBiases, [nUF]],
    ['itemEmbeddings', model.weights.itemEmbeddings, [nIF, d]],
    ['itemBiases', model.weights.itemBiases, [nIF]]
  ];
  const t = model.tower;
  if (t) {
    for (const side of ['user', 'item'] as const) {
      arrays.push(
        [`tower.${side}.w1`, t[side].w1, [d, t.hidden]],
        [`tower.${side}.b1`, t[side].b1, [t.hidden]],
        [`tower.${side}.w2`, t[side].w2, [t.hidden, d]]
      );
    }
  }
  const byteLength = arrays.reduce((n, [, a]) => n + a.byteLength, 0);
  const buffer = new ArrayBuffer(byteLength);
  const bytes = new Uint8Array(buffer);
  const entries: ArrayEntry[] = [];
  let offset = 0;
  for (const [name, a, shape] of arrays) {
    bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), offset);
    entries.push({ name, dtype: a instanceof Int32Array ? 'int32' : 'float32', shape, byteOffset: offset });
    offset += a.byteLength;
  }
  return {
    manifest: {
      format: MODEL_FORMAT,
      version: MODEL_FORMAT_VERSION,
      config: model.config,
      seed: model.seed,
      ...(model.cores && model.cores > 1 ? { cores: model.cores } : {}),
      backend: model.backend,
      fitMs: model.fitMs,
      history: model.history,
      userIds: model.userIds,
      itemIds: model.itemIds,
      userFeatureNames: model.userFeatureNames,
      itemFeatureNames: model.itemFeatureNames,
      ...(t ? { tower: { components: t.components, hidden: t.hidden } } : {}),
      arrays: entries,
      byteLength
    },
    weights: buffer
  };
}

/**
 * Rebuilds a TrainedModel; throws CoreError('bad_model') saying what is wrong (format,
 * version, a missing array, a shape that does not match the mappings, a short buffer).
 * `adopt`: the caller hands the buffer over (e.g. transferred from a worker), so the arrays
 * view it instead of copying it out: no second copy of a large model (tens of MB at 1M
 * customers, copied on the page's main thread).
 */
export function deserializeModel(
  manifest: ModelManifest,
  weights: ArrayBuffer,
  opts: { adopt?: boolean } = {}
): TrainedModel {
  const bad = (why: string): never => {
    throw new CoreError('bad_model', `this is not a usable model file: ${why}`);
  };
  if (manifest?.format !== MODEL_FORMAT)
    bad(`format is "${String(manifest?.format)}", expected "${MODEL_FORMAT}"`);
  if (manifest.version !== MODEL_FORMAT_VERSION)
    bad(`version ${manifest.version} is not supported (this app reads version ${MODEL_FORMAT_VERSION})`);
  if (weights.byteLength !== manifest.byteLength)
    bad(
      `the weights buffer has ${weights.byteLength} bytes, the manifest says ${manifest.byteLength} (truncated or mismatched file)`
    );
  // Hybrid Deep models saved before `itemTower` existed trained both towers: say so.
  const stored: ModelConfigInput = manifest.config;
  const config = resolveConfig(
    stored.loss === 'hybrid-deep' && !('itemTower' in stored) ? { ...stored, itemTower: true } : stored
  );
  const byName = new Map(manifest.arrays.map((e) => [e.name, e]));
  const get = <T extends Arr>(name: string, expectShape: number[]): T => {
    const e = byName.get(name) ?? bad(`array "${name}" is missing`);
    if (e.shape.length !== expectShape.length || e.shape.some((n, k) => n !== expectShape[k])) {
      bad(`array "${name}" has shape [${e.shape}], expected [${expectShape}] from the mappings`);
    }
    const n = e.shape.reduce((a, b) => a * b, 1);
    if (e.byteOffset % 4 !== 0 || e.byteOffset + n * 4 > weights.byteLength)
      bad(`array "${name}" lies outside the weights buffer`);
    if (opts.adopt)
      return (
        e.dtype === 'int32'
          ? new Int32Array(weights, e.byteOffset, n)
          : new Float32Array(weights, e.byteOffset, n)
      ) as T;
    // Copy out so the model does not pin (or alias) the caller's buffer.
    const src = weights.slice(e.byteOffset, e.byteOffset + n * 4);
    return (e.dtype === 'int32' ? new Int32Array(src) : new Float32Array(src)) as T;
  };
  const d = config.components;
  const nU = manifest.userIds.length;
  const nI = manifest.itemIds.length;
  const nUF = manifest.userFeatureNames.length;
  const nIF = manifest.itemFeatureNames.length;
  const csr = (prefix: string, nRows: number, nCols: number): CsrMatrix => {
    const indptr = get<Int32Array>(`${prefix}.indptr`, [nRows + 1]);
    const nnz = indptr[nRows];
    return {
      nRows,
      nCols,
      indptr,
      indices: get<Int32Array>(`${prefix}.indices`, [nnz]),
      values: get<Float32Array>(`${prefix}.values`, [nnz])
    };
  };
  let tower: TowerWeights | undefined;
  if (manifest.tower) {
    const h = manifest.tower.hidden;
    const side = (s: string) => ({
      w1: get<Float32Array>(`tower.${s}.w1`, [d, h]),
      b1: get<Float32Array>(`tower.${s}.b1`, [h]),
      w2: get<Float32Array>(`tower.${s}.w2`, [h, d])
    });
    tower = { components: d, hidden: h, user: side('user'), item: side('item') };
  }
  return {
    config,
    seed: manifest.seed,
    ...(manifest.cores && manifest.cores > 1 ? { cores: manifest.cores } : {}),
    backend: manifest.backend,
    fitMs: manifest.fitMs,
    history: manifest.history ?? [],
    userIds: manifest.userIds,
    itemIds: manifest.itemIds,
    userFeatureNames: manifest.userFeatureNames,
    itemFeatureNames: manifest.itemFeatureNames,
    userFeatures: csr('userFeatures', nU, nUF),
    itemFeatures: csr('itemFeatures', nI, nIF),
    weights: {
      components: d,
      userEmbeddings: get<Float32Array>('userEmbeddings', [nUF, d]),
      userBiases: get<Float32Array>('userBiases', [nUF]),
      itemEmbeddings: get<Float32Array>('itemEmbeddings', [nIF, d]),
      itemBiases: get<Float32Array>('itemBiases', [nIF])
    },
    ...(tower ? { tower } : {})
  };
}
