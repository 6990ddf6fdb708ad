/**
 * The part of papaparse's API the core uses, typed without @types/papaparse: that package
 * carries `/// <reference types="node" />`, which would let Node globals (process, Buffer)
 * slip through the core's no-DOM/no-Node type check. Mapped in src/lib/core/tsconfig.json
 * via `"paths": { "papaparse": ["./data/papaparse-types.d.ts"] }`.
 */
export interface ParseError {
  type: 'Quotes' | 'Delimiter' | 'FieldMismatch';
  code: string;
  message: string;
  row?: number;
}
export interface ParseResult<T> {
  data: T[];
  errors: ParseError[];
  meta: { delimiter: string; linebreak: string };
}
export interface ParseConfig {
  delimiter?: string;
  header?: false;
  skipEmptyLines?: boolean | 'greedy';
  delimitersToGuess?: string[];
}
declare const Papa: { parse<T>(input: string, config?: ParseConfig): ParseResult<T> };
export default Papa;
