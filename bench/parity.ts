/**
 * `npm run parity [-- --dataset telco-5k,catalog-3k --loss warp,bpr,warp-kos --features on|off|both
 *   --components 64 --seeds 1,2,3 --batch N --lr X --epochs N --item-alpha X --user-alpha X
 *   --off-alpha X --violators sampled|exact --backend wasm|cpu --deep --json]`  (--deep adds Hybrid Deep vs WARP at 128)
 *
 * Trains our models on the parity datasets (test/fixtures/parity/<dataset>) for every cell of
 * their reference.json that passes the filters, and prints ours beside LightFM 1.17's
 * (mean ± sd over seeds), whether we meet the bar (mean ≥ LightFM mean − 2·max(sd, 0.002)),
 * and our fit time over LightFM's one-thread median. Defaults: the issue-4 parity grid
 * (bpr, warp, warp-kos; features on; 64 components; seeds 1,2,3) plus features-off WARP,
 * which is checked against the popularity ranking instead.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { setupNodeBackend, type NodeBackend } from '../src/cli/node-backend.ts';
import { readLayoutDir } from '../src/cli/train.ts';
import { parseParityLayout } from '../src/lib/core/data/parity-layout.ts';
import { evaluateRanking } from '../src/lib/core/eval/metrics.ts';
import { popularityScores } from '../src/lib/core/eval/popularity.ts';
import type { LossName, ModelConfigInput } from '../src/lib/core/model/config.ts';
import { testMetrics } from '../src/lib/core/model/test-metrics.ts';
import { train } from '../src/lib/core/model/train.ts';
import { trainWithEarlyStopping } from '../src/lib/core/model/early-stopping.ts';

interface Stat {
  mean: number;
  sd: number;
}
interface RefCell {
  loss: LossName;
  features: boolean;
  components: number;
  epochs: number;
  lr: number;
  fit_seconds_median_1thread: number;
  [metric: string]: unknown;
}

const FIXTURES = join(import.meta.dirname, '..', 'test', 'fixtures', 'parity');

function flag(argv: string[], name: string): string | undefined {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? argv[at + 1] : undefined;
}
const list = (v: string | undefined, dflt: string[]) => (v ? v.split(',').map((s) => s.trim()) : dflt);
const meanSd = (xs: number[]): Stat => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean, sd };
};
const fmt = (s: Stat) => `${s.mean.toFixed(4)}±${s.sd.toFixed(4)}`;
export const bar = (ref: Stat) => ref.mean - 2 * Math.max(ref.sd, 0.002);

async function main(argv: string[]): Promise<number> {
  const datasets = list(flag(argv, 'dataset'), ['telco-5k', 'catalog-3k']);
  const losses = list(flag(argv, 'loss'), ['bpr', 'warp', 'warp-kos']);
  const featuresFlag = flag(argv, 'features') ?? 'default';
  const components = Number(flag(argv, 'components') ?? 64);
  const seeds = list(flag(argv, 'seeds'), ['1', '2', '3']).map(Number);
  const overrides: Partial<Record<string, number | string>> = {};
  // --violators sampled|exact (WARP and k-OS only): LightFM's sampled loop in JS, or the full-catalogue TF.js search.
  const violators = flag(argv, 'violators');
  for (const [f, key] of [
    ['batch', 'batchSize'],
    ['lr', 'learningRate'],
    ['epochs', 'epochs'],
    ['item-alpha', 'itemAlpha'],
    ['user-alpha', 'userAlpha']
  ] as const) {
    const v = flag(argv, f);
    if (v !== undefined) overrides[key] = Number(v);
  }
  const backend = await setupNodeBackend((flag(argv, 'backend') ?? 'wasm') as NodeBackend);
  const rows: Array<Record<string, unknown>> = [];
  let failures = 0;
  console.log(
    `backend ${backend}; seeds ${seeds.join(',')}; bar = LightFM mean − 2·max(sd, 0.002); load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')} on ${availableParallelism()} cores`
  );
  console.log(
    "fit s = wall clock of train(); cpu s = this process's CPU time during it (steadier when other jobs share the cores)"
  );
  console.log(
    [
      'dataset',
      'loss',
      'feat',
      'd',
      'B',
      'P@5 ours',
      'P@5 LightFM',
      'AUC ours',
      'AUC LightFM',
      'pass',
      'fit s',
      'cpu s',
      'LightFM s',
      'ratio',
      'cpu ratio'
    ].join(' | ')
  );
  for (const ds of datasets) {
    const reference = JSON.parse(readFileSync(join(FIXTURES, ds, 'reference.json'), 'utf8')) as {
      cells: RefCell[];
    };
    const data = parseParityLayout(readLayoutDir(join(FIXTURES, ds)));
    const nItems = data.space.itemIds.length;
    const pop = evaluateRanking({
      nItems,
      scores: popularityScores(data.train, data.space.userIds.length, nItems),
      train: data.train,
      test: data.test,
      perUser: false
    }).metrics;
    const cells = reference.cells.filter(
      (c) =>
        losses.includes(c.loss) &&
        c.components === components &&
        (featuresFlag === 'both' ||
          (featuresFlag === 'on' && c.features) ||
          (featuresFlag === 'off' && !c.features) ||
          (featuresFlag === 'default' && (c.features || c.loss === 'warp')))
    );
    for (const cell of cells) {
      const p5: number[] = [];
      const auc: number[] = [];
      const fit: number[] = [];
      const cpu: number[] = [];
      let batchSize = 0;
      const epochsChosen: number[] = [];
      for (const seed of seeds) {
        // Features-off cells choose their epochs on 10% of train and refit (early stopping;
        // --no-early-stopping turns it off). Identity-only models overfit fast: at a fixed 30
        // epochs catalog-3k WARP falls below popularity (0.252 vs 0.299), as LightFM does (0.237).
        // No single --off-alpha X (decoupled decay, both sides) fixes both datasets: catalog-3k
        // needs ≥ 5e-4, telco-5k falls below popularity from 3e-4 on. Default 0.
        const offAlpha = Number(flag(argv, 'off-alpha') ?? 0);
        const alphas = cell.features ? {} : { itemAlpha: offAlpha, userAlpha: offAlpha };
        const search =
          violators && (cell.loss === 'warp' || cell.loss === 'warp-kos')
            ? { violatorSearch: violators }
            : {};
        const config = {
          loss: cell.loss,
          components: cell.components,
          epochs: cell.epochs,
          learningRate: cell.lr,
          useFeatures: cell.features,
          ...alphas,
          ...search,
          ...overrides
        } as ModelConfigInput;
        const cpu0 = process.cpuUsage();
        const early = !cell.features && !argv.includes('--no-early-stopping');
        const wall0 = performance.now();
        const model = early
          ? await trainWithEarlyStopping({ data, config, seed })
          : await train({ data, config, seed });
        const wallS = (performance.now() - wall0) / 1000;
        const cpuUsed = process.cpuUsage(cpu0);
        cpu.push((cpuUsed.user + cpuUsed.system) / 1e6);
        batchSize = model.config.batchSize;
        if (early) epochsChosen.push(model.config.epochs);
        const m = testMetrics(model, data);
        p5.push(m['precision@5']);
        auc.push(m.auc);
        fit.push(early ? wallS : model.fitMs / 1000);
      }
      const ours = { p5: meanSd(p5), auc: meanSd(auc), fit: meanSd(fit), cpu: meanSd(cpu) };
      const ref = { p5: cell['test.precision@5'] as Stat, auc: cell['test.auc'] as Stat };
      // Features off: LightFM itself falls below popularity there, so the bar is popularity.
      const pass = cell.features
        ? ours.p5.mean >= bar(ref.p5) && ours.auc.mean >= bar(ref.auc)
        : ours.p5.mean >= pop['precision@5'] && ours.auc.mean >= pop.auc;
      if (!pass) failures++;
      const lfm = cell.fit_seconds_median_1thread;
      console.log(
        [
          ds,
          cell.loss,
          cell.features
            ? 'on'
            : `off${epochsChosen.length ? ` (early stop: ${epochsChosen.join('/')} ep)` : ''}`,
          cell.components,
          batchSize,
          fmt(ours.p5),
          cell.features ? fmt(ref.p5) : `${fmt(ref.p5)} (pop ${pop['precision@5'].toFixed(3)})`,
          fmt(ours.auc),
          cell.features ? fmt(ref.auc) : `${fmt(ref.auc)} (pop ${pop.auc.toFixed(3)})`,
          pass ? 'yes' : 'NO',
          ours.fit.mean.toFixed(2),
          ours.cpu.mean.toFixed(2),
          lfm.toFixed(2),
          (ours.fit.mean / lfm).toFixed(2),
          (ours.cpu.mean / lfm).toFixed(2)
        ].join(' | ')
      );
      rows.push({
        dataset: ds,
        loss: cell.loss,
        features: cell.features,
        components: cell.components,
        batchSize,
        ours,
        lightfm: ref,
        popularity: pop,
        pass,
        fitRatio: ours.fit.mean / lfm,
        cpuRatio: ours.cpu.mean / lfm,
        loadavg: loadavg()[0]
      });
    }
  }
  if (argv.includes('--deep')) {
    // --tower-lr X, --hidden N, --tower-warmup N override Hybrid Deep's defaults.
    const deep: Record<string, number> = {};
    for (const [f, key] of [
      ['tower-lr', 'towerLearningRate'],
      ['hidden', 'hidden'],
      ['tower-warmup', 'towerWarmupEpochs']
    ] as const) {
      const v = flag(argv, f);
      if (v !== undefined) deep[key] = Number(v);
    }
    failures += await compareDeep(datasets, seeds, deep, argv.includes('--deep-only'));
  }
  if (argv.includes('--json')) console.log(JSON.stringify(rows));
  console.log(failures === 0 ? 'all cells meet the bar' : `${failures} cell(s) below the bar`);
  return failures === 0 ? 0 : 1;
}

/** Hybrid Deep vs WARP, both at 128 components with features (issue 4: deep must be ≥ WARP on telco-5k P@5). */
async function compareDeep(
  datasets: string[],
  seeds: number[],
  deep: Record<string, number>,
  deepOnly: boolean
): Promise<number> {
  let failures = 0;
  console.log('\nHybrid Deep vs WARP at 128 components, features on, 30 epochs');
  console.log(['dataset', 'model', 'P@5', 'AUC', 'fit s'].join(' | '));
  for (const ds of datasets) {
    const data = parseParityLayout(readLayoutDir(join(FIXTURES, ds)));
    const p5: Record<string, number[]> = { warp: [], 'hybrid-deep': [] };
    for (const loss of deepOnly ? (['hybrid-deep'] as const) : (['warp', 'hybrid-deep'] as const)) {
      const auc: number[] = [];
      const fit: number[] = [];
      for (const seed of seeds) {
        const model = await train({
          data,
          config: {
            loss,
            components: 128,
            epochs: 30,
            ...(loss === 'hybrid-deep' ? deep : {})
          } as ModelConfigInput,
          seed
        });
        const m = testMetrics(model, data);
        p5[loss].push(m['precision@5']);
        auc.push(m.auc);
        fit.push(model.fitMs / 1000);
      }
      console.log(
        [ds, loss, fmt(meanSd(p5[loss])), fmt(meanSd(auc)), meanSd(fit).mean.toFixed(2)].join(' | ')
      );
    }
    if (deepOnly) continue;
    const ok = meanSd(p5['hybrid-deep']).mean >= meanSd(p5.warp).mean;
    if (!ok) failures++;
    console.log(`${ds}: hybrid-deep ${ok ? '≥' : '<'} warp on P@5`);
  }
  return failures;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  }
);
