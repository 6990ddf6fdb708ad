import { createSubscriber } from 'svelte/reactivity';
import { deleteRun, getRun, listCheckpoints, listRuns, onStoreChange, putRun, renameRun } from '$lib/store';
import type { FinishedRun, LabRun, LabRunWithWeights } from '$lib/core/pipeline/run-record';
import type { CheckpointInfo } from '$lib/core/pipeline/run-checkpoint';
import { packRun, unpackRun } from '$lib/core/pipeline/run-file';
import { runsTrainingNow, whenRunStops } from './run-locks';

const CHECKPOINT_READ_MS = 500;

/**
 * Stored training runs (without weights), newest first; survives reloads in IndexedDB. While a
 * page shows them they follow every write from any tab or worker (the store announces them).
 */
export class RunsState {
  #list = $state.raw<LabRun[]>([]);
  #interrupted = $state.raw<CheckpointInfo[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);

  // Listens to the store only while something on a page reads the lists. Checkpoints land
  // about once per epoch per run: they re-read only the (small) checkpoint list, at most every
  // CHECKPOINT_READ_MS, so a training page never spends its main thread re-listing.
  #follow = createSubscriber(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = onStoreChange((topic) => {
      if (topic === 'runs') void this.refresh();
      else if (topic === 'checkpoints')
        timer ??= setTimeout(() => {
          timer = undefined;
          void this.refreshInterrupted();
        }, CHECKPOINT_READ_MS);
    });
    return () => {
      clearTimeout(timer);
      stop();
    };
  });

  get list(): LabRun[] {
    this.#follow();
    return this.#list;
  }

  /** Runs whose checkpoint no tab is training (reloaded, closed or crashed mid-run), latest first. */
  get interrupted(): CheckpointInfo[] {
    this.#follow();
    return this.#interrupted;
  }

  #reads = 0;

  async refresh(): Promise<void> {
    const read = ++this.#reads;
    try {
      const [all] = await Promise.all([listRuns(), this.refreshInterrupted()]);
      // An older read never overwrites a newer one.
      if (read !== this.#reads) return;
      this.#list = (all as unknown as LabRun[]).sort((a, b) => b.createdAt - a.createdAt);
      this.error = null;
    } catch (err) {
      this.error = `Could not read stored runs: ${message(err)}`;
    } finally {
      this.loaded = true;
    }
  }

  #checkpointReads = 0;

  /** Re-reads the checkpoints; replaces `interrupted` only when it changed (no needless re-render). */
  async refreshInterrupted(): Promise<void> {
    const read = ++this.#checkpointReads;
    const [checkpoints, training] = await Promise.all([listCheckpoints(), runsTrainingNow()]);
    if (read !== this.#checkpointReads) return;
    // A record this version cannot resume (no job) is not listed rather than breaking the page.
    const next = (checkpoints as unknown as CheckpointInfo[]).filter(
      (c) => !training.has(c.id) && c.job?.config !== undefined
    );
    const key = (l: CheckpointInfo[]) => l.map((c) => `${c.id}@${c.updatedAt}`).join();
    if (key(next) !== key(this.#interrupted)) this.#interrupted = next;
    for (const c of checkpoints) if (training.has(c.id)) this.watchRun(c.id);
  }

  #watched = new Set<string>();

  /** Reads again when a run another tab (or a reloading one) trains stops, however it stops. */
  private watchRun(id: string): void {
    if (this.#watched.has(id)) return;
    this.#watched.add(id);
    void whenRunStops(id)
      .catch(() => undefined)
      .then(() => {
        this.#watched.delete(id);
        return this.refreshInterrupted();
      });
  }

  /** Stores a finished run (one the training worker stored already is only listed again). */
  async save(run: FinishedRun): Promise<void> {
    try {
      if (!('storedAlready' in run)) await putRun(run as never);
    } catch (err) {
      this.error = `Could not store run "${run.name}": ${message(err)}`;
    }
    await this.refresh();
  }

  async rename(id: string, name: string): Promise<void> {
    await renameRun(id, name);
    await this.refresh();
  }

  async remove(id: string): Promise<void> {
    await deleteRun(id);
    await this.refresh();
  }

  /** The run as one file (model format inside), for download. */
  async exportFile(id: string): Promise<{ name: string; bytes: Uint8Array }> {
    const run = (await getRun(id)) as unknown as LabRunWithWeights | undefined;
    if (!run) throw new Error(`run ${id} is no longer stored`);
    return { name: `${run.name.replace(/[^\w.-]+/g, '_')}.tlrun`, bytes: packRun(run) };
  }

  /** Reads an exported run; stores it under a new id so it never overwrites a run you have. */
  async importFile(file: { name: string; arrayBuffer(): Promise<ArrayBuffer> }): Promise<LabRun> {
    const run = unpackRun(await file.arrayBuffer(), file.name);
    const copy: LabRunWithWeights = {
      ...run,
      id: `run-imported-${Date.now().toString(36)}`,
      name: `${run.name} (imported)`
    };
    await putRun(copy as never);
    await this.refresh();
    return copy;
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
