import { describe, expect, it } from 'vitest';
import { CacheMetrics } from './metrics.js';

const gauges = {
  memoryEntriesByTool: new Map<string, number>(),
  memoryBytes: 0,
  circuitOpen: false,
  pendingCommands: 0,
};

function bucketCount(text: string, le: string): number {
  const pattern = new RegExp(
    `tool_cache_lookup_seconds_bucket\\{tool="t",outcome="shared",le="${le.replace('+', '\\+')}"\\} (\\d+)`,
  );
  const match = pattern.exec(text);
  if (!match) throw new Error(`no bucket le=${le} in:\n${text}`);
  return Number(match[1]);
}

describe('CacheMetrics latency histogram', () => {
  it('renders cumulative bucket counts', () => {
    const metrics = new CacheMetrics();
    for (const seconds of [0.00005, 0.0001, 0.0003, 0.002, 0.002, 20]) {
      metrics.recordLookup('t', 'shared', seconds);
    }
    const text = metrics.render(gauges);

    expect(bucketCount(text, '0.0001')).toBe(2);
    expect(bucketCount(text, '0.0005')).toBe(3);
    expect(bucketCount(text, '0.001')).toBe(3);
    expect(bucketCount(text, '0.0025')).toBe(5);
    expect(bucketCount(text, '10')).toBe(5);
    expect(bucketCount(text, '+Inf')).toBe(6);
    expect(text).toContain('tool_cache_lookup_seconds_count{tool="t",outcome="shared"} 6');
  });
});
