/**
 * `npx tsx bench/deep-ablation.ts [--seeds 1,2,3] [--customers 5000]` — does Hybrid Deep's tower
 * earn its place? On each choice model of the generator (utility.ts ChoiceModel: 'standard' and
 * 'overage-family', data seed 42, default random split, all features) it trains, per seed:
 *   deep      Hybrid Deep with its defaults (128 components, hidden 32, tower lr 1e-5),
 *   tower off the same with towerWarmupEpochs = epochs (the towers never train; W2 starts at 0,
 *             so each side is exactly its residual path: the ablation),
 *   warp-128  WARP with 128 components,
 * and prints test P@5 and the paired test on per-user P@5 (core/eval/significance.ts:
 * bootstrap CI of the mean difference and the Wilcoxon signed-rank p) of deep − tower off and
 * deep − warp-128, plus each fit's CPU seconds. The ideal ranker (true utility) is the ceiling.
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
  'tower off': { loss: 'hybrid-deep', epochs: EPOCHS, towerWarmupEpochs: EPOCHS },
  'warp-128': { loss: 'warp', components: 128, epochs: EPOCHS }
};

const f4 = (x: number) => x.toFixed(4);

async function main(): Promise<void> {
  await setupNodeBackend('wasm');
  const rows: string[] = [
    '| choice model | seed | deep P@5 | tower off P@5 | WARP-128 P@5 | deep − tower off [95% CI], Wilcoxon p | deep − WARP-128 [95% CI], Wilcoxon p | CPU s deep / off / WARP-128 | ideal P@5 |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |'
  ];
  for (const { id } of CHOICE_MODELS) {
    const dataset = generateDataset({ customers, seed: 42, choiceModel: id });
    const data = buildTrainTestData({ dataset });
    const nItems = data.space.itemIds.length;
    const ideal = dataset.ceilings?.find((c) => c.split.kind === 'random')?.ideal;
    for (const seed of seeds) {
      const res: Record<
        string,
        { perUser: { users: Int32Array; values: Record<string, Float64Array> }; p5: number; cpu: number }
      > = {};
      for (const [name, config] of Object.entries(MODELS)) {
        const cpu0 = process.cpuUsage();
        const model = await train({ data, config, seed });
        const cpu = process.cpuUsage(cpu0);
        const ev = evaluateRanking({
          nItems,
          scores: scoreUsers({ model }),
          train: data.train,
          test: data.test,
          ks: [5]
        });
        res[name] = { perUser: ev.perUser, p5: ev.metrics[METRIC], cpu: (cpu.user + cpu.system) / 1e6 };
        process.stderr.write(`${id} seed ${seed} ${name}: P@5 ${f4(ev.metrics[METRIC])}\n`);
      }
      const paired = (a: string, b: string) => {
        const c = compareModels({ a: res[a].perUser, b: res[b].perUser, metric: METRIC, seed });
        const bs = c.bootstrap;
        return `${bs.meanDiff >= 0 ? '+' : ''}${f4(bs.meanDiff)} [${f4(bs.lower)}, ${f4(bs.upper)}], p = ${c.wilcoxon.pValue.toPrecision(2)}`;
      };
      rows.push(
        `| ${id} | ${seed} | ${f4(res.deep.p5)} | ${f4(res['tower off'].p5)} | ${f4(res['warp-128'].p5)} | ${paired('deep', 'tower off')} | ${paired('deep', 'warp-128')} | ${['deep', 'tower off', 'warp-128'].map((m) => res[m].cpu.toFixed(1)).join(' / ')} | ${ideal ? f4(ideal.precision[5]) : '–'} |`
      );
    }
  }
  console.log(rows.join('\n'));
}

await main();
