/** Test set-up shared by the CLI's tests. Only tests import this module. */
import { vi } from 'vitest';
import { PARITY_FILE_NAMES } from '../lib/core/data/parity-layout.ts';

/**
 * Captures what a command writes to stdout and stderr, from now until the mocks are restored
 * (vi.restoreAllMocks: the tests do it after each test and to read a file in between).
 */
export function capture(): { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  return { out, err };
}

/** The files of a parity layout without a validation split (train, test, users, items, features). */
export const PARITY_LAYOUT_FILES = Object.values(PARITY_FILE_NAMES).filter(
  (f) => f !== PARITY_FILE_NAMES.validation
);
