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

  it('runs 100 concurrent identical misses once', async () => {
    const cache = inProcessCache();
    let runs = 0;
    const slowTool = async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { fares: [100, 200] };
    };

    const results = await Promise.all(
      Array.from({ length: 100 }, () => cache.wrap(flights, slowTool)),
    );

    expect(runs).toBe(1);
    for (const result of results) expect(result.value).toEqual({ fares: [100, 200] });
    // Joiners share the frozen in-process copy, never the first caller's own object.
    expect(results[0].value).not.toBe(results[1].value);
    expect(Object.isFrozen(results[1].value)).toBe(true);
    expect(cache.metricsText()).toMatch(/tool_cache_coalesced_total\{tool="search_flights"\} 99/);
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
    expect(() => second.value.offers.push('changed')).toThrow(TypeError);
    expect((await cache.wrap(flights, async () => ({ offers: ['never'] }))).value).toEqual({
      offers: ['a'],
    });
  });

  it('serves a memory hit without copying', async () => {
    const cache = inProcessCache();
    await cache.wrap(flights, async () => ({ offers: ['a'] }));

    const second = await cache.wrap(flights, async () => ({ offers: ['never'] }));
    const third = await cache.wrap(flights, async () => ({ offers: ['never'] }));

    expect(third.value).toBe(second.value);
  });

  it('caps the TTL by the value expiry', async () => {
    const cache = inProcessCache();
    const soon = new Date(Date.now() + 150).toISOString();
    const offers = {
      ...flights,
      expiresAt: (value: unknown) => (value as { until: string }).until,
    };

    await cache.wrap(offers, async () => ({ until: soon }));
    const beforeExpiry = await cache.wrap(offers, async () => ({ until: 'unused' }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const afterExpiry = await cache.wrap(offers, async () => ({ until: soon }));

    expect(beforeExpiry.cached).toBe(true);
    expect(afterExpiry.cached).toBe(false);
  });

  it('skips caching an expired or invalid expiry', async () => {
    const cache = inProcessCache();
    const past = { ...flights, expiresAt: () => '2001-01-01T00:00:00Z' };
    const invalid = { ...flights, args: { other: 1 }, expiresAt: () => 'tomorrow' };
    let runs = 0;

    for (let i = 0; i < 2; i += 1) await cache.wrap(past, async () => ++runs);
    for (let i = 0; i < 2; i += 1) await cache.wrap(invalid, async () => ++runs);

    expect(runs).toBe(4);
    expect(cache.metricsText()).toContain(
      'tool_cache_errors_total{tool="search_flights",kind="serialize"} 2',
    );
  });

  it('ignores an undefined expiry', async () => {
    const cache = inProcessCache();
    const call = { ...flights, expiresAt: () => undefined };
    await cache.wrap(call, async () => 'fares');

    expect((await cache.wrap(call, async () => 'unused')).cached).toBe(true);
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

describe('TwoLevelToolCache batch calls in process', () => {
  const cityCall = (city: string): CacheCall => ({
    tool: 'search_stays',
    dataType: 'stay_search',
    args: { city },
  });

  it('getMany returns hits and misses in order', async () => {
    const cache = inProcessCache();
    await cache.wrap(cityCall('paris'), async () => 'paris stays');

    const results = await cache.getMany([cityCall('rome'), cityCall('paris')]);

    expect(results).toEqual([undefined, { value: 'paris stays', cached: true, level: 'memory' }]);
    expect(cache.metricsText()).toContain('tool_cache_misses_total{tool="search_stays"} 2');
  });

  it('setMany stores every entry', async () => {
    const cache = inProcessCache();

    await cache.setMany([
      { call: cityCall('rome'), value: 'rome stays' },
      { call: cityCall('oslo'), value: 'oslo stays' },
    ]);
    const results = await cache.getMany<string>([cityCall('oslo'), cityCall('rome')]);

    expect(results.map((result) => result?.value)).toEqual(['oslo stays', 'rome stays']);
  });

  it('wrapMany runs only the misses once', async () => {
    const cache = inProcessCache();
    await cache.wrap(cityCall('paris'), async () => 'PARIS');
    const batches: string[][] = [];
    const runBatch = async (missing: CacheCall[]) => {
      const cities = missing.map((call) => (call.args as { city: string }).city);
      batches.push(cities);
      return cities.map((city) => city.toUpperCase());
    };

    const first = await cache.wrapMany(
      [cityCall('rome'), cityCall('paris'), cityCall('oslo')],
      runBatch,
    );
    const second = await cache.wrapMany([cityCall('oslo'), cityCall('rome')], runBatch);

    expect(batches).toEqual([['rome', 'oslo']]);
    expect(first.map((result) => result.value)).toEqual(['ROME', 'PARIS', 'OSLO']);
    expect(first.map((result) => result.cached)).toEqual([false, true, false]);
    expect(second.map((result) => result.value)).toEqual(['OSLO', 'ROME']);
  });

  it('wrapMany skips storing across an invalidation', async () => {
    const cache = inProcessCache();
    let release!: () => void;
    const slowBatch = () =>
      new Promise<string[]>((resolve) => (release = () => resolve(['stale rome'])));

    const pending = cache.wrapMany([cityCall('rome')], slowBatch);
    await new Promise((resolve) => setImmediate(resolve));
    await cache.invalidate({ tool: 'search_stays' });
    release();

    expect((await pending).map((result) => result.value)).toEqual(['stale rome']);
    expect(await cache.getMany([cityCall('rome')])).toEqual([undefined]);
  });

  it('wrapMany rejects a result of the wrong length', async () => {
    const cache = inProcessCache();

    await expect(cache.wrapMany([cityCall('rome')], async () => [])).rejects.toThrow(
      /expected an array of 1 values/,
    );
  });
});

describe('TwoLevelToolCache warming in process', () => {
  const task = (index: number, run: (signal: AbortSignal) => Promise<unknown>) => ({
    call: { ...flights, args: { route: index } },
    run,
  });

  it('warms tasks so later calls hit', async () => {
    const cache = inProcessCache();
    const tasks = [1, 2, 3].map((index) => task(index, async () => `route ${index}`));

    const report = await cache.warm(tasks, { maxCalls: 10, deadlineMs: 5_000 });
    const hit = await cache.wrap(tasks[1].call, async () => 'unused');

    expect(report).toEqual({ alreadyCached: 0, ran: 3, failed: 0, unfinished: 0, skipped: 0 });
    expect(hit).toEqual({ value: 'route 2', cached: true, level: 'memory' });
  });

  it('stops at maxCalls', async () => {
    const cache = inProcessCache();
    let runs = 0;
    const tasks = [1, 2, 3, 4].map((index) => task(index, async () => ++runs));

    const report = await cache.warm(tasks, { maxCalls: 2, deadlineMs: 5_000, concurrency: 1 });

    expect(runs).toBe(2);
    expect(report.skipped).toBe(2);
  });

  it('aborts tasks at the deadline', async () => {
    const cache = inProcessCache();
    let abortedSignals = 0;
    const hanging = (signal: AbortSignal) =>
      new Promise((_, reject) =>
        signal.addEventListener('abort', () => {
          abortedSignals += 1;
          reject(new Error('aborted'));
        }),
      );
    const tasks = [1, 2, 3].map((index) => task(index, hanging));

    const report = await cache.warm(tasks, { maxCalls: 3, deadlineMs: 50, concurrency: 2 });

    expect(abortedSignals).toBe(2);
    expect(report.unfinished).toBe(2);
    expect(report.skipped).toBe(1);
  });

  it('counts failed tasks and goes on', async () => {
    const cache = inProcessCache();
    const tasks = [
      task(1, async () => Promise.reject(new Error('provider down'))),
      task(2, async () => 'ok'),
    ];

    const report = await cache.warm(tasks, { maxCalls: 5, deadlineMs: 5_000, concurrency: 1 });

    expect(report.failed).toBe(1);
    expect(report.ran).toBe(1);
  });

  it('does not count warming as requests', async () => {
    const cache = inProcessCache();

    await cache.warm([task(1, async () => 'x')], { maxCalls: 1, deadlineMs: 5_000 });

    expect(cache.metricsText()).not.toContain('tool_cache_misses_total{');
    expect(await cache.popularCalls()).toEqual([]);
  });

  it('lists the most requested global calls', async () => {
    const cache = inProcessCache();
    const paris = { ...flights, args: { to: 'PAR' } };
    const rome = { ...flights, args: { to: 'ROM' } };
    for (let i = 0; i < 3; i += 1) await cache.wrap(rome, async () => 1);
    await cache.wrap(paris, async () => 1);
    await cache.wrap({ ...rome, userId: 'ann' }, async () => 1);

    const popular = await cache.popularCalls(5);

    expect(popular.map((call) => call.args)).toEqual([{ to: 'ROM' }, { to: 'PAR' }]);
    expect(popular.every((call) => call.userId === undefined)).toBe(true);
  });
});
