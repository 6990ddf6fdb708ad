/**
 * The Impact page's state and orchestration: which dataset and runs, the campaign settings,
 * and the simulation, which runs in the impact worker (progress, cancel). The page renders.
 */
import * as Comlink from 'comlink';
import type { LabRun } from '$lib/core/pipeline/run-record';
import type { SimulateProgress } from '$lib/core/impact/simulate';
import type { ImpactApi, ImpactJob, ImpactOutcome } from '../../../workers/impact';
import { datasetsState } from './datasets.svelte';
import { RunsState } from './runs.svelte';
import { BridgeError, WorkerBridge } from './worker-bridge';

export type ImpactStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class ImpactPage {
  readonly datasets = datasetsState();
  readonly runs = new RunsState();

  status = $state<ImpactStatus>('idle');
  error = $state<string | null>(null);
  progress = $state.raw<SimulateProgress | null>(null);
  result = $state.raw<ImpactOutcome | null>(null);
  /** Wall time of the last finished simulation, ms. */
  elapsedMs = $state<number | null>(null);
  /** The segment setting the shown result ran with. */
  lastSegment = $state('');

  /** Settings. segment: '' = everybody, else the segment code. */
  selectedRuns = $state.raw<string[]>([]);
  segment = $state('');
  topN = $state(3);
  replications = $state(20);
  seed = $state(1);
  lambda = $state(0.5);

  private bridge = new WorkerBridge<ImpactApi>({
    label: 'impact worker',
    create: () => new Worker(new URL('../../../workers/impact.ts', import.meta.url), { type: 'module', name: 'impact' })
  });

  /** Finished runs on the current dataset (ablation variants left out). */
  get datasetRuns(): LabRun[] {
    const id = this.datasets.current?.id;
    return this.runs.list.filter((r) => r.datasetId === id && r.status === 'done' && !r.ablation);
  }

  /** Plan names of the shown result. */
  get planNames(): string[] {
    return this.result?.plans ?? [];
  }

  /** Whether the current dataset carries the generator's hidden traits (a known choice model). */
  get hasChoiceModel(): boolean {
    const meta = this.datasets.current;
    return meta?.kind === 'telco' && meta.summary?.synthetic === true;
  }

  async load(): Promise<void> {
    await Promise.all([this.datasets.refresh(), this.runs.refresh()]);
    this.resetRuns();
  }

  selectDataset(id: string): void {
    this.datasets.select(id);
    this.result = null;
    this.status = 'idle';
    this.resetRuns();
  }

  /** Default: every finished run of the dataset (newest first), at most four. */
  private resetRuns(): void {
    this.selectedRuns = this.datasetRuns.slice(0, 4).map((r) => r.id);
  }

  toggleRun(id: string, on: boolean): void {
    this.selectedRuns = on ? [...new Set([...this.selectedRuns, id])] : this.selectedRuns.filter((r) => r !== id);
  }

  async simulate(): Promise<void> {
    const meta = this.datasets.current;
    if (!meta || !this.hasChoiceModel || this.status === 'running') return;
    const job: ImpactJob = {
      datasetId: meta.id, runIds: [...this.selectedRuns], segment: this.segment === '' ? undefined : Number(this.segment),
      topN: this.topN, replications: this.replications, seed: this.seed, lambda: this.lambda
    };
    this.status = 'running';
    this.error = null;
    this.progress = null;
    const t0 = performance.now();
    try {
      const result = await this.bridge.call((r) => r.simulate(job, Comlink.proxy((p: SimulateProgress) => (this.progress = p))) as Promise<ImpactOutcome>);
      this.result = result;
      this.lastSegment = this.segment;
      this.elapsedMs = performance.now() - t0;
      this.status = 'done';
    } catch (err) {
      if (err instanceof BridgeError && err.code === 'aborted') {
        this.status = 'cancelled';
      } else {
        this.status = 'error';
        this.error = `The simulation failed: ${message(err)}`;
      }
    }
  }

  cancel(): void {
    if (this.status !== 'running') return;
    void this.bridge.callNow((r) => r.cancel()).catch(() => undefined);
  }

  /** Leaving the page: stop the worker (a running simulation is dropped). */
  dispose(): void {
    this.bridge.terminate();
  }
}
