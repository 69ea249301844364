import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../agent/logger.js';
import { cacheKey, cacheKeyPrefix, createToolCache, type TwoLevelToolCache } from './index.js';
import type { CacheCall } from './types.js';

const SHARED_REDIS_URL = 'redis://127.0.0.1:6379';

const flights: CacheCall = {
  tool: 'search_flights',
  dataType: 'flight_search',
  args: { origin: 'LON', destination: 'PAR' },
};

/** Caches opened by a test, closed after it. */
const openCaches: TwoLevelToolCache[] = [];

async function openCache(url: string, namespace: string, extra: Record<string, number> = {}) {
  const cache = createToolCache({
    redisUrl: url,
    namespace,
    logger: silentLogger,
    breakerOpenMs: 200,
    // The 150 ms default can expire on a loaded two-core machine and turn an expected hit into
    // a miss. Only the CLIENT PAUSE test needs the short timeout, and it sets it.
    commandTimeoutMs: 1_000,
    ...extra,
  });
  openCaches.push(cache);
  return cache;
}

/** Retries `check` until it returns true or the deadline passes; returns the last result. */
async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(20);
  }
  return check();
}

function memoryEntries(cache: TwoLevelToolCache): number {
  const counts = [...cache.metricsText().matchAll(/^tool_cache_memory_entries\{[^}]*\} (\d+)$/gm)];
  return counts.reduce((sum, match) => sum + Number(match[1]), 0);
}

afterEach(async () => {
  await Promise.all(openCaches.splice(0).map((cache) => cache.close()));
});

