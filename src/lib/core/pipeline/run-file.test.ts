import { describe, expect, it } from 'vitest';
import { packRun, unpackRun } from './run-file.ts';
import type { LabRunWithWeights } from './run-record.ts';

function sampleRun(): LabRunWithWeights {
  return {
    id: 'run-1',
    name: 'WARP <b>bold</b>',
    createdAt: 1700000000000,
    status: 'done',
    config: { loss: 'warp', components: 8 },
    curves: [
      { epoch: 1, loss: 0.5, updatedFraction: 0.9, elapsedMs: 12, validation: { 'precision@5': 0.1 } }
    ],
    metrics: { 'precision@5': 0.2, auc: 0.8 },
    manifest: null,
    datasetId: 'ds-1',
    datasetName: 'synthetic',
    fitMs: 1234,
    perUser: {
      users: Int32Array.from([0, 3, 7]),
      values: { 'precision@5': Float64Array.from([0.2, 0, 0.4]) }
    },
    scores: Float32Array.from([1.5, -2, 3.25]),
    weights: Uint8Array.from([1, 2, 3, 4, 5]).buffer
  };
}

describe('run file', () => {
  it('round-trips a run exactly, typed arrays included', () => {
    const run = sampleRun();
    const back = unpackRun(packRun(run).slice().buffer);
    expect(back).toEqual(run);
    expect(back.perUser?.users).toBeInstanceOf(Int32Array);
    expect(back.scores).toBeInstanceOf(Float32Array);
    expect([...new Uint8Array(back.weights)]).toEqual([1, 2, 3, 4, 5]);
  });

  it('rejects a file that is not a run, naming it', () => {
    expect(() => unpackRun(new TextEncoder().encode('user,item\n1,2').buffer, 'plans.csv')).toThrow(
      /plans.csv is not an exported run/
    );
  });

  it('rejects a truncated file', () => {
    const bytes = packRun(sampleRun());
    expect(() => unpackRun(bytes.slice(0, bytes.length - 30).buffer, 'run.tlrun')).toThrow(/truncated/);
  });

  it('rejects a damaged header', () => {
    const bytes = packRun(sampleRun());
    bytes[20] = 0x7b; // break the JSON
    bytes[21] = 0x7b;
    expect(() => unpackRun(bytes.buffer as ArrayBuffer, 'run.tlrun')).toThrow(/damaged header|lacks/);
  });
});
