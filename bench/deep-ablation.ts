/**
 * `npx tsx bench/deep-ablation.ts [--seeds 1,2] [--customers 5000]` — does Hybrid Deep's tower
 * earn its place? On each choice model of the generator (utility.ts ChoiceModel: 'standard' and
 * 'overage-family', data seed 42, default random split, all features) it trains, per seed:
 *   deep       Hybrid Deep with its defaults (128 components, a customer-side tower of width 8,
 *              the plan-side tower frozen at the identity, tower lr 1e-5),
 *   deep lr3   the same with tower lr 1e-3 (a tower that moves),
 *   deep h32×2 the defaults before (width 32, both towers training, lr 1e-5),
 *   tower off  Hybrid Deep with towerWarmupEpochs = epochs: the towers never train and W2 starts
 *              at 0, so each side is exactly its residual path (the ablation),
 *   WARP-128   WARP with 128 components,
 * and prints test P@5 and paired tests on per-user P@5 (core/eval/significance.ts: bootstrap
 * CI of the mean difference, Wilcoxon signed-rank p) over all test users and by account size
 * (1–2 lines vs ≥ 3 lines: where the family effect of 'overage-family' sits), plus each fit's
 * CPU seconds. "ideal" is the ranker by the true utility (the dataset's ceiling).
 */
import { generateDataset } from '../src/lib/core/data/generator.ts';
import { buildTrainTestData } from '../src/lib/core/data/train-test.ts';
import { CHOICE_MODELS } from '../src/lib/core/data/utility.ts';
import { evaluateRanking } from '../src/lib/core/eval/metrics.ts';
import { compareModels } from '../src/lib/core/eval/significance.ts';
import type { ModelConfigInput } from '../src/lib/core/model/config.ts';
import { scoreUsers } from '../src/lib/core/model/predict.ts';
import { train } from '../src/lib/core/model/train.ts';
import { setupNodeBackend } from '../src/cli/node-backend.ts';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) =>
  args.includes(name) ? args[args.indexOf(name) + 1] : fallback;
const seeds = opt('--seeds', '1').split(',').map(Number);
const customers = Number(opt('--customers', '5000'));
const EPOCHS = 30;
const METRIC = 'precision@5';

const MODELS: Record<string, ModelConfigInput> = {
  deep: { loss: 'hybrid-deep', epochs: EPOCHS },
  'deep lr3': { loss: 'hybrid-deep', epochs: EPOCHS, towerLearningRate: 1e-3 },
  'deep h32×2': { loss: 'hybrid-deep', epochs: EPOCHS, hidden: 32, itemTower: true },
  'tower off': { loss: 'hybrid-deep', epochs: EPOCHS, towerWarmupEpochs: EPOCHS },
  'WARP-128': { loss: 'warp', components: 128, epochs: EPOCHS }
};
const NAMES = Object.keys(MODELS);

type PerUser = { users: Int32Array; values: Record<string, Float64Array> };
const f4 = (x: number) => x.toFixed(4);
const mean = (v: Float64Array) => v.reduce((s, x) => s + x, 0) / v.length;

/** The per-user rows of `p` whose user passes `keep`. */
function subset(p: PerUser, keep: (user: number) => boolean): PerUser {
  const rows = Array.from(p.users.keys()).filter((k) => keep(p.users[k]));
  return {
    users: Int32Array.from(rows, (k) => p.users[k]),
    values: { [METRIC]: Float64Array.from(rows, (k) => p.values[METRIC][k]) }
  };
}

function paired(a: PerUser, b: PerUser, seed: number): string {
  const c = compareModels({ a, b, metric: METRIC, seed });
  const bs = c.bootstrap;
  const sign = bs.meanDiff >= 0 ? '+' : '';
  return `${sign}${f4(bs.meanDiff)} [${f4(bs.lower)}, ${f4(bs.upper)}], p = ${c.wilcoxon.pValue.toPrecision(2)}`;
}

async function main(): Promise<void> {
  await setupNodeBackend('wasm');
  const rows: string[] = [
    `| choice model | seed | users | n | ${NAMES.map((m) => `${m} P@5`).join(' | ')} | deep − tower off | deep lr3 − tower off | deep − WARP-128 | deep − deep h32×2 |`,
    `| --- | --- | --- | --- | ${NAMES.map(() => '---').join(' | ')} | --- | --- | --- | --- |`
  ];
  const cpuRows: string[] = [];
  for (const { id } of CHOICE_MODELS) {
    const dataset = generateDataset({ customers, seed: 42, choiceModel: id });
    const data = buildTrainTestData({ dataset });
    const nItems = data.space.itemIds.length;
    const ideal = dataset.ceilings?.find((c) => c.split.kind === 'random')?.ideal.precision[5];
    const customerOf = new Map(dataset.customers.ids.map((cid, c) => [cid, c]));
    const lines = data.space.userIds.map((uid) => dataset.customers.lines[customerOf.get(uid)!]);
    const groups: Array<[string, (u: number) => boolean]> = [
      ['all', () => true],
      ['1–2 lines', (u) => lines[u] < 3],
      ['≥ 3 lines', (u) => lines[u] >= 3]
    ];
    for (const seed of seeds) {
      const res: Record<string, PerUser> = {};
      const cpu: string[] = [];
      for (const name of NAMES) {
        const cpu0 = process.cpuUsage();
        const model = await train({ data, config: MODELS[name], seed });
        const used = process.cpuUsage(cpu0);
        cpu.push(`${name} ${((used.user + used.system) / 1e6).toFixed(1)}`);
        const scores = scoreUsers({ model });
        res[name] = evaluateRanking({ nItems, scores, train: data.train, test: data.test, ks: [5] }).perUser;
        process.stderr.write(`${id} seed ${seed} ${name}: P@5 ${f4(mean(res[name].values[METRIC]))}\n`);
      }
      cpuRows.push(
        `${id} seed ${seed}: CPU s ${cpu.join(', ')}; ideal P@5 ${ideal === undefined ? '–' : f4(ideal)}`
      );
      for (const [group, keep] of groups) {
        const g = Object.fromEntries(NAMES.map((m) => [m, subset(res[m], keep)]));
        const p5 = NAMES.map((m) => f4(mean(g[m].values[METRIC])));
        rows.push(
          `| ${id} | ${seed} | ${group} | ${g.deep.users.length} | ${p5.join(' | ')} | ${paired(g.deep, g['tower off'], seed)} | ${paired(g['deep lr3'], g['tower off'], seed)} | ${paired(g.deep, g['WARP-128'], seed)} | ${paired(g.deep, g['deep h32×2'], seed)} |`
        );
      }
    }
  }
  console.log([...rows, '', ...cpuRows].join('\n'));
}

await main();
