/** Markdown-style table printing shared by every benchmark. Numbers right-aligned. */
export function formatTable(head: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const width = head.map((h, k) => Math.max(h.length, ...rows.map((r) => (r[k] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, k) => (c ?? '').padStart(width[k])).join(' | ')} |`;
  return [line(head), `|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** True when `moduleUrl` is the script Node was started with (run directly, not imported). */
export function isMain(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  return moduleUrl === new URL(`file://${entry.startsWith('/') ? '' : process.cwd() + '/'}${entry}`).href;
}
