/**
 * Export and import a whole Recommend session as a file: the session link plus what does not fit
 * in a URL (core/session/session-file.ts): the Train page's choices, the cold-start model, top N
 * and the tenure policy. Importing opens the link as a link would (regenerating and retraining
 * what is not stored), then applies the rest.
 */
import { formatSessionFile, parseSessionFile, type ColdModelRef } from '$lib/core/session/session-file';
import { parseTrainSettings } from '$lib/core/session/train-settings';
import { linkedOptions } from '$lib/core/session/session-link';
import { sameSplit } from '$lib/core/session/linked-runs';
import type { LabRun } from '$lib/core/pipeline/run-record';
import { linkFromPage, type SessionRestore } from './session-link.svelte';
import { defaultTrainSettings, loadTrainSettings, saveTrainSettings } from './train-memory';
import { MODEL_CHOICES } from './model-choices';
import { ranFullTensor } from '$lib/core/model/engine';
import type { RecommendPage } from './recommend-page.svelte';

const optionsKey = (o: Record<string, unknown>) =>
  JSON.stringify(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

/** The stored run on the open dataset that is exactly this cold-start model. */
function findColdRun(page: RecommendPage, m: ColdModelRef): LabRun | undefined {
  return page.featureRuns.find(
    (r) =>
      r.config.loss === m.loss &&
      r.manifest?.seed === m.seed &&
      (r.manifest.cores ?? 1) === (m.cores ?? 1) &&
      ranFullTensor(r.engine) === (m.trainingPath === 'tensor') &&
      optionsKey(linkedOptions(r.config)) === optionsKey(m.options) &&
      sameSplit(r.split, m.split)
  );
}

export class SessionFiles {
  /** What the last export or import did, in words (null: nothing yet). */
  note = $state<{ text: string; error: boolean } | null>(null);

  /** Downloads the session as JSON (never leaves the browser: an object URL). */
  export(page: RecommendPage): void {
    const made = linkFromPage(page);
    if ('error' in made) {
      this.note = { text: made.error, error: true };
      return;
    }
    const cold = page.modelRuns.find((r) => r.id === page.cold.runId);
    const text = formatSessionFile({
      link: made.hash,
      topN: page.topN,
      policy: $state.snapshot(page.cold.policy),
      coldModel: cold?.manifest
        ? {
            loss: cold.config.loss,
            seed: cold.manifest.seed,
            ...(cold.manifest.cores ? { cores: cold.manifest.cores } : {}),
            ...(ranFullTensor(cold.engine) ? { trainingPath: 'tensor' as const } : {}),
            options: linkedOptions(cold.config),
            split: cold.split ?? null
          }
        : null,
      train: loadTrainSettings(defaultTrainSettings()).settings
    });
    const name = `session-${page.datasets.current?.name ?? 'lab'}.json`;
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    this.note = { text: `Saved ${name}.`, error: false };
  }

  async import(file: File, page: RecommendPage, restore: SessionRestore): Promise<void> {
    const { file: session, problems } = parseSessionFile(await file.text());
    if (!session) {
      this.note = { text: `${file.name}: ${problems.join(' ')}`, error: true };
      return;
    }
    this.note = { text: `Opening ${file.name}…`, error: false };
    const train = parseTrainSettings(session.train ?? {}, defaultTrainSettings(), 'The session file');
    saveTrainSettings(train.settings);
    await restore.open(`#${session.link}`, page);
    page.topN = session.topN;
    page.cold.policy = session.policy;
    const extra = [...problems, ...train.problems];
    if (session.coldModel) {
      const run = findColdRun(page, session.coldModel);
      if (run) await page.cold.select(run.id);
      else {
        const label = MODEL_CHOICES.find((c) => c.loss === session.coldModel!.loss)?.label;
        extra.push(
          `The session's cold-start model (${label}, seed ${session.coldModel.seed}) is not stored here: train it under "New customer (cold start)"; the page uses ${page.labels.get(page.cold.runId ?? '') ?? 'no model'} meanwhile.`
        );
      }
    }
    restore.problems = [...restore.problems, ...extra];
    this.note = {
      text: restore.error
        ? `${file.name} could not be opened fully (see below).`
        : `Opened ${file.name}; the Train page's choices from it are kept for your next visit there.`,
      error: restore.error !== null
    };
  }
}
