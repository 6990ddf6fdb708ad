/**
 * `npm run bench [-- --only data,ensemble,multicore,wide-browser,longtask,train-browser,training-path,scale,...] [-- --quick] [-- --json] [-- --customers N]` — every benchmark,
 * one after another, each printing its own table. Browser benchmarks build nothing: this runs
 * `npm run build` first unless --no-build is given. Speed and memory live here, never in tests.
 * The parity grid against LightFM has its own command: `npm run parity`.
 */
import { execSync } from 'node:child_process';

const args = process.argv.slice(2);
const only =
  args
    .find((a) => a.startsWith('--only'))
    ?.split('=')[1]
    ?.split(',') ?? (args.includes('--only') ? args[args.indexOf('--only') + 1]?.split(',') : undefined);
const quick = args.includes('--quick');
/** --json: benchmarks that support it print one JSON object instead of their table (train-browser). */
const json = args.includes('--json');
/** --customers N: the scale bench's dataset size (default its 1M preset). */
const customersArg = args.find((a) => a.startsWith('--customers'));
const customers = customersArg?.includes('=')
  ? Number(customersArg.split('=')[1])
  : customersArg
    ? Number(args[args.indexOf(customersArg) + 1])
    : undefined;
const wants = (name: string) => !only || only.includes(name);

interface Bench {
  name: string;
  browser: boolean;
  run(): Promise<void>;
}

const benches: Bench[] = [
  {
    name: 'data',
    browser: false,
    run: async () => {
      const m = await import('./data.ts');
      console.log(`data layer in Node ${process.version}`);
      console.log(m.formatRows(await m.run({ presets: quick ? ['5k', '50k'] : undefined })));
    }
  },
  {
    name: 'ensemble',
    browser: false,
    run: async () => {
      const m = await import('./ensemble.ts');
      m.printTable(m.run());
    }
  },
  {
    name: 'analytics',
    browser: false,
    run: async () => {
      const m = await import('./analytics.ts');
      m.print(await m.run({ customers: 50_000, repeats: 3 }), 50_000, 3);
    }
  },
  {
    name: 'impact',
    browser: false,
    run: async () => {
      const m = await import('./impact.ts');
      m.print(
        await m.run(
          quick
            ? { customers: 5_000, replications: 5, onlineCustomers: 2_000, onlineReplications: 2 }
            : { customers: 50_000, replications: 20, onlineCustomers: 5_000, onlineReplications: 3 }
        )
      );
    }
  },
  {
    name: 'multicore',
    browser: false,
    run: async () => {
      const m = await import('./multicore.ts');
      m.print(m.run({ rounds: quick ? 1 : 3 }));
    }
  },
  {
    name: 'data-browser',
    browser: true,
    run: async () => {
      const m = await import('./data-browser.ts');
      console.log(m.formatRows(await m.run({ presets: quick ? ['5k', '50k'] : undefined })));
    }
  },
  {
    name: 'wide-browser',
    browser: true,
    run: async () => {
      const m = await import('./wide-browser.ts');
      console.log(m.format(await m.run({ rows: quick ? 20_000 : 100_000 })));
    }
  },
  {
    name: 'longtask',
    browser: true,
    run: async () => {
      const m = await import('./longtask-browser.ts');
      const customers = quick ? 5_000 : 50_000;
      m.print(await m.run({ customers }), customers);
    }
  },
  {
    name: 'train-browser',
    browser: true,
    run: async () => {
      const m = await import('./train-browser.ts');
      const r = await m.run({ epochs: quick ? 5 : 30 });
      if (json) console.log(JSON.stringify(m.toJson(r)));
      else m.print(r);
    }
  },
  {
    name: 'training-path',
    browser: true,
    run: async () => {
      const m = await import('./training-path-browser.ts');
      m.print(await m.run({ backends: ['wasm', 'webgl', 'cpu'] }));
    }
  },
  {
    name: 'scale',
    browser: true,
    run: async () => {
      const m = await import('./scale-browser.ts');
      const r = await m.run({ customers: customers ?? (quick ? 100_000 : 1_000_000) });
      if (json) console.log(JSON.stringify(r));
      else m.print(r);
    }
  }
];

const selected = benches.filter((b) => wants(b.name));
if (selected.some((b) => b.browser) && !args.includes('--no-build'))
  execSync('npm run build', { stdio: json ? ['ignore', process.stderr, 'inherit'] : 'inherit' });
for (const b of selected) {
  if (!json) console.log(`\n## ${b.name}`);
  const t0 = Date.now();
  await b.run();
  if (!json) console.log(`(${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}
