import { describe, expect, it } from 'vitest';
import { automaticChoiceText, fallbackReason, isSoftwareRenderer, planBackends } from './backend.ts';

describe('planBackends', () => {
  it('prefers WASM over a software WebGL renderer and says why', () => {
    const plan = planBackends('auto', {
      available: true,
      renderer: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)))'
    });
    expect(plan.order[0]).toBe('wasm');
    expect(plan.reason).toMatch(/software/);
  });
  it('prefers WebGL on a real GPU', () => {
    const plan = planBackends('auto', { available: true, renderer: 'ANGLE (NVIDIA, NVIDIA H100 80GB HBM3)' });
    expect(plan.order).toEqual(['webgl', 'wasm', 'cpu']);
  });
  it('falls back to WASM without WebGL', () => {
    expect(planBackends('auto', { available: false }).order).toEqual(['wasm', 'cpu']);
  });
  it('honours a forced backend first, keeping the others as fallbacks', () => {
    const plan = planBackends('webgl', { available: true, renderer: 'SwiftShader' });
    expect(plan.order).toEqual(['webgl', 'wasm', 'cpu']);
    expect(plan.reason).toMatch(/chosen by you/);
  });
  it('recognises llvmpipe as software and a GPU name as hardware', () => {
    expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(isSoftwareRenderer('AMD Radeon Pro')).toBe(false);
    expect(isSoftwareRenderer(undefined)).toBe(false);
  });
  it('explains a fallback', () => {
    expect(fallbackReason('webgl', 'wasm', 'x')).toMatch(/webgl failed to start, so wasm/);
    expect(fallbackReason('wasm', 'wasm', 'x')).toBe('x');
  });
  it('says what Automatic will choose, and why, before anything runs', () => {
    expect(
      automaticChoiceText(planBackends('auto', { available: true, renderer: 'Google SwiftShader' }))
    ).toBe(
      'Automatic will use WASM: the WebGL renderer is software (Google SwiftShader), which is far slower than WASM on this CPU (then WebGL, then CPU if it fails to start).'
    );
    expect(automaticChoiceText(planBackends('auto', { available: true, renderer: 'AMD Radeon Pro' }))).toBe(
      'Automatic will use WebGL: a GPU renders WebGL here (AMD Radeon Pro) (then WASM, then CPU if it fails to start).'
    );
  });
});
