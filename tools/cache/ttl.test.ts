import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../agent/config.js';
import {
  DEFAULT_TTL_SECONDS,
  MAX_TTL_SECONDS,
  TTL_JITTER_RATIO,
  capTtlByValue,
  entryTtlMs,
  isWithinUtcHours,
  loadTtlTable,
} from './ttl.js';
import type { CacheCall } from './types.js';

const call: CacheCall = { tool: 'search_flights', dataType: 'flight_search', args: {} };

describe('loadTtlTable', () => {
  it('uses the defaults without env', () => {
    const table = loadTtlTable({});

    expect(table.flight_search.seconds).toBe(300);
    expect(table.stay_search.seconds).toBe(600);
    expect(table.destination_page.seconds).toBe(3_600);
    expect(table.reference.seconds).toBe(7 * 86_400);
  });

  it('applies env overrides per data type', () => {
    const table = loadTtlTable({ CACHE_TTL_FLIGHT_SEARCH: '60', CACHE_TTL_REFERENCE: ' 10 ' });

    expect(table.flight_search.seconds).toBe(60);
    expect(table.reference.seconds).toBe(10);
    expect(table.stay_search.seconds).toBe(DEFAULT_TTL_SECONDS.stay_search);
  });

  it('applies env overrides to a rule', () => {
    const table = loadTtlTable({ CACHE_TTL_FLIGHT_SEARCH_PEAK: '30' });

    expect(table.flight_search.rules[0].seconds).toBe(30);
    expect(table.flight_search.seconds).toBe(300);
  });

  it('rejects invalid peak hours', () => {
    for (const raw of ['17', '25-3', '5-5', 'evening']) {
      expect(() => loadTtlTable({ CACHE_PEAK_HOURS_UTC: raw })).toThrow(/CACHE_PEAK_HOURS_UTC/);
    }
  });

  it('rejects a value that is not whole seconds', () => {
    for (const raw of ['5m', '-1', '1.5', 'abc']) {
      expect(() => loadTtlTable({ CACHE_TTL_STAY_SEARCH: raw })).toThrow(ConfigError);
    }
  });

  it('names the variable in the error', () => {
    expect(() => loadTtlTable({ CACHE_TTL_STAY_SEARCH: 'soon' })).toThrow(/CACHE_TTL_STAY_SEARCH/);
  });

  it('rejects a TTL beyond the maximum', () => {
    const tooLong = String(MAX_TTL_SECONDS + 1);

    expect(() => loadTtlTable({ CACHE_TTL_REFERENCE: '99999999999999' })).toThrow(ConfigError);
    expect(() => loadTtlTable({ CACHE_TTL_REFERENCE: tooLong })).toThrow(/CACHE_TTL_REFERENCE/);
    expect(() => loadTtlTable({ CACHE_TTL_FLIGHT_SEARCH_PEAK: tooLong })).toThrow(ConfigError);
    expect(loadTtlTable({ CACHE_TTL_REFERENCE: String(MAX_TTL_SECONDS) }).reference.seconds).toBe(
      MAX_TTL_SECONDS,
    );
  });

  it('reads peak hours 0-24 as the whole day', () => {
    const table = loadTtlTable({ CACHE_PEAK_HOURS_UTC: '0-24' });

    for (const hour of [0, 12, 23]) {
      const now = Date.UTC(2025, 5, 2, hour, 30);
      expect(
        entryTtlMs(table, call, () => 0, now),
        `hour ${hour}`,
      ).toBe(120_000);
    }
  });
});

