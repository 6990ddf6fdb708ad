import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSV_FIXTURES, readCsvSet } from '../../../../test/fixtures/csv/load.ts';
import { readLayoutDir } from '../../../cli/train.ts';
import { importTelcoCsv } from './csv-import.ts';
import { parseParityLayout } from './parity-layout.ts';
import { createRng } from './rng.ts';
import { assertCsvText, decodeCsvBytes } from './text-file.ts';

const NOT_TEXT = join(CSV_FIXTURES, 'not-text');
const fixture = (name: string) => new Uint8Array(readFileSync(join(NOT_TEXT, name)));

/** `bytes` random bytes from a seeded generator (the "10 MB file of random bytes"). */
function randomBytes(bytes: number, seed: number, opts: { zeros?: boolean } = {}): Uint8Array {
  const rng = createRng(seed);
  const out = new Uint8Array(bytes);
  for (let k = 0; k < bytes; k++) {
    const b = Math.floor(rng.next() * 256);
    out[k] = b === 0 && opts.zeros === false ? 1 : b;
  }
  return out;
}

/** What the browser's File.text() or Node's readFileSync(…, 'utf8') makes of bytes: U+FFFD for bad ones. */
const lossy = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** The message of what `fn` throws. */
function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a rejection');
}

/** Plain words: printable ASCII (and the arrow of "Save as → CSV UTF-8"), no quoted bytes. */
const PLAIN = /^[\x20-\x7e→]+$/;

describe('text-file: one check that a CSV file is UTF-8 text', () => {
  it('refuses 10 MB of random bytes in one plain sentence naming the file', () => {
    const message = messageOf(() => decodeCsvBytes(randomBytes(10 * 1024 * 1024, 34), 'random.csv'));
    expect(message).toMatch(
      /^random\.csv is not a text CSV file: it contains binary data \(a zero byte at byte [\d,]+\)\. Choose the CSV file itself/
    );
    expect(message).toMatch(PLAIN);
  });
  it('refuses random bytes without zero bytes as not UTF-8, naming the line', () => {
    const message = messageOf(() => decodeCsvBytes(randomBytes(100_000, 5, { zeros: false }), 'noise.csv'));
    expect(message).toMatch(
      /^noise\.csv is not UTF-8 text: line [\d,]+ has characters that cannot be read as UTF-8\. Save it again as "CSV UTF-8"/
    );
    expect(message).toMatch(PLAIN);
  });
  it('the fixtures: random bytes, a Latin-1 export (line 4), a UTF-16 export', () => {
    expect(messageOf(() => decodeCsvBytes(fixture('random-bytes.csv'), 'random-bytes.csv'))).toMatch(
      /^random-bytes\.csv is not a text CSV file: it contains binary data/
    );
    expect(messageOf(() => decodeCsvBytes(fixture('latin1-customers.csv'), 'latin1-customers.csv'))).toBe(
      'latin1-customers.csv is not UTF-8 text: line 4 has characters that cannot be read as UTF-8. Save it again as "CSV UTF-8" and import that.'
    );
    expect(messageOf(() => decodeCsvBytes(fixture('utf16-plans.csv'), 'utf16-plans.csv'))).toBe(
      'utf16-plans.csv is not UTF-8 text: it is saved as UTF-16. Save it again as "CSV UTF-8" and import that.'
    );
  });
  it('accepts UTF-8 text with accents, symbols, a BOM and a stray control character', () => {
    const text = 'id,name\n1,Genève 📱\n2,Zürich\u001a\n';
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    expect(decodeCsvBytes(bytes, 'ok.csv')).toBe(text);
    expect(() => assertCsvText(text, 'ok.csv')).not.toThrow();
  });
  it('text: a zero, the replacement mark of lost bytes, or many control characters is not CSV text', () => {
    expect(messageOf(() => assertCsvText('a,b\n1,2\n3\u0000,4\n', 'z.csv'))).toMatch(
      /^z\.csv is not a text CSV file: it contains binary data \(a zero byte on line 3\)/
    );
    expect(messageOf(() => assertCsvText('a,b\n1,Gen\ufffdve\n', 'l.csv'))).toMatch(
      /^l\.csv is not UTF-8 text: line 2 /
    );
    expect(messageOf(() => assertCsvText(`a,b\n${'\u0001\u0002x,'.repeat(50)}\n`, 'c.csv'))).toMatch(
      /^c\.csv is not a text CSV file: it contains binary data \(control characters/
    );
  });
});

describe('every CSV entry point runs it before parsing', () => {
  const garbage = lossy(randomBytes(10 * 1024 * 1024, 34));
  it('the four raw tables: no "bad quoting" parser error, the plain sentence instead', () => {
    const message = messageOf(() =>
      importTelcoCsv({
        files: { ...readCsvSet('valid'), usage: garbage },
        fileNames: { usage: 'random.csv' }
      })
    );
    expect(message).toMatch(/^random\.csv is not a text CSV file: it contains binary data/);
    expect(message).toMatch(PLAIN);
    expect(
      messageOf(() =>
        importTelcoCsv({
          files: { ...readCsvSet('valid'), customers: lossy(fixture('latin1-customers.csv')) }
        })
      )
    ).toMatch(/^customers\.csv is not UTF-8 text: line 4 /);
  });
  it('the parity layout: no header quoted as garbage', () => {
    const message = messageOf(() => parseParityLayout({ train: garbage, test: 'user,item\n1,2\n' }));
    expect(message).toMatch(/^train\.csv is not a text CSV file: it contains binary data/);
    expect(message).toMatch(PLAIN);
  });
  it('the CLI reads the bytes and names the path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'not-text-'));
    writeFileSync(join(dir, 'train.csv'), fixture('latin1-customers.csv'));
    writeFileSync(join(dir, 'test.csv'), 'user,item\n1,2\n');
    expect(messageOf(() => readLayoutDir(dir))).toBe(
      `${join(dir, 'train.csv')} is not UTF-8 text: line 4 has characters that cannot be read as UTF-8. Save it again as "CSV UTF-8" and import that.`
    );
  });
});
