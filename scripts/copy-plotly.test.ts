import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { COMPILE_HINT, PLOTLY_PACKAGE, steppable as rewrite } from './copy-plotly.mjs';

/** A bundle shaped like esbuild's minified output: the `__commonJS` helper, modules, one entry call. */
const TINY = [
  'var Plotly=(()=>{',
  'var z=(e,r)=>()=>{try{return r||e((r={exports:{}}).exports,r),r.exports}catch(t){throw r=0,t}};',
  'var A=z((e,r)=>{log.push("A");r.exports=1}),',
  'B=z((e,r)=>{log.push("B");r.exports=A()+1}),',
  'M=z((e,r)=>{log.push("main");r.exports={sum:A()+B()}});',
  'return M();})();',
  'window.Plotly = Plotly;'
].join('\n');

/** Runs a bundle text with its own `window` and `log`; returns what it left in window.Plotly. */
function run(text: string): { plotly: unknown; log: string[] } {
  const log: string[] = [];
  const window: { Plotly?: unknown } = {};
  new Function('window', 'log', text)(window, log);
  return { plotly: window.Plotly, log };
}

describe('copy-plotly: the bundle Plot.svelte loads', () => {
  it('hands out its modules, dependencies first, and its entry instead of running them', () => {
    const out = rewrite(TINY);
    expect(out.split('\n')[0]).toBe(COMPILE_HINT);
    const { plotly, log } = run(out);
    const bundle = plotly as { steps: Array<() => unknown>; entry: () => unknown };
    expect(log).toEqual([]); // nothing ran at load
    expect(bundle.steps).toHaveLength(3);
    bundle.steps[0]();
    bundle.steps[1]();
    expect(log).toEqual(['A', 'B']);
    expect(bundle.entry()).toEqual({ sum: 3 });
    expect(log).toEqual(['A', 'B', 'main']); // each module ran once
    // The original bundle's value, for comparison.
    expect(run(TINY).plotly).toEqual({ sum: 3 });
  });

  it('rewrites the real Plotly bundle (one helper, one entry) and refuses a bundle it does not know', () => {
    const file = createRequire(import.meta.url).resolve(PLOTLY_PACKAGE);
    const out = rewrite(readFileSync(file, 'utf8'));
    expect(out.startsWith(`${COMPILE_HINT}\n`)).toBe(true);
    expect(out).toContain('__plotlySteps.push(g)');
    expect(out).toMatch(/return\{steps:__plotlySteps,entry:\w+\};\}\)\(\);/);
    expect(() => rewrite('var Plotly=1;')).toThrow(/update scripts\/copy-plotly\.mjs/);
  });
});
