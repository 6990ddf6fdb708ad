/**
 * `npx tsx bench/deep-speed.ts [--rounds 3] [--data DIR] [--before DIR]` — Hybrid Deep against
 * WARP at 128 components (seed 1, 30 epochs, fit only), each a fresh `cli train` process,
 * alternating deep, WARP per round so both see the same load. Prints the medians of each
 * process's own CPU seconds and wall seconds (and the least CPU seconds, the run least disturbed by
 * other jobs), the deep / WARP ratios, what ran the towers
 * (training_path) and test P@5. `--before DIR`: also run that checkout's CLI (e.g. an older
 * commit unpacked with `git archive`, its node_modules linked) in the same rotation.
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) =>
  args.includes(name) ? args[args.indexOf(name) + 1] : fallback;
const rounds = Number(opt('--rounds', '3'));
const data = opt('--data', 'test/fixtures/parity/telco-5k');
const before = opt('--before', '');

interface Fit {
  cpu: number;
  wall: number;
  path: string;
  p5: number;
}

function fit(root: string, loss: string): Fit {
  const out = execFileSync(
    'npx',
    [
      'tsx',
      `${root}/src/cli/main.ts`,
      'train',
      `${process.cwd()}/${data}`,
      '--loss',
      loss,
      '--components',
      '128',
      '--seed',
      '1',
      // WARP on the kernel without the start-of-run timing against the full-tensor path (which
      // Hybrid Deep does not run), so the ratio compares the training alone.
      ...(loss === 'warp' && root === '.' ? ['--training-path', 'cpu'] : [])
    ],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }
  );
  const r = JSON.parse(out.slice(out.indexOf('{"params"'))) as Record<string, unknown>;
  return {
    cpu: r.fit_cpu_seconds as number,
    wall: r.fit_seconds as number,
    path: r.training_path as string,
    p5: r['test.precision@5'] as number
  };
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const runs: Array<[string, string, string]> = [
  ['Hybrid Deep', '.', 'hybrid-deep'],
  ['WARP-128', '.', 'warp'],
  ...(before ? ([['Hybrid Deep (before)', before, 'hybrid-deep']] as Array<[string, string, string]>) : [])
];
const fits = new Map<string, Fit[]>(runs.map(([name]) => [name, []]));
const loads: number[] = [];
for (let r = 0; r < rounds; r++) {
  for (const [name, root, loss] of runs) {
    loads.push(loadavg()[0]);
    fits.get(name)!.push(fit(root, loss));
  }
}
const warp = fits.get('WARP-128')!;
const [wCpu, wWall] = [median(warp.map((f) => f.cpu)), median(warp.map((f) => f.wall))];
const wLeast = Math.min(...warp.map((f) => f.cpu));
console.log(
  `| model | CPU s | wall s | CPU / WARP-128 | wall / WARP-128 | least CPU s | least CPU / WARP-128 | test P@5 | training_path |`
);
console.log(`| --- | --- | --- | --- | --- | --- | --- | --- | --- |`);
for (const [name] of runs) {
  const f = fits.get(name)!;
  const [cpu, wall] = [median(f.map((x) => x.cpu)), median(f.map((x) => x.wall))];
  const least = Math.min(...f.map((x) => x.cpu));
  console.log(
    `| ${name} | ${cpu.toFixed(2)} | ${wall.toFixed(2)} | ${(cpu / wCpu).toFixed(2)} | ${(wall / wWall).toFixed(2)} | ${least.toFixed(2)} | ${(least / wLeast).toFixed(2)} | ${f[0].p5.toFixed(4)} | ${f[0].path} |`
  );
}
console.log(
  `\n${data}, seed 1, 30 epochs, medians of ${rounds} rounds; load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`
);
