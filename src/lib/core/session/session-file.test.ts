import { describe, expect, it } from 'vitest';
import { formatSessionFile, parseSessionFile, type SessionFile } from './session-file.ts';
import { parseTrainSettings, type TrainSettings } from './train-settings.ts';

const file: SessionFile = {
  link: 'v=1&data=500,7&m=warp,3,epochs:4',
  topN: 8,
  policy: { contentOnlyUntilDay: 3, blendUntilDay: 20, blendContentShare: 0.4 },
  coldModel: {
    loss: 'bpr',
    seed: 2,
    options: { epochs: 5 },
    split: { kind: 'cold_start', testFraction: 0.3 }
  },
  train: { selectedModels: ['bpr'], seed: 9 }
};

describe('session file', () => {
  it('round-trips everything it carries', () => {
    const { file: back, problems } = parseSessionFile(formatSessionFile(file));
    expect(problems).toEqual([]);
    expect(back).toEqual(file);
  });

  it('ignores unknown keys', () => {
    const text = JSON.stringify({ ...JSON.parse(formatSessionFile(file)), extra: 1, future: { x: 2 } });
    expect(parseSessionFile(text)).toEqual({ file, problems: [] });
  });

  it('keeps the default for each damaged value and names it', () => {
    const raw = JSON.parse(formatSessionFile(file));
    raw.topN = 'ten';
    raw.policy = { contentOnlyUntilDay: 40, blendUntilDay: 20, blendContentShare: 0.5 };
    raw.coldModel = { loss: 'nonsense', seed: 1 };
    const { file: back, problems } = parseSessionFile(JSON.stringify(raw));
    expect(back?.topN).toBe(5);
    expect(back?.policy).toEqual({ contentOnlyUntilDay: 7, blendUntilDay: 30, blendContentShare: 0.7 });
    expect(back?.coldModel).toBeNull();
    expect(back?.link).toBe(file.link);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/top N must be a whole number from 1 to 50, got "ten"/);
    expect(problems[1]).toMatch(/tenure policy/);
    expect(problems[2]).toMatch(/cold-start model is not readable.*loss must be one of/);
  });

  it('refuses what is not a session file, in plain words', () => {
    expect(parseSessionFile('{oops')).toEqual({
      file: null,
      problems: ['This file is not a session file: it is not readable JSON.']
    });
    expect(parseSessionFile('{"format":"other"}').problems[0]).toMatch(/not a session file/);
    expect(
      parseSessionFile('{"format":"telco-recommender-lab/session","version":1,"link":"x"}').problems[0]
    ).toMatch(/no session link/);
  });

  it('a version-1 file’s cold-start Hybrid Deep is read as version 1 trained it (both towers, 32 wide)', () => {
    const cold = { loss: 'hybrid-deep', seed: 2, options: { epochs: 3 }, split: null };
    const read = (version: number) =>
      parseSessionFile(JSON.stringify({ ...JSON.parse(formatSessionFile(file)), version, coldModel: cold }));
    expect(read(1).problems).toEqual([]);
    expect(read(1).file?.coldModel?.options).toEqual({ hidden: 32, itemTower: true, epochs: 3 });
    expect(read(2).file?.coldModel?.options).toEqual({ epochs: 3 });
  });

  it('says when the version differs but uses what it can read', () => {
    const raw = { ...JSON.parse(formatSessionFile(file)), version: 3 };
    const { file: back, problems } = parseSessionFile(JSON.stringify(raw));
    expect(back?.topN).toBe(8);
    expect(problems[0]).toMatch(/version 3; this lab reads versions 1 and 2/);
  });
});

describe('train settings', () => {
  const defaults: TrainSettings = {
    selectedModels: ['warp', 'bpr'],
    params: { warp: { epochs: 30, schedule: 'adagrad' }, bpr: { epochs: 30, schedule: 'adagrad' } },
    seed: 1,
    backend: 'auto',
    earlyStopping: false,
    curveOnTest: false,
    cores: 2
  };

  it('reads good values over the defaults and ignores unknown models and fields', () => {
    const { settings, problems } = parseTrainSettings(
      {
        selectedModels: ['bpr'],
        params: { bpr: { epochs: 4, other: 1 }, unknown: { epochs: 2 } },
        seed: 7,
        backend: 'cpu',
        earlyStopping: true,
        cores: 3,
        extra: 'x'
      },
      defaults,
      'The file'
    );
    expect(problems).toEqual([]);
    expect(settings).toEqual({
      ...defaults,
      selectedModels: ['bpr'],
      params: { ...defaults.params, bpr: { epochs: 4, schedule: 'adagrad' } },
      seed: 7,
      backend: 'cpu',
      earlyStopping: true,
      cores: 3
    });
    expect(defaults.params.bpr.epochs).toBe(30);
  });

  it('keeps the default for each damaged value and names it', () => {
    const { settings, problems } = parseTrainSettings(
      {
        selectedModels: ['warp', 'gpt'],
        params: { warp: { epochs: -3, schedule: 4 } },
        seed: 1.5,
        backend: 'tpu',
        cores: 0
      },
      defaults,
      'The file'
    );
    expect(settings).toEqual(defaults);
    expect(problems).toHaveLength(6);
    expect(problems.join('\n')).toMatch(/the cores per run must be a whole number of 1 or more, got 0/);
    expect(problems.join('\n')).toMatch(/ticked models must be a list of warp, bpr, got \["warp","gpt"\]/);
    expect(problems.join('\n')).toMatch(/warp's epochs must be a number ≥ 0, got -3/);
    expect(problems.join('\n')).toMatch(/the backend must be one of auto, webgl, wasm, cpu, got "tpu"/);
    expect(parseTrainSettings('junk', defaults, 'The file').problems[0]).toMatch(
      /no readable Train settings/
    );
  });
});