describe('tool cache against the shared Redis', () => {
  const namespace = `tctest-${randomUUID().slice(0, 8)}`;
  const admin = new Redis(SHARED_REDIS_URL);

  afterAll(async () => {
    // Deletes only this run's keys, found by a SCAN of the namespace, never with a flush.
    let cursor = '0';
    do {
      const [next, keys] = await admin.scan(cursor, 'MATCH', `${namespace}:*`, 'COUNT', 500);
      if (keys.length > 0) await admin.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
    await admin.quit();
  });

  it('serves a hit across two instances', async () => {
    const first = await openCache(SHARED_REDIS_URL, namespace);
    const second = await openCache(SHARED_REDIS_URL, namespace);
    expect(await first.whenReady()).toBe(true);
    expect(await second.whenReady()).toBe(true);
    const call = { ...flights, args: { run: 'two-instances' } };

    const miss = await first.wrap(call, async () => ({ fare: 120 }));
    const shared = await second.wrap(call, async () => ({ fare: 999 }));
    const memory = await second.wrap(call, async () => ({ fare: 999 }));

    expect(miss).toEqual({ value: { fare: 120 }, cached: false });
    expect(shared).toEqual({ value: { fare: 120 }, cached: true, level: 'shared' });
    expect(memory).toEqual({ value: { fare: 120 }, cached: true, level: 'memory' });
  });

  it('stores JSON with a TTL from the table', async () => {
    const cache = await openCache(SHARED_REDIS_URL, namespace);
    await cache.whenReady();
    const call = { ...flights, args: { run: 'ttl' } };

    const before = Date.now();
    await cache.wrap(call, async () => ({ fare: 1 }));
    const key = cacheKey(namespace, call);
    const ttlMs = await admin.pttl(key);
    const stored = JSON.parse((await admin.get(key)) ?? 'null');

    expect(stored.value).toEqual({ fare: 1 });
    expect(ttlMs).toBeGreaterThan(0);
    expect(ttlMs).toBeLessThanOrEqual(300_000);
    expect(stored.expiresAt).toBeGreaterThan(before);
    expect(stored.expiresAt).toBeLessThanOrEqual(Date.now() + 300_000);
  });

  it('expires the in-process copy with the shared one', async () => {
    const first = await openCache(SHARED_REDIS_URL, namespace);
    const second = await openCache(SHARED_REDIS_URL, namespace);
    await first.whenReady();
    await second.whenReady();
    const call = { ...flights, args: { run: 'short-ttl' } };

    await first.wrap({ ...call, maxTtlSeconds: 1 }, async () => 'offer');
    const ttlMs = await admin.pttl(cacheKey(namespace, call));
    // Without a cap of its own, only the shared entry's expiry limits this copy.
    expect((await second.wrap(call, async () => 'unused')).level).toBe('shared');
    await sleep(1_100);

    expect(ttlMs).toBeGreaterThan(0);
    expect(ttlMs).toBeLessThanOrEqual(1_000);
    expect(await second.wrap(call, async () => 'renewed')).toEqual({
      value: 'renewed',
      cached: false,
    });
  });

  it('invalidates a prefix in every instance', async () => {
    const first = await openCache(SHARED_REDIS_URL, namespace);
    const second = await openCache(SHARED_REDIS_URL, namespace);
    await first.whenReady();
    await second.whenReady();
    const call = { ...flights, userId: 'ann', args: { run: 'pubsub' } };
    await first.wrap(call, async () => 'v1');
    expect((await second.wrap(call, async () => 'unused')).level).toBe('shared');
    expect(memoryEntries(second)).toBe(1);

    const removed = await first.invalidate({
      prefix: cacheKeyPrefix(namespace, { userId: 'ann' }),
    });

    expect(removed).toBe(1);
    expect(await admin.exists(cacheKey(namespace, call))).toBe(0);
    expect(await eventually(() => memoryEntries(second) === 0)).toBe(true);
    expect(await second.wrap(call, async () => 'v2')).toEqual({ value: 'v2', cached: false });
  });

  it('invalidates one tool for every user', async () => {
    const cache = await openCache(SHARED_REDIS_URL, namespace);
    await cache.whenReady();
    const calls = [
      { ...flights, args: { run: 'tool-wide' } },
      { ...flights, userId: 'bob', args: { run: 'tool-wide' } },
      { ...flights, userId: 'eve:*', args: { run: 'tool-wide' } },
    ];
    const stay: CacheCall = {
      tool: 'search_stays',
      dataType: 'stay_search',
      userId: 'bob',
      args: {},
    };
    for (const call of [...calls, stay]) await cache.wrap(call, async () => 1);

    expect(await cache.invalidate({ tool: 'search_flights' })).toBeGreaterThanOrEqual(3);

    for (const call of calls) expect(await admin.exists(cacheKey(namespace, call))).toBe(0);
    expect(await admin.exists(cacheKey(namespace, stay))).toBe(1);
  });

  it('runs the tool once across instances', async () => {
    const first = await openCache(SHARED_REDIS_URL, namespace);
    const second = await openCache(SHARED_REDIS_URL, namespace);
    await first.whenReady();
    await second.whenReady();
    const call = { ...flights, args: { run: 'cross-flight' } };
    let runs = 0;
    const slowTool = async () => {
      runs += 1;
      await sleep(300);
      return { fares: [1, 2, 3] };
    };

    const results = await Promise.all([first.wrap(call, slowTool), second.wrap(call, slowTool)]);

    expect(runs).toBe(1);
    expect(results.map((result) => result.value)).toEqual([
      { fares: [1, 2, 3] },
      { fares: [1, 2, 3] },
    ]);
    expect(results.filter((result) => result.level === 'shared')).toHaveLength(1);
    expect(
      await admin.exists(
        `${namespace}:lock:${cacheKey(namespace, call).slice(namespace.length + 1)}`,
      ),
    ).toBe(0);
  });

  it('treats garbage and wrong types as misses', async () => {
    const cache = await openCache(SHARED_REDIS_URL, namespace);
    await cache.whenReady();
    const garbage = { ...flights, args: { run: 'garbage' } };
    const wrongType = { ...flights, args: { run: 'wrong-type' } };
    await admin.set(cacheKey(namespace, garbage), '{not json', 'EX', 60);
    await admin.hset(cacheKey(namespace, wrongType), 'field', 'value');
    await admin.expire(cacheKey(namespace, wrongType), 60);

    const fromGarbage = await cache.wrap(garbage, async () => 'fresh');
    const fromWrongType = await cache.wrap(wrongType, async () => 'fresh');

    expect(fromGarbage).toEqual({ value: 'fresh', cached: false });
    expect(fromWrongType).toEqual({ value: 'fresh', cached: false });
    expect(await admin.get(cacheKey(namespace, garbage))).toContain('"fresh"');
    expect(cache.metricsText()).toContain('kind="garbage"} 1');
  });

  it('treats an entry with a broken value as a miss', async () => {
    const cache = await openCache(SHARED_REDIS_URL, namespace);
    await cache.whenReady();
    const broken = { ...flights, args: { run: 'broken-value' } };
    const farFuture = Date.now() + 60_000;
    // The start and end look like an entry, so only parsing the value can tell.
    await admin.set(
      cacheKey(namespace, broken),
      `{"toolCache":1,"expiresAt":${farFuture},"value":{"fares":[1,}`,
      'EX',
      60,
    );

    const results = await Promise.all(
      Array.from({ length: 3 }, () => cache.wrap(broken, async () => ({ fares: [7] }))),
    );

    for (const result of results) expect(result).toEqual({ value: { fares: [7] }, cached: false });
    expect(await admin.get(cacheKey(namespace, broken))).toContain('"fares":[7]');
    expect(cache.metricsText()).toMatch(/kind="garbage"} [1-3]\b/);
    const later = await cache.wrap(broken, async () => ({ fares: [8] }));
    expect(later).toEqual({ value: { fares: [7] }, cached: true, level: 'memory' });
  });

  it('reports health with latency', async () => {
    const cache = await openCache(SHARED_REDIS_URL, namespace);
    await cache.whenReady();

    const health = await cache.health();

    expect(health.status).toBe('ok');
    expect(health.backend).toBe('redis');
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
  });
});

