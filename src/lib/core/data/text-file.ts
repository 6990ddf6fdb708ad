import { CoreError } from '../types.ts';

/**
 * The one check every CSV entry point runs before parsing: is this file UTF-8 text at all?
 * A picture, a spreadsheet workbook, a zip or random bytes would otherwise reach the CSV parser
 * and come back as "row 34: bad quoting …" or a header of garbage characters. Instead the person
 * gets one plain sentence naming the file and what it is, and no garbage is ever quoted.
 *
 * Two doors: `decodeCsvBytes` for bytes (the browser's File, the CLI's file system), which can
 * tell invalid UTF-8 exactly; `assertCsvText` for text someone already decoded (the parsers call
 * it, so every caller is covered), where invalid bytes show up as U+FFFD replacement characters.
 */

/** Control characters tolerated in a CSV (tab, line feed, carriage return, form feed). */
const ALLOWED_CONTROL = new Set([0x09, 0x0a, 0x0c, 0x0d]);
/**
 * More control characters than this share of the text means binary data. Text exported by real
 * tools has essentially none; a stray one (an old end-of-file mark) is not worth a rejection.
 */
const CONTROL_SHARE = 0.001;
const CONTROL_FREE = 8;

const grouped = (n: number) => n.toLocaleString('en-US');

export function notTextCsv(file: string, why: string): CoreError {
  return new CoreError(
    'not_text',
    `${file} is not a text CSV file: ${why}. Choose the CSV file itself (a spreadsheet can save one with "Save as → CSV UTF-8").`
  );
}

/** A zip's first bytes: an .xlsx or .ods workbook is a zip, the commonest "CSV" that is not one. */
const ZIP_MAGIC = 'PK\u0003\u0004';

function zipArchive(file: string): CoreError {
  return notTextCsv(file, 'it is a zip archive (an .xlsx workbook or a .zip?)');
}

/** `line` holds bytes that are not UTF-8, or U+FFFD, the mark a decoder leaves in their place. */
function notUtf8(file: string, line: number): CoreError {
  return new CoreError(
    'not_text',
    `${file} is not UTF-8 text: line ${grouped(line)} has characters that cannot be read as UTF-8. Save it again as "CSV UTF-8" and import that.`
  );
}

/** 1-based line of character `at` in `text`. */
function lineOf(text: string, at: number): number {
  let line = 1;
  for (let k = 0; k < at; k++) if (text.charCodeAt(k) === 0x0a) line++;
  return line;
}

/**
 * Throws a plain-words CoreError (code "not_text") when `text` is binary data or was decoded
 * from something that is not UTF-8; otherwise returns nothing. Linear, one pass.
 */
export function assertCsvText(text: string, file: string): void {
  if (text.startsWith(ZIP_MAGIC)) throw zipArchive(file);
  let controls = 0;
  const limit = Math.max(CONTROL_FREE, text.length * CONTROL_SHARE);
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 0xfffd) {
      // Lost bytes: say "binary" when the file also has a zero byte (no text file has one).
      const zero = text.indexOf('\u0000', k);
      if (zero < 0) throw notUtf8(file, lineOf(text, k));
      k = zero;
    }
    if (text.charCodeAt(k) === 0)
      throw notTextCsv(file, `it contains binary data (a zero byte on line ${grouped(lineOf(text, k))})`);
    if ((c < 0x20 && !ALLOWED_CONTROL.has(c)) || c === 0x7f) {
      controls++;
      if (controls > limit)
        throw notTextCsv(file, 'it contains binary data (control characters that text files do not have)');
    }
  }
}

/**
 * The text of a CSV file's bytes, checked: UTF-8 (a UTF-8 BOM is dropped), no binary data.
 * Throws a CoreError naming `file` that quotes none of its bytes.
 */
export function decodeCsvBytes(bytes: Uint8Array, file: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new CoreError(
      'not_text',
      `${file} is not UTF-8 text: it is saved as UTF-16. Save it again as "CSV UTF-8" and import that.`
    );
  }
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)
    throw zipArchive(file);
  const zero = bytes.indexOf(0);
  if (zero >= 0) throw notTextCsv(file, `it contains binary data (a zero byte at byte ${grouped(zero + 1)})`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Locate the first undecodable byte for the message (the lossy decode marks it with U+FFFD).
    const lossy = new TextDecoder('utf-8').decode(bytes);
    const at = lossy.indexOf('\ufffd');
    throw notUtf8(file, lineOf(lossy, Math.max(0, at)));
  }
  assertCsvText(text, file);
  return text;
}
