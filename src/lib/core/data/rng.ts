/**
 * Seeded randomness for everything in the core: one stream per run, so the same seed on the
 * same backend reproduces the same numbers. sfc32 seeded through splitmix32: fast, 128-bit
 * state, good enough statistics for simulation and sampling (not for cryptography).
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer uniform in [0, n). */
  int(n: number): number;
  /** Standard normal (Box-Muller, one value per call). */
  normal(): number;
  /** exp(mu + sigma * N(0,1)): log-normal with median exp(mu). */
  logNormal(mu: number, sigma: number): number;
  /** Bernoulli(p). */
  chance(p: number): boolean;
  /** In-place Fisher-Yates shuffle; returns the array. */
  shuffle<T extends { length: number; [i: number]: unknown }>(a: T): T;
  /** A new independent stream derived from this one and a label (for sub-tasks). */
  fork(label: string): Rng;
  /** A 32-bit integer, e.g. to seed TF.js initialisers. */
  uint32(): number;
  /** A copy of the 128-bit stream position (four uint32), for checkpoints. */
  getState(): Uint32Array;
  /** Continues from a position `getState` returned: the same numbers follow as after it. */
  setState(state: Uint32Array): void;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a hash of a string, to turn labels into seeds. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function createRng(seed: number): Rng {
  const init = splitmix32(seed);
  let a = init(),
    b = init(),
    c = init(),
    d = init();
  const uint32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) uint32();
  const next = () => uint32() / 4294967296;
  const rng: Rng = {
    next,
    uint32,
    int: (n) => Math.floor(next() * n),
    normal: () => {
      let u = next();
      while (u <= 1e-12) u = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    logNormal: (mu, sigma) => Math.exp(mu + sigma * rng.normal()),
    chance: (p) => next() < p,
    shuffle: (arr) => {
      for (let i = arr.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const t = arr[i];
        arr[i] = arr[j];
        arr[j] = t;
      }
      return arr;
    },
    fork: (label) => createRng((uint32() ^ hashString(label)) >>> 0),
    getState: () => Uint32Array.of(a, b, c, d),
    setState: (state) => {
      if (state.length !== 4) throw new RangeError(`an rng state has 4 words, got ${state.length}`);
      [a, b, c, d] = [state[0] >>> 0, state[1] >>> 0, state[2] >>> 0, state[3] >>> 0];
    }
  };
  return rng;
}
