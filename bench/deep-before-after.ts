/**
 * `npx tsx bench/deep-before-after.ts --before DIR [--seeds 1,2]` — is Hybrid Deep's quality
 * unchanged by a change to its training path? Trains Hybrid Deep (tower lr 1e-5, the default,
 * and 1e-3, a tower that moves) with an older checkout's `train` (DIR: e.g. a commit unpacked
 * with `git archive`, its node_modules linked to this one's) and with this one's, in one process
 * on the same data (bench/deep-ablation.ts's: 5,000 customers, data seed 42, each choice model)
 * and seeds, and prints test P@5 of both with the paired test on per-user P@5 (bootstrap CI of
 * the mean difference, Wilcoxon signed-rank p) and each fit's CPU seconds.
 */
import { resolve } from 'node:path';
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
const before = opt('--before', '');
if (!before) throw new Error('--before DIR: the older checkout to compare with');
const seeds = opt('--seeds', '1,2').split(',').map(Number);
const trainBefore = (
  (await import(resolve(before, 'src/lib/core/model/train.ts'))) as { train: typeof train }
).train;
const MODELS: Array<[string, ModelConfigInput]> = [
  ['deep', { loss: 'hybrid-deep', epochs: 30 }],
  ['deep lr3', { loss: 'hybrid-deep', epochs: 30, towerLearningRate: 1e-3 }]
];
const METRIC = 'precision@5';
const f4 = (x: number) => x.toFixed(4);
const mean = (v: Float64Array) => v.reduce((s, x) => s + x, 0) / v.length;

await setupNodeBackend('wasm');
console.log(
  '| choice model | seed | model | before P@5 | after P@5 | after − before | CPU s before / after |'
);
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const { id } of CHOICE_MODELS) {
  const dataset = generateDataset({ customers: 5000, seed: 42, choiceModel: id });
  const data = buildTrainTestData({ dataset });
  const nItems = data.space.itemIds.length;
  for (const seed of seeds) {
    for (const [name, config] of MODELS) {
      const perUser = [];
      const cpu: string[] = [];
      for (const fit of [trainBefore, train]) {
        const c0 = process.cpuUsage();
        const model = await fit({ data, config, seed });
        const used = process.cpuUsage(c0);
        cpu.push(((used.user + used.system) / 1e6).toFixed(2));
        const scores = scoreUsers({ model });
        perUser.push(
          evaluateRanking({ nItems, scores, train: data.train, test: data.test, ks: [5] }).perUser
        );
      }
      const c = compareModels({ a: perUser[1], b: perUser[0], metric: METRIC, seed });
      const bs = c.bootstrap;
      const diff = `${bs.meanDiff >= 0 ? '+' : ''}${f4(bs.meanDiff)} [${f4(bs.lower)}, ${f4(bs.upper)}], p = ${c.wilcoxon.pValue.toPrecision(2)}`;
      const p5 = perUser.map((p) => f4(mean(p.values[METRIC])));
      console.log(`| ${id} | ${seed} | ${name} | ${p5.join(' | ')} | ${diff} | ${cpu.join(' / ')} |`);
    }
  }
}
