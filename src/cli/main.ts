/**
 * `npm run cli -- <command> ...`: headless entry points over the same core the app uses.
 * Each command lives in its own module; this file only dispatches.
 */
const commands: Record<string, () => Promise<{ main(argv: string[]): Promise<number> }>> = {
  generate: () => import('./generate.ts'),
  train: () => import('./train.ts'),
  simulate: () => import('./simulate.ts'),
  import: () => import('./import.ts'),
  export: () => import('./export.ts'),
  'import-factors': () => import('./import-factors.ts')
};

async function run(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const load = name ? commands[name] : undefined;
  if (!load) {
    process.stderr.write(
      `usage: npm run cli -- <${Object.keys(commands).join('|')}> [options]\n` +
        (name ? `unknown command "${name}"\n` : '')
    );
    return 2;
  }
  const mod = await load();
  return mod.main(rest);
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
);