describe('entryTtlMs', () => {
  // Peak hours that never match at 12:00 UTC, so flight searches get the base TTL.
  const table = loadTtlTable({ CACHE_PEAK_HOURS_UTC: '17-22' });
  const noon = Date.UTC(2025, 5, 2, 12);
  const evening = Date.UTC(2025, 5, 2, 18, 30);

  it('returns the full TTL when jitter draws zero', () => {
    expect(entryTtlMs(table, call, () => 0, noon)).toBe(300_000);
  });

  it('removes at most the jitter share', () => {
    const lowest = entryTtlMs(table, call, () => 0.999_999, noon);

    expect(lowest).toBeLessThan(300_000);
    expect(lowest).toBeGreaterThanOrEqual(300_000 * (1 - TTL_JITTER_RATIO));
  });

  it('caps the TTL with maxTtlSeconds', () => {
    expect(entryTtlMs(table, { ...call, maxTtlSeconds: 30 }, () => 0, noon)).toBe(30_000);
  });

  it('ignores a cap above the table value', () => {
    expect(entryTtlMs(table, { ...call, maxTtlSeconds: 9_999 }, () => 0, noon)).toBe(300_000);
  });

  it('returns zero for an expired cap', () => {
    expect(entryTtlMs(table, { ...call, maxTtlSeconds: 0 }, () => 0)).toBe(0);
    expect(entryTtlMs(table, { ...call, maxTtlSeconds: -5 }, () => 0)).toBe(0);
  });

  it('uses the peak rule in peak hours', () => {
    expect(entryTtlMs(table, call, () => 0, evening)).toBe(120_000);
  });

  it('keeps other types at base TTL in peak hours', () => {
    const stays: CacheCall = { tool: 'search_stays', dataType: 'stay_search', args: {} };

    expect(entryTtlMs(table, stays, () => 0, evening)).toBe(600_000);
  });

  it('returns zero when env turns a type off', () => {
    const off = loadTtlTable({ CACHE_TTL_FLIGHT_SEARCH: '0' });

    expect(entryTtlMs(off, call, () => 0)).toBe(0);
  });

  it('keeps a type off in peak hours', () => {
    const off = loadTtlTable({ CACHE_TTL_FLIGHT_SEARCH: '0' });

    expect(entryTtlMs(off, call, () => 0, evening)).toBe(0);
  });

  it('rejects an unknown data type', () => {
    const bad = { ...call, dataType: 'weather' } as unknown as CacheCall;

    expect(() => entryTtlMs(table, bad)).toThrow(/Invalid dataType/);
  });
});

describe('isWithinUtcHours', () => {
  const at = (hour: number) => Date.UTC(2025, 0, 1, hour, 15);

  it('matches a daytime window', () => {
    const hours = { from: 17, to: 22 };

    expect(isWithinUtcHours(at(16), hours)).toBe(false);
    expect(isWithinUtcHours(at(17), hours)).toBe(true);
    expect(isWithinUtcHours(at(21), hours)).toBe(true);
    expect(isWithinUtcHours(at(22), hours)).toBe(false);
  });

  it('matches a window across midnight', () => {
    const hours = { from: 22, to: 6 };

    expect(isWithinUtcHours(at(23), hours)).toBe(true);
    expect(isWithinUtcHours(at(3), hours)).toBe(true);
    expect(isWithinUtcHours(at(12), hours)).toBe(false);
  });
});

describe('capTtlByValue', () => {
  const now = Date.UTC(2025, 0, 1, 12);
  const offers: CacheCall = {
    ...call,
    expiresAt: (value) => (value as { expiresAt?: string }).expiresAt,
  };

  it('caps the TTL at the value expiry', () => {
    const value = { expiresAt: new Date(now + 60_000).toISOString() };

    expect(capTtlByValue(300_000, offers, value, now)).toBe(60_000);
  });

  it('keeps a TTL shorter than the expiry', () => {
    const value = { expiresAt: new Date(now + 900_000).toISOString() };

    expect(capTtlByValue(300_000, offers, value, now)).toBe(300_000);
  });

  it('returns zero for an expired value', () => {
    expect(capTtlByValue(300_000, offers, { expiresAt: '2020-01-01T00:00:00Z' }, now)).toBe(0);
  });

  it('keeps the TTL without an expiry', () => {
    expect(capTtlByValue(300_000, offers, {}, now)).toBe(300_000);
    expect(capTtlByValue(300_000, call, { expiresAt: '2020-01-01T00:00:00Z' }, now)).toBe(300_000);
  });

  it('rejects an expiry that is not a date', () => {
    expect(() => capTtlByValue(300_000, offers, { expiresAt: 'soon' }, now)).toThrow(
      /Invalid expiresAt "soon"/,
    );
  });
});
