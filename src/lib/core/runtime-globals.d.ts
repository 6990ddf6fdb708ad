/**
 * The few globals every runtime of the core has (Node ≥ 18, browsers, workers) but ES2022's lib
 * does not declare. Declared narrowly here so the core's lib can stay free of DOM and Node.
 */
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}
