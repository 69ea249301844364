import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../agent/logger.js';
import { cacheKey, cacheKeyPrefix, createToolCache, type TwoLevelToolCache } from './index.js';
import { OwnRedis } from './testdata/own-redis.js';
import type { CacheCall } from './types.js';

const flights: CacheCall = {
  tool: 'search_flights',
  dataType: 'flight_search',
  args: { origin: 'LON', destination: 'PAR' },
};

let redis: OwnRedis;
let admin: Redis;
const openCaches: TwoLevelToolCache[] = [];

function openCache(namespace: string, extra: Record<string, number> = {}) {
  const cache = createToolCache({
    redisUrl: redis.url,
    namespace,
    logger: silentLogger,
    commandTimeoutMs: 1_000,
    ...extra,
  });
  openCaches.push(cache);
  return cache;
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

/** Starts a flight worker and resolves once it is connected and waits for `go`. */
async function startWorker(namespace: string, counterKey: string) {
  const script = fileURLToPath(new URL('./testdata/flight-worker.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', script, redis.url, namespace, counterKey],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.value !== 'ready') throw new Error(`worker did not start: ${String(first.value)}`);
  return {
    go: () => child.stdin.write('go\n'),
    result: async () =>
      JSON.parse((await lines.next()).value as string) as {
        localRuns: number;
        values: unknown[];
      },
  };
}

describe('single flight across processes', () => {
  it('runs 200 calls in two processes once', async () => {
    const namespace = `xproc-${randomUUID().slice(0, 8)}`;
    const counterKey = `${namespace}:tool-runs`;
    const workers = await Promise.all([
      startWorker(namespace, counterKey),
      startWorker(namespace, counterKey),
    ]);

    for (const worker of workers) worker.go();
    const results = await Promise.all(workers.map((worker) => worker.result()));

    expect(await admin.get(counterKey)).toBe('1');
    expect(results.map((result) => result.localRuns).sort()).toEqual([0, 1]);
    for (const result of results) {
      expect(result.values).toHaveLength(100);
      for (const value of result.values) expect(value).toEqual({ fares: [120, 180] });
    }
  }, 30_000);
});

describe('batch calls against Redis', () => {
  const stayCall = (city: string): CacheCall => ({
    tool: 'search_stays',
    dataType: 'stay_search',
    args: { city },
  });

  it('setMany writes with a TTL and getMany reads them', async () => {
    const namespace = `batch-${randomUUID().slice(0, 8)}`;
    const writer = openCache(namespace);
    const reader = openCache(namespace);
    await writer.whenReady();
    await reader.whenReady();

    await writer.setMany([
      { call: stayCall('rome'), value: { stays: ['r1'] } },
      { call: stayCall('oslo'), value: { stays: ['o1'] } },
    ]);
    const results = await reader.getMany([stayCall('oslo'), stayCall('lima'), stayCall('rome')]);

    expect(results).toEqual([
      { value: { stays: ['o1'] }, cached: true, level: 'shared' },
      undefined,
      { value: { stays: ['r1'] }, cached: true, level: 'shared' },
    ]);
    const ttlMs = await admin.pttl(cacheKey(namespace, stayCall('rome')));
    expect(ttlMs).toBeGreaterThan(0);
    expect(ttlMs).toBeLessThanOrEqual(600_000);
  });

  it('caps the shared TTL by the value expiry', async () => {
    const namespace = `expiry-${randomUUID().slice(0, 8)}`;
    const cache = openCache(namespace);
    await cache.whenReady();
    const call = { ...flights, expiresAt: (value: unknown) => (value as { until: string }).until };

    await cache.wrap(call, async () => ({ until: new Date(Date.now() + 20_000).toISOString() }));
    const ttlMs = await admin.pttl(cacheKey(namespace, call));

    expect(ttlMs).toBeGreaterThan(0);
    expect(ttlMs).toBeLessThanOrEqual(20_000);
  });

  it('persists the most requested calls for the next start', async () => {
    const namespace = `popular-${randomUUID().slice(0, 8)}`;
    const first = openCache(namespace);
    await first.whenReady();
    for (let i = 0; i < 3; i += 1)
      await first.wrap({ ...flights, args: { to: 'ROM' } }, async () => 1);
    await first.wrap({ ...flights, args: { to: 'PAR' } }, async () => 1);
    await first.close();

    const next = openCache(namespace);
    await next.whenReady();
    const popular = await next.popularCalls();

    expect(popular.map((call) => call.args)).toEqual([{ to: 'ROM' }, { to: 'PAR' }]);
    expect(await admin.pttl(`${namespace}:warm:popular`)).toBeGreaterThan(0);
  });
});

describe('invalidation among 300,000 keys', () => {
  it('unlinks 2,000 keys without KEYS while lookups go on', async () => {
    const namespace = 'big';
    const victimPrefix = cacheKeyPrefix(namespace, { userId: 'victim' });
    const pipelineSize = 10_000;
    for (let start = 0; start < 300_000; start += pipelineSize) {
      const pipeline = admin.pipeline();
      for (let index = start; index < start + pipelineSize; index += 1) {
        const owner =
          index < 2_000 ? victimPrefix : cacheKeyPrefix(namespace, { userId: `u${index % 5_000}` });
        pipeline.set(`${owner}search_flights:v1:${index.toString(16).padStart(32, '0')}`, 'x');
      }
      await pipeline.exec();
    }
    expect(await admin.dbsize()).toBeGreaterThanOrEqual(300_000);

    const cache = openCache(namespace);
    const looker = openCache(namespace, { maxEntries: 1 });
    await cache.whenReady();
    await looker.whenReady();
    const lookupCalls = [1, 2].map((n) => ({ ...flights, args: { lookup: n } }));
    for (const [n, call] of lookupCalls.entries()) {
      await looker.wrap(call, async () => `value ${n}`);
    }
    const sizeBefore = await admin.dbsize();

    const monitor = await admin.duplicate().monitor();
    const commands: string[] = [];
    monitor.on('monitor', (_time: string, args: string[]) => commands.push(args[0].toLowerCase()));

    let done = false;
    const lookups: Array<{ level?: string; value: unknown }> = [];
    const lookupLoop = (async () => {
      for (let i = 0; !done; i += 1) {
        lookups.push(await looker.wrap(lookupCalls[i % 2], async () => 'recomputed'));
      }
    })();
    const removed = await cache.invalidate({ userId: 'victim' });
    done = true;
    await lookupLoop;
    await sleep(100);
    monitor.disconnect();

    expect(removed, 'keys the invalidation removed').toBe(2_000);
    expect(await admin.dbsize(), 'keys left').toBe(sizeBefore - 2_000);
    expect(commands).not.toContain('keys');
    expect(commands).toContain('scan');
    expect(commands).toContain('unlink');
    expect(lookups.length).toBeGreaterThan(0);
    const sharedHits = lookups.filter((lookup) => lookup.level === 'shared');
    expect(sharedHits.length, 'lookups answered by Redis').toBeGreaterThan(0);
    const recomputed = lookups.filter((lookup) => lookup.value === 'recomputed');
    expect(recomputed.length, `lookups that ran the tool, of ${lookups.length}`).toBe(0);
    await expect(admin.call('KEYS', '*')).rejects.toThrow(/unknown command/i);
  }, 60_000);
});

describe('cache server that stops replying', () => {
  const clientCount = async () =>
    Number(/connected_clients:(\d+)/.exec(await admin.info('clients'))?.[1]);
  const pending = (cache: TwoLevelToolCache) =>
    Number(/^tool_cache_shared_pending_commands (\d+)$/m.exec(cache.metricsText())?.[1]);

  it('answers during SIGSTOP and hits again after', async () => {
    const namespace = `stop-${randomUUID().slice(0, 8)}`;
    const cache = openCache(namespace, { commandTimeoutMs: 150, breakerOpenMs: 300 });
    await cache.whenReady();
    const callFor = (n: number) => ({ ...flights, args: { n } });
    await cache.wrap(callFor(0), async () => 'fare 0');
    const clientsBefore = await clientCount();

    let resumed = false;
    let stopTraffic = false;
    let wrongAnswers = 0;
    let maxPending = 0;
    const traffic = Array.from({ length: 20 }, async (_, worker) => {
      for (let i = 0; !stopTraffic; i += 1) {
        const n = (worker * 1_000 + i) % 50;
        const result = await cache.wrap(callFor(n), async () => `fare ${n}`);
        if (result.value !== `fare ${n}`) wrongAnswers += 1;
        maxPending = Math.max(maxPending, pending(cache));
        await sleep(5);
      }
    });

    await sleep(200);
    redis.pause();
    // The server stays stopped far longer than a command timeout, so every call below that
    // completes before `resumed` is set has given up on Redis rather than waited for it.
    const resumeTimer = setTimeout(() => {
      resumed = true;
      redis.resume();
    }, 3_000);
    await sleep(500);
    const health = await cache.health();
    const healthBeforeResume = !resumed;
    const callsWhileStopped = await Promise.all(
      [1, 2, 3].map(async (n) => {
        const result = await cache.wrap(callFor(100 + n), async () => `fare ${100 + n}`);
        return { value: result.value, beforeResume: !resumed };
      }),
    );

    await new Promise((resolve) => setTimeout(resolve, 3_000));
    clearTimeout(resumeTimer);
    stopTraffic = true;
    await Promise.all(traffic);

    expect(health.status).toBe('degraded');
    expect(healthBeforeResume).toBe(true);
    for (const [index, call] of callsWhileStopped.entries()) {
      expect(call.value).toBe(`fare ${101 + index}`);
      expect(call.beforeResume).toBe(true);
    }
    expect(wrongAnswers).toBe(0);
    expect(maxPending).toBeLessThan(100);

    // Waits out breakerOpenMs, after which the next command is the circuit's trial.
    await sleep(400);
    await cache.wrap(callFor(200), async () => 'fare 200');
    const other = openCache(namespace);
    await other.whenReady();
    expect(await other.wrap(callFor(200), async () => 'recomputed')).toEqual({
      value: 'fare 200',
      cached: true,
      level: 'shared',
    });
    expect((await cache.health()).status).toBe('ok');
    // Two connections for `other` and none for reconnects of `cache`.
    expect(await clientCount()).toBe(clientsBefore + 2);
  }, 30_000);
});
