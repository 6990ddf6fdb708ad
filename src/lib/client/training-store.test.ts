import { describe, expect, it, vi } from 'vitest';
import type { TrainerOutcome, SubmitTrainingOptions } from './trainer-client';

/** The trainer bridge, driven by the test: the result arrives when the test says. */
const jobs: { opts: SubmitTrainingOptions; resolve: (o: TrainerOutcome) => void }[] = [];
vi.mock('./trainer-client', () => ({
  submitTraining: (opts: SubmitTrainingOptions) => {
    let resolve!: (o: TrainerOutcome) => void;
    const result = new Promise<TrainerOutcome>((r) => (resolve = r));
    jobs.push({ opts, resolve });
    opts.onStart?.();
    return { result, cancel: () => undefined };
  }
}));

const { TrainingSession } = await import('./training.svelte');

const done = (stored: boolean): TrainerOutcome =>
  ({
    ok: true,
    stored,
    result: {
      runId: 'r',
      model: { history: [{ epoch: 1 }], fitMs: 10 },
      test: { metrics: { 'precision@5': 0.2 } }
    }
  }) as never;
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

function start(session: InstanceType<typeof TrainingSession>) {
  const finished: { status: string; weights?: unknown }[] = [];
  const storedIds: string[] = [];
  const id = session.start({
    name: 'WARP',
    datasetName: 'data',
    backend: 'wasm',
    job: { datasetId: 'd', config: { loss: 'warp', epochs: 1 }, seed: 1 },
    onStored: (runId) => void storedIds.push(runId),
    onFinished: (run) => void finished.push(run)
  });
  return { id, finished, storedIds, job: jobs.at(-1)! };
}

describe('TrainingSession: a run the training worker stores (onStored)', () => {
  it('asks the worker to store the run under its id and names, then calls onStored, never onFinished', async () => {
    const session = new TrainingSession();
    const { id, finished, storedIds, job } = start(session);
    expect(job.opts.store).toEqual({
      id,
      name: 'WARP',
      datasetId: 'd',
      datasetName: 'data',
      ablation: undefined
    });
    job.resolve(done(true));
    await tick(50);
    expect(storedIds).toEqual([id]);
    expect(finished).toEqual([]); // the page never writes (or even builds) the model record
    expect(session.runs.find((r) => r.id === id)).toMatchObject({ status: 'done', result: undefined });
  });

  it('a failed run (no model) still reaches onFinished, to be stored by the page', async () => {
    const session = new TrainingSession();
    const { finished, storedIds, job } = start(session);
    job.resolve({ ok: false, error: { code: 'bad_input', message: 'no plans' } });
    await tick(50);
    expect(storedIds).toEqual([]);
    expect(finished.map((r) => r.status)).toEqual(['failed']);
  });

  it('without onStored the worker stores nothing and the page gets the record', () => {
    const session = new TrainingSession();
    session.start({
      name: 'WARP',
      datasetName: 'data',
      backend: 'wasm',
      job: { datasetId: 'd', config: { loss: 'warp', epochs: 1 }, seed: 1 }
    });
    expect(jobs.at(-1)!.opts.store).toBeUndefined();
  });
});
