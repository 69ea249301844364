import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../agent/logger.js';
import { cacheKey, createToolCache, type TwoLevelToolCache } from './index.js';
import { OwnRedis } from './testdata/own-redis.js';
import { WrongTypeRedis } from './testdata/wrong-type-redis.js';
import type { CacheCall } from './types.js';

const flights: CacheCall = {
  tool: 'search_flights',
  dataType: 'flight_search',
  args: { origin: 'LON', destination: 'PAR' },
};

let redis: OwnRedis;
let admin: Redis;
const openCaches: TwoLevelToolCache[] = [];

function openCache(url: string, namespace: string, extra: Record<string, number> = {}) {
  const cache = createToolCache({
    redisUrl: url,
    namespace,
    logger: silentLogger,
    commandTimeoutMs: 1_000,
    ...extra,
  });
  openCaches.push(cache);
  return cache;
}

/** Retries `check` until it returns true or the deadline passes; returns the last result. */
async function eventually(check: () => boolean, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await sleep(20);
  }
  return check();
}

function metric(cache: TwoLevelToolCache, pattern: RegExp): number | undefined {
  const match = pattern.exec(cache.metricsText());
  return match ? Number(match[1]) : undefined;
}

function memoryEntries(cache: TwoLevelToolCache): number {
  return metric(cache, /^tool_cache_memory_entries\{tool="search_flights"\} (\d+)$/m) ?? 0;
}

beforeAll(async () => {
  redis = await OwnRedis.start();
  admin = new Redis(redis.url);
});

afterEach(async () => {
  await Promise.all(openCaches.splice(0).map((cache) => cache.close()));
});

afterAll(async () => {
  admin.disconnect();
  await redis.stop();
});

describe('server replying with the wrong types', () => {
  let fake: WrongTypeRedis;

  beforeAll(async () => {
    fake = await WrongTypeRedis.start();
  });

  afterAll(async () => {
    await fake.stop();
  });

  it('still answers every operation', async () => {
    const cache = openCache(fake.url, 'wrong-type');
    expect(await cache.whenReady()).toBe(true);

    const wrapped = await cache.wrap(flights, async () => 'fresh');
    const batch = await cache.getMany([{ ...flights, args: { other: 1 } }]);
    const removed = await cache.invalidate({ tool: 'search_flights' });

    expect(wrapped).toEqual({ value: 'fresh', cached: false });
    expect(batch).toEqual([undefined]);
    expect(removed).toBe(1);
    expect(metric(cache, /kind="shared_read"\} (\d+)/)).toBeGreaterThanOrEqual(1);
  });
});

describe('subscription after a failed handshake', () => {
  it('resubscribes once the password is removed', async () => {
    const namespace = `auth-${randomUUID().slice(0, 8)}`;
    // The admin connection opened before the password was set, so Redis keeps it authenticated.
    await admin.config('SET', 'requirepass', 'secret');
    const writer = openCache(redis.url, namespace);
    const reader = openCache(redis.url, namespace);
    try {
      expect(await reader.whenReady(500)).toBe(false);
    } finally {
      await admin.config('SET', 'requirepass', '');
    }

    expect(await writer.whenReady(10_000)).toBe(true);
    expect(await reader.whenReady(10_000)).toBe(true);
    await writer.wrap(flights, async () => 'v1');
    expect((await reader.wrap(flights, async () => 'unused')).level).toBe('shared');
    expect(memoryEntries(reader)).toBe(1);
    await writer.invalidate({ tool: 'search_flights' });

    expect(await eventually(() => memoryEntries(reader) === 0)).toBe(true);
  }, 20_000);
});

describe('invalidation during a shared read', () => {
  it('keeps no copy read by wrap', async () => {
    const namespace = `read-race-${randomUUID().slice(0, 8)}`;
    const writer = openCache(redis.url, namespace);
    const reader = openCache(redis.url, namespace);
    await writer.whenReady();
    await reader.whenReady();
    await writer.wrap(flights, async () => 'old fare');

    // wrap sends its GET before invalidate starts, so Redis replies with the old entry.
    const lookup = reader.wrap(flights, async () => 'unused');
    const removed = await reader.invalidate({ tool: 'search_flights' });
    await lookup;

    expect(removed).toBe(1);
    expect(await reader.wrap(flights, async () => 'new fare')).toEqual({
      value: 'new fare',
      cached: false,
    });
  });

  it('keeps no copy read by getMany', async () => {
    const namespace = `batch-race-${randomUUID().slice(0, 8)}`;
    const writer = openCache(redis.url, namespace);
    const reader = openCache(redis.url, namespace);
    await writer.whenReady();
    await reader.whenReady();
    await writer.wrap(flights, async () => 'old fare');

    const lookup = reader.getMany([flights]);
    await reader.invalidate({ tool: 'search_flights' });
    await lookup;

    expect(await reader.getMany([flights])).toEqual([undefined]);
  });
});

describe('entry past its own expiry', () => {
  it('is a miss in wrap and getMany', async () => {
    const namespace = `expired-${randomUUID().slice(0, 8)}`;
    const cache = openCache(redis.url, namespace);
    await cache.whenReady();
    const forBatch = { ...flights, args: { read: 'batch' } };
    // Another host whose clock runs a minute behind wrote these: the offers inside have
    // expired by this host's clock, while Redis keeps the keys for another minute.
    const expired = `{"toolCache":1,"expiresAt":${Date.now() - 60_000},"value":"expired offer"}`;
    await admin.set(cacheKey(namespace, flights), expired, 'PX', 60_000);
    await admin.set(cacheKey(namespace, forBatch), expired, 'PX', 60_000);

    const batch = await cache.getMany([forBatch]);
    const wrapped = await cache.wrap(flights, async () => 'fresh offer');

    expect(batch).toEqual([undefined]);
    expect(wrapped).toEqual({ value: 'fresh offer', cached: false });
  });
});

describe('health checks while Redis is stopped', () => {
  it('keep pending commands bounded', async () => {
    const namespace = `health-${randomUUID().slice(0, 8)}`;
    const cache = openCache(redis.url, namespace, { commandTimeoutMs: 100, maxPendingCommands: 3 });
    await cache.whenReady();

    redis.pause();
    const statuses: string[] = [];
    let pending = 0;
    try {
      for (let i = 0; i < 8; i += 1) statuses.push((await cache.health()).status);
      pending = metric(cache, /^tool_cache_shared_pending_commands (\d+)$/m) ?? -1;
    } finally {
      redis.resume();
    }

    expect(statuses.every((status) => status === 'degraded')).toBe(true);
    expect(pending).toBeLessThanOrEqual(3);
  });
});

describe('most requested calls at start', () => {
  it('are read before the first connect completes', async () => {
    const namespace = `popular-start-${randomUUID().slice(0, 8)}`;
    const first = openCache(redis.url, namespace);
    await first.whenReady();
    for (let i = 0; i < 2; i += 1) {
      await first.wrap({ ...flights, args: { to: 'ROM' } }, async () => 1);
    }
    await first.close();

    // startWarming calls popularCalls right after createToolCache, before any connect.
    const next = openCache(redis.url, namespace);
    const popular = await next.popularCalls();

    expect(popular.map((call) => call.args)).toEqual([{ to: 'ROM' }]);
  });
});
