/**
 * A minimal "is this text?" check for CSV entry points, run before parsing so a spreadsheet
 * (.xlsx), an image or a zip gets a plain-words message instead of a wall of parse errors.
 * Works on the decoded string (File.text() / readFileSync 'utf8' turn undecodable bytes into
 * U+FFFD), so the pure core needs no byte access.
 */

/** How much of the start of a file is inspected. */
const SAMPLE = 8192;

/** Why `text` does not look like a text file, or null when it does. */
export function binaryReason(text: string): string | null {
  const sample = text.slice(0, SAMPLE);
  if (sample.startsWith('PK\u0003\u0004')) return 'it is a zip archive (an .xlsx or .zip file?): save the sheet as CSV first';
  if (sample.includes('\u0000')) return 'it contains NUL bytes, so it is a binary file (a spreadsheet, image or archive?), not CSV text';
  let bad = 0;
  for (let k = 0; k < sample.length; k++) {
    const c = sample.charCodeAt(k);
    // U+FFFD: bytes that are not UTF-8; C0 controls other than tab, LF, FF and CR never occur in CSV text.
    if (c === 0xfffd || (c < 0x20 && c !== 9 && c !== 10 && c !== 12 && c !== 13)) bad++;
  }
  if (bad > 0 && bad >= sample.length * 0.02) {
    return `${bad} of its first ${sample.length} characters are not readable text (not UTF-8 CSV): save it as "CSV UTF-8"`;
  }
  return null;
}
