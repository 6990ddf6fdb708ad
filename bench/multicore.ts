/**
 * `npm run bench -- --only multicore [--quick]`: fit time of one run at 1, 2 and all available
 * cores (the batch-parallel step, core/model/batch-parallel.ts), through the CLI
 * (`npm run cli -- train DIR --components 64 --cores N`), rounds alternating the core counts so
 * each sees the same load. Fit seconds include starting the helper threads. Prints medians,
 * the speed-up against one core, the process's CPU seconds during the fit (all its threads:
 * equal at 1 and 2 cores means the split wastes no work), and test P@5 (one core vs
 * more: the same algorithm with other random draws, so equal within noise). The generated 100k
 * cell needs `npm run cli -- generate --customers 100000 --seed 1 --out /tmp/gen100k` first.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { formatTable } from './table.ts';

export interface Cell {
  dir: string;
  loss: string;
  epochs: number;
}

export interface Row extends Cell {
  cores: number;
  fit: number;
  cpu: number;
  p5: number;
  path: string;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

function fitOnce(cell: Cell, cores: number): { fit: number; cpu: number; p5: number; path: string } {
  const out = execFileSync(
    'npx',
    ['tsx', 'src/cli/main.ts', 'train', cell.dir, '--loss', cell.loss, '--components', '64'].concat([
      '--epochs',
      String(cell.epochs),
      '--seed',
      '1',
      '--cores',
      String(cores)
    ]),
    { encoding: 'utf8', maxBuffer: 1 << 26 }
  );
  const r = JSON.parse(out.slice(out.lastIndexOf('\n{') + 1)) as Record<string, unknown>;
  return {
    fit: r.fit_seconds as number,
    cpu: r.fit_cpu_seconds as number,
    p5: r['test.precision@5'] as number,
    path: r.training_path as string
  };
}

export function defaultCells(): Cell[] {
  const cells: Cell[] = [
    { dir: 'test/fixtures/parity/telco-5k', loss: 'warp', epochs: 30 },
    { dir: 'test/fixtures/parity/telco-5k', loss: 'bpr', epochs: 30 }
  ];
  if (existsSync('/tmp/gen100k/train.csv'))
    cells.push(
      { dir: '/tmp/gen100k', loss: 'warp', epochs: 10 },
      { dir: '/tmp/gen100k', loss: 'bpr', epochs: 10 }
    );
  else
    console.log('(no /tmp/gen100k: npm run cli -- generate --customers 100000 --seed 1 --out /tmp/gen100k)');
  return cells;
}

export function run(opts: { cells?: Cell[]; rounds?: number; cores?: number[] } = {}): Row[] {
  const cores = opts.cores ?? [...new Set([1, 2, availableParallelism()])];
  const rounds = opts.rounds ?? 3;
  console.log(`${availableParallelism()} cores available; ${rounds} rounds; load average at start ${load()}`);
  const rows: Row[] = [];
  for (const cell of opts.cells ?? defaultCells()) {
    const runs = new Map<number, ReturnType<typeof fitOnce>[]>(cores.map((c) => [c, []]));
    for (let r = 0; r < rounds; r++) for (const c of cores) runs.get(c)!.push(fitOnce(cell, c));
    for (const c of cores) {
      const list = runs.get(c)!;
      rows.push({
        ...cell,
        cores: c,
        fit: median(list.map((x) => x.fit)),
        cpu: median(list.map((x) => x.cpu)),
        p5: list[0].p5,
        path: list[0].path
      });
    }
  }
  console.log(`load average at end ${load()}`);
  return rows;
}

export function print(rows: Row[]): void {
  const one = (r: Row) => rows.find((x) => x.dir === r.dir && x.loss === r.loss && x.cores === 1);
  console.log(
    formatTable(
      ['data', 'loss', 'epochs', 'cores', 'fit s', 'speed-up', 'cpu s (all threads)', 'test P@5'],
      rows.map((r) => [
        r.dir.split('/').pop()!,
        r.loss,
        String(r.epochs),
        String(r.cores),
        r.fit.toFixed(3),
        one(r) ? `${(one(r)!.fit / r.fit).toFixed(2)}×` : '–',
        r.cpu.toFixed(3),
        r.p5.toFixed(4)
      ])
    )
  );
  for (const r of rows.filter((x) => x.cores > 1 && !x.path.includes('batch-parallel')))
    console.log(`note: ${r.dir} ${r.loss} at ${r.cores} cores ran "${r.path}"`);
}
