/**
 * Child process for the cross-process single-flight test. It waits for `go` on stdin, then
 * makes 100 concurrent identical `wrap` calls whose tool counts its runs in Redis, and prints
 * one JSON line: the values it got and how many times its tool ran.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { silentLogger } from '../../../agent/logger.js';
import { createToolCache } from '../index.js';

const [redisUrl, namespace, counterKey] = process.argv.slice(2);
const cache = createToolCache({
  redisUrl,
  namespace,
  logger: silentLogger,
  commandTimeoutMs: 2_000,
});
const counter = new Redis(redisUrl);
await cache.whenReady(10_000);
process.stdout.write('ready\n');

await new Promise((resolve) => process.stdin.once('data', resolve));
let localRuns = 0;
const call = {
  tool: 'search_flights',
  dataType: 'flight_search' as const,
  args: { route: 'LON-PAR' },
};
const results = await Promise.all(
  Array.from({ length: 100 }, () =>
    cache.wrap(call, async () => {
      localRuns += 1;
      await counter.incr(counterKey);
      await sleep(500);
      return { fares: [120, 180] };
    }),
  ),
);

process.stdout.write(`${JSON.stringify({ localRuns, values: results.map((r) => r.value) })}\n`);
await cache.close();
await counter.quit();
