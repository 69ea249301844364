import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../agent/logger.js';
import { cacheKeyPrefix, createToolCache } from './index.js';
import type { CacheCall } from './types.js';

const flights: CacheCall = {
  tool: 'search_flights',
  dataType: 'flight_search',
  args: { origin: 'LON', destination: 'PAR' },
};

function inProcessCache() {
  return createToolCache({ logger: silentLogger, random: () => 0 });
}

/** A tool stub that counts its runs and returns a fresh object each time. */
function countingTool<T>(make: (run: number) => T) {
  const tool = { runs: 0, run: async () => make(++tool.runs) };
  return tool;
}

describe('TwoLevelToolCache in process', () => {
  it('serves the second call from memory', async () => {
    const cache = inProcessCache();
    const tool = countingTool((run) => ({ offers: [run] }));

    const first = await cache.wrap(flights, tool.run);
    const second = await cache.wrap(flights, tool.run);

    expect(first).toEqual({ value: { offers: [1] }, cached: false });
    expect(second).toEqual({ value: { offers: [1] }, cached: true, level: 'memory' });
    expect(tool.runs).toBe(1);
  });

  it('hits for equivalent arguments', async () => {
    const cache = inProcessCache();
    const tool = countingTool((run) => run);
    await cache.wrap(flights, tool.run);

    const result = await cache.wrap(
      { ...flights, args: { destination: ' par', origin: 'lon ' } },
      tool.run,
    );

    expect(result.cached).toBe(true);
    expect(tool.runs).toBe(1);
  });

  it('runs concurrent identical misses once', async () => {
    const cache = inProcessCache();
    let runs = 0;
    const slowTool = async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { fares: [100, 200] };
    };

    const results = await Promise.all(
      Array.from({ length: 10 }, () => cache.wrap(flights, slowTool)),
    );

    expect(runs).toBe(1);
    for (const result of results) expect(result.value).toEqual({ fares: [100, 200] });
    expect(results[1].value).not.toBe(results[2].value);
    expect(cache.metricsText()).toMatch(/tool_cache_coalesced_total\{tool="search_flights"\} 9/);
  });

  it('retries joiners after the leader fails', async () => {
    const cache = inProcessCache();
    const aborted = new AbortController();
    let runs = 0;
    const toolFor = (signal?: AbortSignal) => async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (signal?.aborted) throw new Error('aborted by the caller');
      return 'fares';
    };

    const leader = cache.wrap(flights, toolFor(aborted.signal));
    const joiners = [cache.wrap(flights, toolFor()), cache.wrap(flights, toolFor())];
    aborted.abort();

    await expect(leader).rejects.toThrow('aborted by the caller');
    for (const joiner of await Promise.all(joiners)) expect(joiner.value).toBe('fares');
    expect(runs).toBe(2);
  });

  it('does not cache a failure', async () => {
    const cache = inProcessCache();
    let runs = 0;
    const flaky = async () => {
      runs += 1;
      if (runs === 1) throw new Error('upstream timed out');
      return 'ok';
    };

    await expect(cache.wrap(flights, flaky)).rejects.toThrow('upstream timed out');
    const retry = await cache.wrap(flights, flaky);

    expect(retry).toEqual({ value: 'ok', cached: false });
    expect(runs).toBe(2);
  });

  it('keeps cached values safe from caller mutation', async () => {
    const cache = inProcessCache();
    const first = await cache.wrap(flights, async () => ({ offers: ['a'] }));
    first.value.offers.push('changed');

    const second = await cache.wrap(flights, async () => ({ offers: ['never'] }));

    expect(second.value).toEqual({ offers: ['a'] });
  });

  it('skips caching when maxTtlSeconds has passed', async () => {
    const cache = inProcessCache();
    const tool = countingTool((run) => run);
    const expired = { ...flights, maxTtlSeconds: 0 };

    await cache.wrap(expired, tool.run);
    const second = await cache.wrap(expired, tool.run);

    expect(second).toEqual({ value: 2, cached: false });
  });

  it('skips caching a value without JSON form', async () => {
    const cache = inProcessCache();
    const tool = countingTool(() => undefined);

    await cache.wrap(flights, tool.run);
    await cache.wrap(flights, tool.run);

    expect(tool.runs).toBe(2);
  });

  it('rejects a call with an invalid tool name', async () => {
    const cache = inProcessCache();

    await expect(cache.wrap({ ...flights, tool: 'a b' }, async () => 1)).rejects.toThrow(
      /Invalid tool/,
    );
  });

  it('invalidates by user, tool and prefix', async () => {
    const cache = inProcessCache();
    const annFlights = { ...flights, userId: 'ann' };
    const bobFlights = { ...flights, userId: 'bob' };
    const stays: CacheCall = {
      tool: 'search_stays',
      dataType: 'stay_search',
      args: { city: 'paris' },
    };
    for (const call of [flights, annFlights, bobFlights, stays])
      await cache.wrap(call, async () => 1);

    expect(await cache.invalidate({ userId: 'ann' })).toBe(1);
    expect(await cache.invalidate({ tool: 'search_flights' })).toBe(2);
    expect(await cache.invalidate({ prefix: cacheKeyPrefix('ta', { tool: 'search_stays' }) })).toBe(
      1,
    );

    for (const call of [flights, annFlights, bobFlights, stays]) {
      expect((await cache.wrap(call, async () => 2)).cached).toBe(false);
    }
  });

  it('invalidates one tool for one user only', async () => {
    const cache = inProcessCache();
    const stays: CacheCall = {
      tool: 'search_stays',
      dataType: 'stay_search',
      args: {},
      userId: 'ann',
    };
    await cache.wrap({ ...flights, userId: 'ann' }, async () => 1);
    await cache.wrap(stays, async () => 1);

    expect(await cache.invalidate({ userId: 'ann', tool: 'search_flights' })).toBe(1);
    expect((await cache.wrap(stays, async () => 2)).cached).toBe(true);
  });

  it('skips storing across an invalidation', async () => {
    const cache = inProcessCache();
    let release!: () => void;
    const slowTool = () => new Promise<string>((resolve) => (release = () => resolve('stale')));

    const pending = cache.wrap(flights, slowTool);
    await new Promise((resolve) => setImmediate(resolve));
    await cache.invalidate({ tool: 'search_flights' });
    release();

    expect((await pending).value).toBe('stale');
    expect(await cache.wrap(flights, async () => 'fresh')).toEqual({
      value: 'fresh',
      cached: false,
    });
  });

  it('rejects invalid invalidate options', async () => {
    const cache = inProcessCache();

    await expect(cache.invalidate({})).rejects.toThrow(/pass tool, userId or prefix/);
    await expect(cache.invalidate({ prefix: 'other:' })).rejects.toThrow(/must start with "ta:"/);
    await expect(cache.invalidate({ prefix: 'ta:', tool: 'x' })).rejects.toThrow(/either prefix/);
  });

  it('reports hits, misses and the hit ratio', async () => {
    const cache = inProcessCache();
    await cache.wrap(flights, async () => 1);
    await cache.wrap(flights, async () => 1);
    await cache.wrap(flights, async () => 1);
    await cache.wrap({ ...flights, args: { other: true } }, async () => 1);

    const text = cache.metricsText();

    expect(text).toContain('tool_cache_hits_total{tool="search_flights",level="memory"} 2');
    expect(text).toContain('tool_cache_misses_total{tool="search_flights"} 2');
    expect(text).toContain('tool_cache_hit_ratio{tool="search_flights"} 0.5');
    expect(text).toContain(
      'tool_cache_lookup_seconds_count{tool="search_flights",outcome="memory"} 2',
    );
    expect(text).toContain('tool_cache_memory_entries{tool="search_flights"} 2');
    expect(text).toMatch(/^tool_cache_memory_bytes [1-9]\d*$/m);
  });

  it('counts tool failures as errors', async () => {
    const cache = inProcessCache();
    await cache.wrap(flights, async () => Promise.reject(new Error('boom'))).catch(() => undefined);

    expect(cache.metricsText()).toContain(
      'tool_cache_errors_total{tool="search_flights",kind="tool"} 1',
    );
  });

  it('reports an in-process backend as healthy', async () => {
    const health = await inProcessCache().health();

    expect(health.status).toBe('ok');
    expect(health.backend).toBe('memory');
  });
});
