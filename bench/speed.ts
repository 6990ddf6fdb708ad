/**
 * `LIGHTFM_PATH=… npx tsx bench/speed.ts [--rounds 3] DIR:LOSS[:nofeat][:EPOCHS] …` — fit time of
 * our CLI beside the real LightFM (one thread), alternating L, O, L, O per round as
 * ../shared/tools/lightfm/side_by_side.py does, but comparing **CPU time** of the fit (each
 * process's own), which stays meaningful when other jobs load the machine; wall ratios are
 * printed too. LightFM's CPU time: run_ref.py with its fit timer reading time.process_time.
 * Seed 1, 64 components; EPOCHS defaults to 30.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename } from 'node:path';

/** The shared LightFM tools: LIGHTFM_TOOLS, else beside the checkout (main repo or a worktree below it). */
const TOOLS =
  process.env.LIGHTFM_TOOLS ??
  ['../shared/tools/lightfm', '../../shared/tools/lightfm'].find((d) => existsSync(`${d}/run_ref.py`)) ??
  '../shared/tools/lightfm';
const args = process.argv.slice(2);
const rounds = args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) : 3;
const cells = args.filter((a, k) => !a.startsWith('--') && args[k - 1] !== '--rounds');

function lastJson(text: string): Record<string, unknown> {
  for (let at = text.indexOf('{'); at !== -1; at = text.indexOf('{', at + 1)) {
    try {
      return JSON.parse(text.slice(at)) as Record<string, unknown>;
    } catch {
      /* a later brace */
    }
  }
  throw new Error(`no JSON object in: ${text.slice(-300)}`);
}

const PY_CPU = `import sys, time
sys.path.insert(0, sys.argv[1])
import run_ref
wall = []
class T:
    def perf_counter(self):
        wall.append(time.perf_counter())
        return time.process_time()
run_ref.time = T()
sys.argv = ['run_ref.py'] + sys.argv[2:]
run_ref.main()
print('{"wall": %f}' % (wall[1] - wall[0]))`;

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

console.log(
  `rounds ${rounds}; load average at start ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`
);
console.log(
  'cell | ours cpu s | LightFM cpu s | cpu ratio | ours wall s | LightFM wall s | wall ratio | P@5 LightFM / ours'
);
for (const cell of cells) {
  const [dir, loss, ...rest] = cell.split(':');
  const nofeat = rest.includes('nofeat');
  const epochs = rest.find((r) => /^\d+$/.test(r)) ?? '30';
  const common = [
    '--loss',
    loss,
    '--components',
    '64',
    '--epochs',
    epochs,
    '--seed',
    '1',
    ...(nofeat ? ['--no-features'] : [])
  ];
  const lf = { cpu: [] as number[], wall: [] as number[] };
  const us = { cpu: [] as number[], wall: [] as number[] };
  let p5 = '';
  for (let r = 0; r < rounds; r++) {
    const lfOut = execFileSync('/usr/bin/python3', ['-c', PY_CPU, TOOLS, dir, ...common, '--threads', '1'], {
      encoding: 'utf8',
      maxBuffer: 1 << 26
    });
    const lfJson = JSON.parse(lfOut.slice(lfOut.indexOf('{'), lfOut.lastIndexOf('{"wall"'))) as {
      fit_seconds: number;
      test?: Record<string, number>;
    };
    lf.cpu.push(lfJson.fit_seconds);
    lf.wall.push((lastJson(lfOut.slice(lfOut.lastIndexOf('{"wall"'))) as { wall: number }).wall);
    const ours = lastJson(
      execFileSync('npx', ['tsx', 'src/cli/main.ts', 'train', dir, ...common], {
        encoding: 'utf8',
        maxBuffer: 1 << 26
      })
    );
    us.cpu.push(ours.fit_cpu_seconds as number);
    us.wall.push(ours.fit_seconds as number);
    if (r === 0)
      p5 = `${(lfJson.test?.['precision@5'] ?? NaN).toFixed(4)} / ${(ours['test.precision@5'] as number).toFixed(4)}`;
  }
  const [oc, lc, ow, lw] = [median(us.cpu), median(lf.cpu), median(us.wall), median(lf.wall)];
  console.log(
    `${basename(dir)}:${loss}${nofeat ? ':nofeat' : ''}:${epochs}ep | ${oc.toFixed(2)} | ${lc.toFixed(2)} | ${(oc / lc).toFixed(2)} | ${ow.toFixed(2)} | ${lw.toFixed(2)} | ${(ow / lw).toFixed(2)} | ${p5}`
  );
}
console.log(
  `load average at end ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`
);
