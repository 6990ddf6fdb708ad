import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../model/config.ts';
import {
  defaultSessionLink,
  formatSessionLink,
  isSessionLink,
  linkedOptions,
  parseSessionLink,
  type SessionLink
} from './session-link.ts';

const full: SessionLink = {
  dataset: { customers: 2000, seed: 7 },
  datasetName: 'Shop & co, 2025',
  features: { customer: ['basic', 'behavioural'], plan: ['value'], exclude: ['sms_trend'] },
  split: { kind: 'temporal', testFraction: 0.25, seed: 3, validationFraction: 0.1 },
  backend: 'wasm',
  models: [
    { loss: 'warp', options: { epochs: 3, components: 8 }, seed: 1 },
    { loss: 'bpr', options: { learningRate: 0.1, useFeatures: false }, seed: 2, cores: 2 }
  ],
  weights: [0.7, 0.25],
  normalisation: 'rank',
  view: 'ensemble',
  single: 1,
  customer: 'C000042',
  lambda: 0.5,
  profile: {
    segment: 'business',
    dataGb: 12.5,
    voiceMinutes: 300,
    sms: 40,
    priceSensitivity: 0.2,
    budget: 80,
    bundles: ['video', 'roaming'],
    lines: 3,
    daysSinceJoining: 10
  }
};

describe('session links', () => {
  it('round-trip every property, readable in the URL', () => {
    const hash = formatSessionLink(full);
    expect(hash).toContain('data=2000,7');
    expect(hash).toContain('m=warp,1,epochs:3,components:8');
    expect(hash).toContain('bpr,2,learningRate:0.1,useFeatures:false,cores:2');
    expect(isSessionLink(`#${hash}`)).toBe(true);
    expect(parseSessionLink(`#${hash}`)).toEqual({ state: full, problems: [] });
  });

  it('the defaults round-trip to the defaults', () => {
    expect(parseSessionLink(formatSessionLink(defaultSessionLink()))).toEqual({
      state: defaultSessionLink(),
      problems: []
    });
  });

  it('ignores unknown keys and other anchors', () => {
    const parsed = parseSessionLink(`${formatSessionLink(full)}&future=1&zoom=3`);
    expect(parsed).toEqual({ state: full, problems: [] });
    expect(isSessionLink('#metrics')).toBe(false);
  });

  it('a damaged value keeps its default and says which key and why', () => {
    const hash = formatSessionLink(full)
      .replace('norm=rank', 'norm=median')
      .replace('lambda=0.5', 'lambda=-2')
      .replace('data=2000,7', 'data=lots,7');
    const { state, problems } = parseSessionLink(hash);
    expect(state.normalisation).toBe('zscore');
    expect(state.lambda).toBe(0);
    expect(state.dataset).toBeNull();
    expect(state.models).toEqual(full.models);
    expect(problems).toEqual([
      'The link\'s "data" was not used (the dataset size must be a whole number of customers from 100 to 1000000, got "lots"); the default was kept.',
      'The link\'s "norm" was not used (the normalisation must be one of zscore, rank, got "median"); the default was kept.',
      'The link\'s "lambda" was not used (λ must be a number ≥ 0, got "-2"); the default was kept.'
    ]);
  });

  it('a model with a bad option is left out, and then the weights no longer fit: all weigh 1', () => {
    const hash = formatSessionLink(full).replace('learningRate:0.1', 'learningRate:-1');
    const { state, problems } = parseSessionLink(hash);
    expect(state.models.map((m) => m.loss)).toEqual(['warp']);
    expect(state.weights).toEqual([]);
    expect(state.single).toBe(0);
    expect(problems[0]).toMatch(
      /^Model 2 in the link \("bpr,2,learningRate:-1,useFeatures:false,cores:2"\) was left out: .*learningRate/
    );
    expect(problems[1]).toBe('The link has 2 ensemble weights for 1 models: every model weighs 1 instead.');
    expect(parseSessionLink(hash.replace('m=warp,1,', 'm=warp,1,wings:2,')).problems[0]).toMatch(
      /"wings:2" is not a warp option/
    );
  });

  it('bad %-encoding, a wrong version and a profile with a bad segment are reported, never thrown', () => {
    const { state, problems } = parseSessionLink(
      formatSessionLink(full)
        .replace('v=2', 'v=9')
        .replace('customer=C000042', 'customer=%E0%A4%A')
        .replace('segment:business', 'segment:pirate')
    );
    expect(state.customer).toBeNull();
    expect(state.profile).toBeNull();
    expect(problems).toEqual([
      'The link\'s "customer" is not readable (bad %-encoding): it was ignored.',
      'This link is version 9; this lab reads versions 1 and 2. What it could read is used.',
      'The link\'s "profile" was not used (the profile segment must be one of residential, business, premium, got "pirate"); the default was kept.'
    ]);
  });

  it('a version-1 link retrains Hybrid Deep as version 1 did (both towers, 32 wide); a version-2 link with today’s defaults', () => {
    const model = (v: number) => parseSessionLink(`v=${v}&m=hybrid-deep,3,epochs:5`);
    expect(model(1).problems).toEqual([]);
    expect(model(1).state.models[0].options).toEqual({ hidden: 32, itemTower: true, epochs: 5 });
    expect(model(2).state.models[0].options).toEqual({ epochs: 5 });
    // Options a version-1 link names win over that version's defaults; other losses are untouched.
    expect(parseSessionLink('v=1&m=hybrid-deep,3,hidden:16').state.models[0].options).toEqual({
      hidden: 16,
      itemTower: true
    });
    expect(parseSessionLink('v=1&m=warp,3').state.models[0].options).toEqual({});
    // And a link made today says so: it is read with today's defaults.
    expect(formatSessionLink(full)).toMatch(/^v=2&/);
  });

  it('carries a full-tensor run’s training path, and refuses any other value with the reason', () => {
    const m = { loss: 'warp' as const, options: { epochs: 2 }, seed: 4, trainingPath: 'tensor' as const };
    const hash = formatSessionLink({ ...full, models: [m], weights: [] });
    expect(hash).toContain('m=warp,4,epochs:2,path:tensor');
    expect(parseSessionLink(hash).state.models).toEqual([m]);
    const bad = parseSessionLink('v=2&m=warp,4,path:gpu');
    expect(bad.state.models).toEqual([]);
    expect(bad.problems[0]).toMatch(/the training path must be "tensor", got "gpu"/);
  });

  it('linkedOptions keeps only what differs from the defaults', () => {
    expect(linkedOptions(resolveConfig({ loss: 'warp', epochs: 3, components: 10 }))).toEqual({ epochs: 3 });
    expect(linkedOptions({ loss: 'bpr' })).toEqual({});
  });
});
