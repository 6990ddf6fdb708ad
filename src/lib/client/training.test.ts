import { describe, expect, it, vi } from 'vitest';
import type { TrainerEvent } from '../../../workers/trainer';
import type { TrainerOutcome } from './trainer-client';

/** The trainer bridge, driven by the test: events and the result arrive when the test says. */
const jobs: { onEvent: (e: TrainerEvent) => void; resolve: (o: TrainerOutcome) => void }[] = [];
vi.mock('./trainer-client', () => ({
  submitTraining: (opts: { onEvent: (e: TrainerEvent) => void; onStart?: () => void }) => {
    let resolve!: (o: TrainerOutcome) => void;
    const result = new Promise<TrainerOutcome>((r) => (resolve = r));
    jobs.push({ onEvent: opts.onEvent, resolve });
    opts.onStart?.();
    return { result, cancel: () => undefined };
  }
}));

// Storing is not under test: the record is whatever the session hands over.
vi.mock('$lib/core/pipeline/run-record', () => ({
  runFromResult: (origin: object) => ({ ...origin, status: 'done' }),
  runWithoutModel: (origin: object) => origin
}));

const { TrainingSession } = await import('./training.svelte');

const epochEvent = (epoch: number, elapsedMs: number): TrainerEvent => ({
  type: 'epoch',
  epoch,
  epochs: 30,
  loss: 1,
  updatedFraction: 1,
  elapsedMs
});
const outcome = (epochs: number): TrainerOutcome =>
  ({
    ok: true,
    result: {
      runId: 'r',
      model: { history: Array.from({ length: epochs }, (_, k) => ({ epoch: k + 1 })), fitMs: 1000 },
      test: { metrics: { 'precision@5': 0.2, auc: 0.8 } }
    }
  }) as never;
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe('TrainingSession', () => {
  it('a finished run (saving, then done) shows the epochs it trained, not a stale report; late reports are dropped', async () => {
    const session = new TrainingSession();
    let release!: () => void;
    const stored = new Promise<void>((r) => (release = r));
    const id = session.start({
      name: 'WARP',
      datasetName: 'd',
      backend: 'wasm',
      job: { datasetId: 'd', config: { loss: 'warp', epochs: 30 }, seed: 1 },
      onFinished: () => stored
    });
    const job = jobs.at(-1)!;
    job.onEvent(epochEvent(8, 800));
    await tick(200);
    expect(session.runs[0].epoch).toBe(8);
    // The result overtakes the last progress reports (they travel on another channel).
    job.resolve(outcome(30));
    await tick();
    const saving = session.runs.find((r) => r.id === id)!;
    expect(saving.status).toBe('saving');
    expect([saving.epoch, saving.epochs]).toEqual([30, 30]);
    job.onEvent(epochEvent(29, 2900));
    release();
    await tick(200);
    const done = session.runs.find((r) => r.id === id)!;
    expect(done.status).toBe('done');
    expect([done.epoch, done.epochs]).toEqual([30, 30]);
  });

  it('a run the worker stored reaches onFinished as its listing record: the page never receives the model', async () => {
    const session = new TrainingSession();
    const finished: unknown[] = [];
    const id = session.start({
      name: 'WARP',
      datasetName: 'd',
      backend: 'wasm',
      job: { datasetId: 'd', config: { loss: 'warp', epochs: 2 }, seed: 1 },
      onFinished: (r) => void finished.push(r)
    });
    const stored = {
      id,
      status: 'done',
      curves: [{ epoch: 1 }, { epoch: 2 }],
      metrics: { 'precision@5': 0.3 },
      fitMs: 50,
      storedAlready: true
    };
    jobs.at(-1)!.resolve({ ok: true, stored } as never);
    await tick(50);
    expect(finished).toEqual([stored]);
    const view = session.runs.find((r) => r.id === id)!;
    expect([view.status, view.epoch, view.metrics?.['precision@5'], view.elapsedMs]).toEqual([
      'done',
      2,
      0.3,
      50
    ]);
    expect(view.stored).toBeUndefined();
  });

  it('estimates the time left from the recent pace, not the mean since the start', async () => {
    const session = new TrainingSession();
    session.start({
      name: 'Hybrid Deep',
      datasetName: 'd',
      backend: 'wasm',
      job: { datasetId: 'd', config: { loss: 'hybrid-deep', epochs: 30 }, seed: 1 }
    });
    const job = jobs.at(-1)!;
    // Ten slow epochs beside other runs, then five at the pace it has alone.
    for (let e = 1; e <= 15; e++) job.onEvent(epochEvent(e, e <= 10 ? e * 800 : 8000 + (e - 10) * 300));
    await tick(200);
    expect(session.runs[0].etaMs).toBeCloseTo(15 * 300, 6);
  });
});
