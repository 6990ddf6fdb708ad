/**
 * The Impact page's state and orchestration: which dataset and runs, the campaign settings,
 * and the simulation, which runs in the impact worker (progress, cancel). The page renders.
 */
import * as Comlink from 'comlink';
import type { LabRun } from '$lib/core/pipeline/run-record';
import type { SimulateProgress } from '$lib/core/impact/simulate';
import type { Exploration } from '$lib/core/impact/online';
import type {
  ImpactApi,
  ImpactJob,
  ImpactOutcome,
  OnlineJob,
  OnlineOutcome,
  ReplayJob,
  ReplayOutcome
} from '../../../workers/impact';
import { datasetsState } from './datasets.svelte';
import { RunsState } from './runs.svelte';
import { BridgeError, WorkerBridge } from './worker-bridge';
import impactScript from '../../../workers/impact.ts?worker&url';
import { startModuleWorker } from './worker-url';

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
  /** Days since joining of the cold-start blend policy. */
  coldStartDays = $state(15);

  /** The 12-month online-learning run (separate from the one-campaign result). */
  onlineStatus = $state<ImpactStatus>('idle');
  onlineError = $state<string | null>(null);
  onlineProgress = $state.raw<SimulateProgress | null>(null);
  online = $state.raw<OnlineOutcome | null>(null);
  onlineRun = $state('');
  onlineReplications = $state(3);
  epsilon = $state(0.1);
  /** How the exploring strategy explores: ε-greedy or Thompson sampling. */
  exploration = $state<Exploration>('epsilon');

  /** The offline replay estimate, for datasets without a known choice model. */
  replayStatus = $state<ImpactStatus>('idle');
  replayError = $state<string | null>(null);
  replay = $state.raw<ReplayOutcome | null>(null);
  /** Bootstrap resamples of the replay's intervals. */
  bootstrap = $state(1000);

  private bridge = new WorkerBridge<ImpactApi>({
    label: 'impact worker',
    create: () => startModuleWorker(impactScript, 'impact')
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
    this.replay = null;
    this.replayStatus = 'idle';
    this.resetRuns();
  }

  /** Default: every finished run of the dataset (newest first), at most four. */
  private resetRuns(): void {
    this.selectedRuns = this.datasetRuns.slice(0, 4).map((r) => r.id);
    this.onlineRun = this.onlineRuns[0]?.id ?? '';
  }

  toggleRun(id: string, on: boolean): void {
    this.selectedRuns = on
      ? [...new Set([...this.selectedRuns, id])]
      : this.selectedRuns.filter((r) => r !== id);
  }

  async simulate(): Promise<void> {
    const meta = this.datasets.current;
    if (!meta || !this.hasChoiceModel || this.status === 'running' || this.onlineStatus === 'running') return;
    const job: ImpactJob = {
      datasetId: meta.id,
      runIds: [...this.selectedRuns],
      segment: this.segment === '' ? undefined : Number(this.segment),
      topN: this.topN,
      replications: this.replications,
      seed: this.seed,
      lambda: this.lambda,
      coldStartDays: this.coldStartDays
    };
    this.status = 'running';
    this.error = null;
    this.progress = null;
    const t0 = performance.now();
    try {
      const result = await this.bridge.call(
        (r) =>
          r.simulate(
            job,
            Comlink.proxy((p: SimulateProgress) => (this.progress = p))
          ) as Promise<ImpactOutcome>
      );
      this.result = result;
      this.lastSegment = this.segment;
      this.elapsedMs = performance.now() - t0;
      this.status = 'done';
    } catch (err) {
      if (err instanceof BridgeError && (err.code === 'aborted' || err.code === 'cancelled')) {
        this.status = 'cancelled';
      } else {
        this.status = 'error';
        this.error = `The simulation failed: ${message(err)}`;
      }
    }
  }

  /** Runs that can learn online: factor models (Hybrid Deep's towers are not carried by fit_partial). */
  get onlineRuns(): LabRun[] {
    return this.datasetRuns.filter((r) => r.config.loss !== 'hybrid-deep');
  }

  async simulateOnline(): Promise<void> {
    const meta = this.datasets.current;
    const runId = this.onlineRun || this.onlineRuns[0]?.id;
    if (
      !meta ||
      !runId ||
      !this.hasChoiceModel ||
      this.onlineStatus === 'running' ||
      this.status === 'running'
    )
      return;
    const job: OnlineJob = {
      datasetId: meta.id,
      runId,
      months: 12,
      replications: this.onlineReplications,
      exploration: this.exploration,
      epsilon: this.epsilon,
      topN: this.topN,
      segment: this.segment === '' ? undefined : Number(this.segment),
      seed: this.seed
    };
    this.onlineStatus = 'running';
    this.onlineError = null;
    this.onlineProgress = null;
    try {
      this.online = await this.bridge.call(
        (r) =>
          r.online(
            job,
            Comlink.proxy((p: SimulateProgress) => (this.onlineProgress = p))
          ) as Promise<OnlineOutcome>
      );
      this.onlineStatus = 'done';
    } catch (err) {
      const code = err instanceof BridgeError ? err.code : '';
      if (code === 'aborted' || code === 'cancelled') this.onlineStatus = 'cancelled';
      else {
        this.onlineStatus = 'error';
        this.onlineError = `The 12-month simulation failed: ${message(err)}`;
      }
    }
  }

  /** Without a known choice model: the offline replay estimate of the selected runs, popularity and random. */
  async estimateReplay(): Promise<void> {
    const meta = this.datasets.current;
    if (!meta || this.hasChoiceModel || this.replayStatus === 'running') return;
    const job: ReplayJob = {
      datasetId: meta.id,
      kind: meta.kind === 'traintest' ? 'traintest' : 'telco',
      runIds: [...this.selectedRuns],
      topN: this.topN,
      seed: this.seed,
      bootstrap: this.bootstrap
    };
    this.replayStatus = 'running';
    this.replayError = null;
    try {
      this.replay = await this.bridge.call((r) => r.replay(job) as Promise<ReplayOutcome>);
      this.replayStatus = 'done';
    } catch (err) {
      this.replayStatus = 'error';
      this.replayError = `The replay estimate failed: ${message(err)}`;
    }
  }

  cancel(): void {
    if (this.status !== 'running' && this.onlineStatus !== 'running') return;
    void this.bridge.callNow((r) => r.cancel()).catch(() => undefined);
  }

  /** Leaving the page: stop the worker (a running simulation is dropped). */
  dispose(): void {
    this.bridge.terminate();
  }
}
