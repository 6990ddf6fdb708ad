/**
 * Ensemble mode: a live weighted mix of runs with stored score matrices on one split. The
 * recommend worker normalises the matrices once, evaluates every slider move for all customers
 * (and hands back the combined scores for the chosen customer's list), and runs the weight
 * search with its significance test. The page only renders.
 */
import type { LabRun } from '$lib/core/pipeline/run-record';
import type { CompareModelsResult } from '$lib/core/eval/significance';
import type { OptimiseWeightsResult } from '$lib/core/recommend/optimise-weights';
import { topN } from '$lib/core/recommend/scoring';
import { message, type EnsembleMethod, type PlanCardView, type RecommendContext } from './types';

export interface EnsembleResultView {
  metrics: Record<string, number>;
  /** Time of the last move's evaluation (in the worker), ms. */
  ms: number;
  medianMs: number;
  moves: number;
}

export interface OptimisedView {
  result: OptimiseWeightsResult;
  names: string[];
  bestSingle: string;
  significance: CompareModelsResult;
  validationNote: string;
  ms: number;
}

const HELD_NOTE =
  'Validation: the share of interactions the runs held out for validation (never trained on, never the test split).';
const CARVED_NOTE =
  'Validation: 10% of each run’s training interactions, set aside here (never the test split). The stored models were trained on them, so validation favours models that fit training data closely; the ensemble-against-best-model comparison is on the test split, which the search never saw.';

export class EnsembleMode {
  ids = $state.raw<string[]>([]);
  weights = $state.raw<number[]>([]);
  method = $state<EnsembleMethod>('zscore');
  result = $state.raw<EnsembleResultView | null>(null);
  error = $state<string | null>(null);
  optimising = $state(false);
  optimised = $state.raw<OptimisedView | null>(null);
  /** Combined scores of the last evaluated move (nUsers × nItems). */
  private scores = $state.raw<Float64Array | null>(null);
  private moveTimes: number[] = [];
  /**
   * The customers the members were scored on when that is their seeded evaluation sample
   * (ascending; at 1M customers): metrics and lists are the sample's. null: every customer.
   */
  sample = $state.raw<Int32Array | null>(null);
  /** Set once the worker holds this member list's normalised matrices. */
  private ready = false;
  /** Bumped by every rebuild and by an all-zero move: answers from before are dropped. */
  private generation = 0;

  constructor(
    private readonly page: RecommendContext,
    private readonly allRuns: () => LabRun[]
  ) {}

  get runs(): LabRun[] {
    const list = this.allRuns();
    return this.ids.map((id) => list.find((r) => r.id === id)).filter((r): r is LabRun => Boolean(r));
  }

  /** A new member list (every weight 1). */
  reset(ids: string[]): void {
    this.ids = ids;
    this.weights = ids.map(() => 1);
    this.optimised = null;
  }

  async setMethod(m: EnsembleMethod): Promise<void> {
    this.method = m;
    this.optimised = null;
    await this.rebuild();
  }

  /** Has the worker normalise every member's matrix once and group train/test once; slider moves reuse both. */
  async rebuild(): Promise<void> {
    const gen = ++this.generation;
    this.ready = false;
    this.result = null;
    this.scores = null;
    this.error = null;
    this.moveTimes = [];
    this.sample = null;
    const runs = this.runs;
    const datasetId = this.page.datasetId;
    if (!datasetId || !this.page.dataset || runs.length === 0) return;
    try {
      const { sample } = await this.page.compute.call((w) =>
        w.prepareEnsemble(
          datasetId,
          runs.map((r) => r.id),
          this.method
        )
      );
      if (gen !== this.generation) return;
      this.sample = sample;
      this.ready = true;
      await this.evaluate();
    } catch (err) {
      if (gen === this.generation) this.error = message(err);
    }
  }

  async setWeight(k: number, w: number): Promise<void> {
    const next = this.weights.slice();
    next[k] = w;
    this.weights = next;
    await this.evaluate();
  }

  private async evaluate(): Promise<void> {
    if (!this.ready) return;
    if (!this.weights.some((w) => w > 0)) {
      // No ensemble exists with every weight at 0: drop the last metrics and list rather than show stale ones.
      this.generation++;
      this.result = null;
      this.scores = null;
      this.error =
        'Every weight is 0: set at least one weight above 0 to get ensemble metrics and recommendations.';
      return;
    }
    const gen = this.generation;
    this.error = null;
    const weights = this.weights.slice();
    try {
      const res = await this.page.compute.call((w) => w.evaluateEnsemble(weights));
      if (gen !== this.generation) return;
      this.moveTimes = [...this.moveTimes.slice(-49), res.ms];
      const sorted = [...this.moveTimes].sort((a, b) => a - b);
      const medianMs = sorted[(sorted.length - 1) >> 1];
      this.scores = res.scores;
      this.result = { metrics: res.metrics, ms: res.ms, medianMs, moves: (this.result?.moves ?? 0) + 1 };
    } catch (err) {
      if (gen === this.generation) this.error = message(err);
    }
  }

  /** The row of the combined scores that holds customer `c` (-1: not in the evaluation sample). */
  rowOf(c: number): number {
    const s = this.sample;
    if (!s) return c;
    let lo = 0;
    let hi = s.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid] === c) return mid;
      if (s[mid] < c) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The chosen customer's ensemble list (combined, normalised scores); empty outside the sample. */
  readonly list = $derived.by((): PlanCardView[] => {
    const all = this.scores;
    const ds = this.page.dataset;
    if (!all || !ds || !this.result || this.page.noCustomer) return [];
    const N = ds.plans.length;
    const r = this.rowOf(this.page.customer);
    if (r < 0) return [];
    const row = all.subarray(r * N, (r + 1) * N);
    return [...topN({ scores: row, nItems: N, n: this.page.topN })].map((i, rank) =>
      this.page.card(i, rank, row[i])
    );
  });

  /**
   * Searches weights on a validation split carved out of each run's training interactions (the
   * test split never enters), then compares the ensemble with the best single model on the test
   * split, per customer (core/recommend/page-jobs.ts, in the worker).
   */
  async optimise(): Promise<void> {
    const runs = this.runs;
    const datasetId = this.page.datasetId;
    if (!this.ready || !datasetId || runs.length < 2) return;
    const gen = this.generation;
    this.optimising = true;
    this.error = null;
    try {
      const t0 = performance.now();
      const found = await this.page.compute.call((w) => w.optimise(datasetId));
      if (gen !== this.generation) return;
      const name = (r: LabRun) => this.page.labels.get(r.id) ?? r.name;
      this.optimised = {
        result: found.result,
        names: runs.map(name),
        bestSingle: name(runs[found.bestSingle]),
        significance: found.significance,
        validationNote: found.heldOut ? HELD_NOTE : CARVED_NOTE,
        ms: performance.now() - t0
      };
      this.weights = found.result.weights.map((w) => Math.round(w * 100) / 100);
      await this.evaluate();
    } catch (err) {
      this.error = `Weight search failed: ${message(err)}`;
    } finally {
      this.optimising = false;
    }
  }
}
