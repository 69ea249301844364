import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { chat } from '../helpers/sse.js';
import { startServer, type ServerProcess } from '../helpers/server-process.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Two server processes share the Redis on 127.0.0.1:6379 as their tool cache: a search one
 * process made is a hit in the other, which only the shared level can explain.
 */
describe('shared tool cache across two server processes', () => {
  const namespace = `e2e${randomUUID().slice(0, 8)}`;
  let first: ServerProcess;
  let second: ServerProcess;
  let redis: Redis;

  beforeAll(async () => {
    const env = { DRAGONFLY_URL: REDIS_URL, CACHE_NAMESPACE: namespace };
    [first, second] = await Promise.all([startServer(env), startServer(env)]);
    redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
  }, 120_000);

  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
    if (redis) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${namespace}:*`, 'COUNT', 500);
        if (keys.length > 0) await redis.unlink(...keys);
        cursor = next;
      } while (cursor !== '0');
      redis.disconnect();
    }
  });

  it('answers a search made by one process from the cache in the other', async () => {
    const message = 'flights from Madrid to Rome next Friday for 1 adult';

    const miss = await chat(first.url, { user_id: 'carol', message });
    const [missEnd] = miss.byName('tool_end');
    expect(missEnd.ok).toBe(true);
    expect(missEnd.cached).toBe(false);

    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${namespace}:*`, 'COUNT', 500);
      keys.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    expect(keys.some((key) => key.includes('search_flights'))).toBe(true);

    const hit = await chat(second.url, { user_id: 'dave', message });
    const [hitEnd] = hit.byName('tool_end');
    expect(hitEnd.cached).toBe(true);
    expect(hitEnd.result.offers).toEqual(missEnd.result.offers);

    const health = await (await fetch(`${second.url}/health`)).json();
    expect(health.components.cache.status).toBe('ok');
    expect(health.components.cache.backend).toMatch(/redis|dragonfly/i);
  });

  it('exports per-tool hit and miss counters on /metrics', async () => {
    const metrics = await (await fetch(`${second.url}/metrics`)).text();
    expect(metrics).toMatch(/search_flights/);
    expect(metrics).toMatch(/hit/);
  });
});
