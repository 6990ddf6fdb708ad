// Writes static/plotly/plotly-cartesian.min.js: Plotly's partial bundle, rewritten so that the
// page can run it a few modules per task (src/lib/components/plotly-loader.ts loads it).
// Imported as a JS module, Plotly's lazy compilation and evaluation were one main-thread task of
// ~290 ms CPU. Now:
// - V8's explicit compile hint makes Chromium compile the whole file eagerly, off the main
//   thread, while the classic async <script> downloads (~150 ms of that task);
// - the bundle's CommonJS modules (esbuild's `__commonJS` wrappers) are collected in the order
//   the bundle declares them, which is the order they finish evaluating in (dependencies first),
//   and the bundle returns them with its entry instead of running the entry: the loader runs
//   them in slices of a few milliseconds, one slice per task, then the entry (every module it
//   requires is then ready).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const PLOTLY_PACKAGE = 'plotly.js-cartesian-dist-min';
/** V8's file-level compile hint (Chrome 136+): compile every function eagerly, while streaming. */
export const COMPILE_HINT = '//# allFunctionsCalledOnLoad';

// esbuild's `__commonJS` helper (minified), and the bundle's last statement, which runs the entry.
const HELPER =
  /var (\w+)=\(e,r\)=>\(\)=>\{try\{return r\|\|e\(\(r=\{exports:\{\}\}\)\.exports,r\),r\.exports\}catch\(t\)\{throw r=0,t\}\}/g;
const ENTRY = /return (\w+)\(\);\}\)\(\);/g;

/**
 * The bundle, compile-hinted, with its global `Plotly` set to `{ steps, entry }` (see above).
 * @param {string} bundle
 * @returns {string}
 */
export function steppable(bundle) {
  const helpers = [...bundle.matchAll(HELPER)];
  const entries = [...bundle.matchAll(ENTRY)];
  if (helpers.length !== 1 || entries.length !== 1)
    throw new Error(
      `copy-plotly: expected one __commonJS helper and one entry call in ${PLOTLY_PACKAGE}, found ${helpers.length} and ${entries.length}: update scripts/copy-plotly.mjs for this Plotly version`
    );
  const [helper, name] = helpers[0];
  const [entry, main] = entries[0];
  // Same helper, plus: each module's getter is kept, in declaration order.
  const collecting =
    `var __plotlySteps=[];var ${name}=(e,r,g)=>(g=()=>{try{return r||e((r={exports:{}}).exports,r),r.exports}` +
    `catch(t){throw r=0,t}},__plotlySteps.push(g),g)`;
  return `${COMPILE_HINT}\n${bundle
    .replace(helper, () => collecting)
    .replace(entry, () => `return{steps:__plotlySteps,entry:${main}};})();`)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const require = createRequire(import.meta.url);
  const bundle = readFileSync(require.resolve(PLOTLY_PACKAGE), 'utf8');
  const out = new URL('../static/plotly/', import.meta.url).pathname;
  mkdirSync(out, { recursive: true });
  writeFileSync(`${out}plotly-cartesian.min.js`, steppable(bundle));
}
