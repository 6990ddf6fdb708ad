/**
 * The plain deep copy of a figure that Plot.svelte hands to Plotly (Plotly writes into what it
 * is given: trace uids, computed axis ranges). `$state.snapshot` copied arrays element by element
 * through a generic clone and typed arrays through structuredClone: on the Analytics page the
 * copies of every chart, made in one effect flush, took 75–180 ms of one main-thread task. Here an
 * array is copied with one native `slice` and only its object elements are visited; a typed
 * array with `slice` (a memory copy). Plain objects and arrays are copied, $state proxies
 * included (read through), anything else (a Date) is passed as it is. Svelte-free, unit-tested.
 */
export function copyFigure<T>(value: T): T {
  return copy(value) as T;
}

function copy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (ArrayBuffer.isView(value))
    return value instanceof DataView ? value : (value as unknown as { slice(): unknown }).slice();
  if (Array.isArray(value)) {
    const out = value.slice();
    for (let i = 0; i < out.length; i++) {
      const v = out[i];
      if (typeof v === 'object' && v !== null) out[i] = copy(v);
    }
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = copy((value as Record<string, unknown>)[key]);
  return out;
}