/** A redis-server of this test alone, so it can be killed and paused. */
class OwnRedis {
  private child: ChildProcess | undefined;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    const probe = new Redis(this.url, {
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
    });
    probe.on('error', () => undefined);
    const up = await eventually(async () => {
      try {
        await probe.connect();
        return (await probe.ping()) === 'PONG';
      } catch {
        return false;
      }
    });
    probe.disconnect();
    if (!up) throw new Error(`redis-server on port ${this.port} did not start`);
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;

    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || address === null) throw new Error('no port assigned');
  return address.port;
}

describe('tool cache when Redis fails', () => {
  let redis: OwnRedis;

  it('works with no server listening', async () => {
    const cache = await openCache(`redis://127.0.0.1:${await freePort()}`, 'absent');
    let runs = 0;
    const tool = async () => ++runs;

    const first = await cache.wrap(flights, tool);
    const second = await cache.wrap(flights, tool);
    const health = await cache.health();

    expect(first).toEqual({ value: 1, cached: false });
    expect(second).toEqual({ value: 1, cached: true, level: 'memory' });
    expect(health.status).toBe('degraded');
    expect(health.detail).toMatch(/unreachable/);
    expect(await cache.invalidate({ tool: 'search_flights' })).toBe(1);
  });

  beforeAll(async () => {
    redis = new OwnRedis(await freePort());
    await redis.start();
  });

  afterAll(async () => {
    await redis.kill();
  });

  it('survives a Redis kill and restart', async () => {
    const cache = await openCache(redis.url, 'fault');
    expect(await cache.whenReady()).toBe(true);
    let runs = 0;
    const tool = async () => ++runs;

    await cache.wrap({ ...flights, args: { step: 'before' } }, tool);
    await redis.kill();
    const whileDown = [];
    for (let i = 0; i < 5; i += 1) {
      whileDown.push(await cache.wrap({ ...flights, args: { step: 'down', i } }, tool));
    }
    const memoryHit = await cache.wrap({ ...flights, args: { step: 'before' } }, tool);

    expect(whileDown.map((result) => result.cached)).toEqual([false, false, false, false, false]);
    expect(whileDown.map((result) => result.value)).toEqual([2, 3, 4, 5, 6]);
    expect(memoryHit.level).toBe('memory');
    expect((await cache.health()).status).toBe('degraded');

    await redis.start();
    expect(await cache.whenReady(10_000)).toBe(true);
    // Invalidations published while it was down are lost, so the reconnect drops memory.
    expect(memoryEntries(cache)).toBe(0);
    const afterRestart = { ...flights, args: { step: 'after' } };
    await cache.wrap(afterRestart, tool);
    const other = await openCache(redis.url, 'fault');
    await other.whenReady();

    expect(await other.wrap(afterRestart, tool)).toEqual({
      value: 7,
      cached: true,
      level: 'shared',
    });
  });

  it('subscribes when Redis starts late', async () => {
    await redis.kill();
    const first = await openCache(redis.url, 'late');
    const second = await openCache(redis.url, 'late');
    await first.wrap(flights, async () => 'while down');

    await redis.start();
    expect(await first.whenReady(10_000)).toBe(true);
    expect(await second.whenReady(10_000)).toBe(true);
    const call = { ...flights, args: { started: 'late' } };
    await first.wrap(call, async () => 'shared');
    expect(await second.wrap(call, async () => 'unused')).toEqual({
      value: 'shared',
      cached: true,
      level: 'shared',
    });
    await first.invalidate({ tool: 'search_flights' });

    expect(await eventually(() => memoryEntries(second) === 0)).toBe(true);
  });

  it('returns results during CLIENT PAUSE', async () => {
    const cache = await openCache(redis.url, 'pause', { commandTimeoutMs: 150 });
    const admin = new Redis(redis.url);
    expect(await cache.whenReady()).toBe(true);
    let runs = 0;
    const tool = async () => ++runs;

    // The pause outlasts the calls below, because each waits at most two 150 ms command timeouts.
    await admin.call('CLIENT', 'PAUSE', '2000', 'ALL');
    const results = [];
    for (let i = 0; i < 4; i += 1) {
      results.push(await cache.wrap({ ...flights, args: { paused: i } }, tool));
    }

    expect(results.map((result) => result.value)).toEqual([1, 2, 3, 4]);
    expect(cache.metricsText()).toContain('tool_cache_shared_circuit_open 1');
    expect((await cache.health()).status).toBe('degraded');
    expect(cache.metricsText()).toMatch(
      /tool_cache_errors_total\{tool="search_flights",kind="shared_read"\} [1-9]/,
    );

    // The admin connection is paused as well, so this returns once the pause has ended.
    await admin.ping();
    await admin.quit();
    // Waits out breakerOpenMs so that the next command is the circuit's trial.
    await sleep(250);
    const call = { ...flights, args: { paused: 'after' } };
    await cache.wrap(call, tool);
    const other = await openCache(redis.url, 'pause');
    await other.whenReady();

    expect(await other.wrap(call, tool)).toEqual({ value: 5, cached: true, level: 'shared' });
  });
});
