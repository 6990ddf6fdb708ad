import { PARITY_FILE_NAMES, type ParityLayoutTexts } from './parity-layout.ts';

/**
 * File-name rules shared by every import and export path (the data worker, the CLI, tests):
 * which parity file a chosen file is, and a download-safe stem for a dataset's name.
 */

/** File name safe for a download: letters, digits, dot, dash and underscore. */
export function fileStem(name: string): string {
  return (
    name
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 80) || 'dataset'
  );
}

/** Which parity file `name` is: "train.csv", or an export's "<dataset>_train.csv" / "<dataset>-train.csv". */
export function parityKey(name: string): keyof ParityLayoutTexts | undefined {
  const n = name.toLowerCase();
  // The longest match wins, so "user_features.csv" is never taken for "features.csv"-like names.
  const hits = (Object.entries(PARITY_FILE_NAMES) as Array<[keyof ParityLayoutTexts, string]>)
    .filter(([, file]) => n === file || n.endsWith(`_${file}`) || n.endsWith(`-${file}`))
    .sort((a, b) => b[1].length - a[1].length);
  return hits[0]?.[0];
}
