import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatMetric, formatShare, formatUsage } from './format';

describe('overview format helpers', () => {
  it('formats bytes with binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(212 * 1024 * 1024)).toBe('212.0 MB');
    expect(formatBytes(10.5 * 1024 ** 3)).toBe('10.50 GB');
    expect(formatBytes(-1)).toBe('–');
  });
  it('formats shares, counts, metrics and usage', () => {
    expect(formatShare(0.1234)).toBe('12.3%');
    expect(formatCount(1_000_000)).toBe('1,000,000');
    expect(formatMetric(0.41234)).toBe('0.412');
    expect(formatMetric(undefined)).toBe('–');
    expect(formatUsage(9.25)).toBe('9.3');
    expect(formatUsage(1209.4)).toBe('1,209');
  });
});
