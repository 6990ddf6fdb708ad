/**
 * Share a Recommend session as a link, and open one: the pure format is core/session; this
 * module reads the page's state into it and, on opening, regenerates the dataset from its recipe
 * (or finds it stored), trains the runs the link names (or finds identical stored ones), and puts
 * the page in the linked state. Same recipe, features, split, config, seed and backend → the same
 * numbers (everything is seeded).
 */
import {
  formatSessionLink,
  linkedOptions,
  parseSessionLink,
  type LinkBackend,
  type SessionLink
} from '$lib/core/session/session-link';
import { datasetRecipe, isLinkedRun, linkMismatch } from '$lib/core/session/linked-runs';
import type { GroupSelection } from '$lib/core/features/imported-groups';
import type { LabRun } from '$lib/core/pipeline/run-record';
import type { StoredDatasetMeta } from '$lib/store';
import type { ModelConfigInput } from '$lib/core/model/config';
import { ranFullTensor } from '$lib/core/model/engine';
import type { CustomerGroup } from '$lib/core/features/customer-features';
import type { PlanGroup } from '$lib/core/features/plan-features';
import { MODEL_CHOICES } from './model-choices';
import { planBackends } from '$lib/core/backend';
import { probeWebgl } from '$lib/browser/webgl-probe';
import type { RecommendPage } from './recommend-page.svelte';

/** The link of the page as it is, or a plain-words reason why this session cannot travel as one. */
export function linkFromPage(page: RecommendPage): { hash: string } | { error: string } {
  const meta = page.datasets.current;
  const ds = page.dataset;
  if (!meta || !ds) return { error: 'Open a dataset first.' };
  // A generated dataset travels as its recipe; an imported one only by name (the receiver needs it stored).
  const recipe = datasetRecipe(meta);
  const single = page.modelRuns.find((r) => r.id === page.single.runId);
  const runs = [...page.ensemble.runs];
  if (single && !runs.includes(single)) runs.push(single);
  if (runs.length === 0) return { error: 'Train a model first: a link carries the models, not the data.' };
  const first = runs[0];
  const backend = first.backend?.backend as LinkBackend | undefined;
  const mismatch = linkMismatch(runs);
  if (mismatch) return { error: mismatch };
  if (!first.features)
    return { error: `"${first.name}" has no record of its features: retrain it to share it.` };
  const models = runs.map((r) => ({
    loss: r.config.loss,
    options: linkedOptions(r.config),
    seed: r.manifest!.seed,
    ...(r.manifest!.cores ? { cores: r.manifest!.cores } : {}),
    ...(ranFullTensor(r.engine) ? { trainingPath: 'tensor' as const } : {})
  }));
  // A single-view run outside the ensemble joins it with weight 0 (it then changes nothing there).
  const weights = runs.map((r) => {
    const k = page.ensemble.runs.indexOf(r);
    return k >= 0 ? page.ensemble.weights[k] : 0;
  });
  const link: SessionLink = {
    dataset: recipe,
    datasetName: recipe ? null : meta.name,
    features: toLinkFeatures(first.features),
    split: first.split ?? null,
    backend: backend ?? 'auto',
    models,
    weights,
    normalisation: page.ensemble.method,
    view: page.mode,
    single: single ? runs.indexOf(single) : 0,
    customer: ds.customers.ids[page.customer] ?? null,
    lambda: page.rerank.lambda,
    profile: page.cold.submittedProfile
  };
  return { hash: formatSessionLink(link) };
}

function toLinkFeatures(f: GroupSelection | undefined): SessionLink['features'] {
  return {
    customer: [...(f?.customer ?? [])] as CustomerGroup[],
    plan: [...(f?.plan ?? [])] as PlanGroup[],
    exclude: [...(f?.exclude ?? [])]
  };
}

export type RestorePhase = 'idle' | 'dataset' | 'training' | 'applying' | 'done' | 'failed';

/** Opens a link on a Recommend page: dataset, runs, then the view. Progress in plain words. */
export class SessionRestore {
  phase = $state<RestorePhase>('idle');
  detail = $state('');
  /** Damaged parts of the link (each kept its default). */
  problems = $state.raw<string[]>([]);
  error = $state<string | null>(null);

  async open(hash: string, page: RecommendPage): Promise<void> {
    const { state: link, problems } = parseSessionLink(hash);
    this.problems = problems;
    this.error = null;
    try {
      await Promise.all([page.datasets.refresh(), page.runs.refresh()]);
      if (
        link.backend === 'webgl' &&
        link.models.length > 0 &&
        planBackends('auto', probeWebgl()).order[0] !== 'webgl'
      ) {
        // Same numbers need the same backend; say why retraining may crawl here.
        this.problems = [
          ...this.problems,
          'The linked models were trained on WebGL, which this browser does not run on a GPU: models that are not stored here are retrained on WebGL anyway (to give the same numbers), which can be much slower than usual.'
        ];
      }
      const meta = await this.ensureDataset(page, link);
      const runIds = await this.ensureRuns(page, link, meta);
      this.phase = 'applying';
      this.detail = 'Opening the linked view…';
      await page.selectDataset(meta.id);
      await this.apply(page, link, runIds);
      this.phase = 'done';
      this.detail = '';
    } catch (err) {
      this.phase = 'failed';
      this.error = `Could not open the shared session: ${err instanceof Error ? err.message : String(err)}.`;
      await page.load();
    }
  }

