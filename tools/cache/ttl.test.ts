import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../agent/config.js';
import { DEFAULT_TTL_SECONDS, TTL_JITTER_RATIO, entryTtlMs, loadTtlTable } from './ttl.js';
import type { CacheCall } from './types.js';

const call: CacheCall = { tool: 'search_flights', dataType: 'flight_search', args: {} };

describe('loadTtlTable', () => {
  it('uses the defaults without env', () => {
    const table = loadTtlTable({});

    expect(table.flight_search).toBe(300);
    expect(table.stay_search).toBe(600);
    expect(table.destination_page).toBe(3_600);
    expect(table.reference).toBe(7 * 86_400);
  });

  it('applies env overrides per data type', () => {
    const table = loadTtlTable({ CACHE_TTL_FLIGHT_SEARCH: '60', CACHE_TTL_REFERENCE: ' 10 ' });

    expect(table.flight_search).toBe(60);
    expect(table.reference).toBe(10);
    expect(table.stay_search).toBe(DEFAULT_TTL_SECONDS.stay_search);
  });

  it('rejects a value that is not whole seconds', () => {
    for (const raw of ['5m', '-1', '1.5', 'abc']) {
      expect(() => loadTtlTable({ CACHE_TTL_STAY_SEARCH: raw })).toThrow(ConfigError);
    }
  });

  it('names the variable in the error', () => {
    expect(() => loadTtlTable({ CACHE_TTL_STAY_SEARCH: 'soon' })).toThrow(/CACHE_TTL_STAY_SEARCH/);
  });
});

describe('entryTtlMs', () => {
  const table = loadTtlTable({});

  it('returns the full TTL when jitter draws zero', () => {
    expect(entryTtlMs(table, call, () => 0)).toBe(300_000);
  });

  it('removes at most the jitter share', () => {
    const lowest = entryTtlMs(table, call, () => 0.999_999);

    expect(lowest).toBeLessThan(300_000);
    expect(lowest).toBeGreaterThanOrEqual(300_000 * (1 - TTL_JITTER_RATIO));
  });

  it('caps the TTL with maxTtlSeconds', () => {
    expect(entryTtlMs(table, { ...call, maxTtlSeconds: 30 }, () => 0)).toBe(30_000);
  });

  it('ignores a cap above the table value', () => {
    expect(entryTtlMs(table, { ...call, maxTtlSeconds: 9_999 }, () => 0)).toBe(300_000);
  });

  it('returns zero for an expired cap', () => {
    expect(entryTtlMs(table, { ...call, maxTtlSeconds: 0 }, () => 0)).toBe(0);
    expect(entryTtlMs(table, { ...call, maxTtlSeconds: -5 }, () => 0)).toBe(0);
  });

  it('returns zero when env turns a type off', () => {
    const off = loadTtlTable({ CACHE_TTL_FLIGHT_SEARCH: '0' });

    expect(entryTtlMs(off, call, () => 0)).toBe(0);
  });

  it('rejects an unknown data type', () => {
    const bad = { ...call, dataType: 'weather' } as unknown as CacheCall;

    expect(() => entryTtlMs(table, bad)).toThrow(/Invalid dataType/);
  });
});