  /** The linked view, through the page's own actions (as if the user had set each control). */
  private async apply(page: RecommendPage, link: SessionLink, runIds: string[]): Promise<void> {
    page.ensemble.reset(runIds);
    if (link.weights.length === runIds.length) page.ensemble.weights = link.weights;
    page.ensemble.method = link.normalisation;
    await page.ensemble.rebuild();
    await page.selectRun(runIds[link.single] ?? runIds[0]);
    const c = link.customer ? (page.dataset?.customers.ids.indexOf(link.customer) ?? -1) : 0;
    if (c < 0)
      this.problems = [
        ...this.problems,
        `Customer ${link.customer} is not in this dataset: the first customer is shown.`
      ];
    page.selectCustomer(Math.max(0, c));
    await page.rerank.setLambda(link.lambda);
    if (link.profile) {
      page.cold.profile = { ...link.profile };
      page.cold.submitProfile();
    }
    page.mode = link.view;
  }

  private async ensureDataset(page: RecommendPage, link: SessionLink): Promise<StoredDatasetMeta> {
    const recipe = link.dataset;
    if (!recipe) {
      const named = link.datasetName
        ? page.datasets.list.find((d) => d.kind === 'telco' && d.name === link.datasetName)
        : undefined;
      if (named) return named;
      throw new Error(
        link.datasetName
          ? `it uses the imported dataset "${link.datasetName}", which is not stored in this browser: import it on the Overview under that name, then open the link again`
          : 'the link names no dataset'
      );
    }
    const found = page.datasets.list.find((d) => {
      const r = datasetRecipe(d);
      return r?.customers === recipe.customers && r.seed === recipe.seed;
    });
    if (found) return found;
    this.phase = 'dataset';
    this.detail = `Generating the linked dataset: ${recipe.customers.toLocaleString('en-US')} customers, seed ${recipe.seed}…`;
    const what = this.detail;
    const poll = setInterval(() => {
      const g = page.datasets.generating;
      if (g) this.detail = `${what} ${Math.round(100 * g.fraction)}% (${g.phase})`;
    }, 200);
    const meta = await page.datasets.generate(recipe).finally(() => clearInterval(poll));
    if (!meta) throw new Error(page.datasets.error ?? 'generating the dataset did not finish');
    return meta;
  }

  private async ensureRuns(
    page: RecommendPage,
    link: SessionLink,
    meta: StoredDatasetMeta
  ): Promise<string[]> {
    const ids: string[] = [];
    const missing = link.models.filter(
      (m) => !page.runs.list.some((r) => isLinkedRun(r, m, link, meta.id))
    ).length;
    let trained = 0;
    for (const m of link.models) {
      const stored = page.runs.list.find((r) => isLinkedRun(r, m, link, meta.id) && !ids.includes(r.id));
      if (stored) {
        ids.push(stored.id);
        continue;
      }
      trained++;
      this.phase = 'training';
      const label = MODEL_CHOICES.find((c) => c.loss === m.loss)?.label ?? m.loss;
      const run = await new Promise<LabRun>((resolve, reject) => {
        const id = page.session.start({
          name: label,
          datasetName: meta.name,
          backend: link.backend,
          job: {
            datasetId: meta.id,
            features: link.features,
            split: link.split ?? undefined,
            config: { loss: m.loss, ...m.options } as ModelConfigInput,
            seed: m.seed,
            // The linked model's cores: the seed's numbers depend on them (batch-parallel.ts).
            cores: m.cores ?? 1,
            // And its training path (WARP, BPR): timing here could choose the other one.
            trainingPath: m.trainingPath ?? 'cpu',
            validateEvery: 1
          },
          onFinished: async (rec) => {
            await page.runs.save(rec);
            if (rec.status === 'done') resolve(rec);
            else
              reject(
                new Error(`training ${label} ${rec.status}${rec.error ? `: ${rec.error.message}` : ''}`)
              );
          }
        });
        const poll = setInterval(() => {
          const v = page.session.runs.find((r) => r.id === id);
          if (!v || v.status === 'done' || v.status === 'failed' || v.status === 'cancelled')
            clearInterval(poll);
          if (v)
            this.detail = `Training ${label} (${trained} of ${missing}): epoch ${v.epoch} of ${v.epochs}…`;
        }, 200);
      });
      ids.push(run.id);
    }
    return ids;
  }
}
