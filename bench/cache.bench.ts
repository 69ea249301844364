/**
 * Measures the tool cache against Redis at 127.0.0.1:6379 (or BENCH_REDIS_URL) with a 10 KB
 * value: shared-level hit latency beside a bare ioredis GET, throughput of 50 concurrent
 * callers as a ratio, and in-process hit latency. A bare GET followed by JSON.parse is shown
 * too, because a shared hit returns a parsed value and so pays that parse. Each round prints
 * its own figures after an untimed warm-up, so GC and load noise shows as spread between
 * rounds. Run: `npx tsx bench/cache.bench.ts [ROUNDS]` (default 3).
 * Keys live under a random namespace and are deleted at the end.
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { Redis } from 'ioredis';
import { silentLogger } from '../agent/logger.js';
import {
  cacheKey,
  createToolCache,
  type CacheCall,
  type TwoLevelToolCache,
} from '../tools/cache/index.js';

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SAMPLES = 5_000;
/** Untimed calls before each timed series, so JIT compilation and connection setup are done. */
const WARM_UP_CALLS = 1_000;
const ROUNDS = Number(process.argv[2] ?? 3);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) {
  throw new TypeError(`Invalid ROUNDS ${process.argv[2]}: use a positive integer.`);
}
const CONCURRENT_CALLERS = 50;
const CALLS_PER_CALLER = 200;
/** Distinct keys read in turn, so a one-entry in-process level rarely contains the next one. */
const KEY_COUNT = 200;

const namespace = `bench-${randomUUID().slice(0, 8)}`;
/** Builds a sample flight search result of about 10 KB of JSON, shaped like the flights output. */
function sampleFlightSearch(): unknown {
  const offers = Array.from({ length: 17 }, (_, index) => ({
    id: `off_sample_${String(index).padStart(4, '0')}`,
    totalAmount: 180 + index * 17.5,
    currency: 'EUR',
    expiresAt: '2030-01-01T12:00:00Z',
    owner: {
      iataCode: index % 2 === 0 ? 'AF' : 'BA',
      name: index % 2 === 0 ? 'Air France' : 'British Airways',
    },
    slices: [0, 1].map((slice) => ({
      origin: slice === 0 ? 'LHR' : 'CDG',
      destination: slice === 0 ? 'CDG' : 'LHR',
      durationMinutes: 75 + index,
      segments: [
        {
          departingAt: `2030-01-0${slice + 1}T0${index % 10}:15:00`,
          arrivingAt: `2030-01-0${slice + 1}T1${index % 10}:30:00`,
          marketingCarrier: 'AF',
          flightNumber: String(1000 + index),
        },
      ],
    })),
    conditions: { refundable: index % 3 === 0, changeable: true },
  }));
  return { sample: true, offers };
}

const value = sampleFlightSearch();
const valueBytes = JSON.stringify(value).length;
const calls: CacheCall[] = Array.from({ length: KEY_COUNT }, (_, index) => ({
  tool: 'bench_tool',
  dataType: 'reference',
  args: { index },
}));
const keys = calls.map((call) => cacheKey(namespace, call));

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];
}

async function timeEach(
  samples: number,
  operation: (index: number) => Promise<unknown>,
): Promise<number[]> {
  for (let index = 0; index < WARM_UP_CALLS; index += 1) await operation(index);
  const durations: number[] = [];
  for (let index = 0; index < samples; index += 1) {
    const startedAt = performance.now();
    await operation(index);
    durations.push(performance.now() - startedAt);
  }
  return durations.sort((a, b) => a - b);
}

/** Returns operations per second of CONCURRENT_CALLERS loops running `operation`. */
async function throughput(operation: (index: number) => Promise<unknown>): Promise<number> {
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENT_CALLERS }, async (_, caller) => {
      // Callers start on different keys so that they do not share one in-process run.
      for (let call = 0; call < CALLS_PER_CALLER; call += 1) {
        await operation(caller + call * CONCURRENT_CALLERS);
      }
    }),
  );
  return (CONCURRENT_CALLERS * CALLS_PER_CALLER * 1000) / (performance.now() - startedAt);
}

/** Counts the calls that missed, such as a read that timed out on a loaded machine. */
let unexpectedMisses = 0;
const neverRuns = async (): Promise<unknown> => {
  unexpectedMisses += 1;
  return value;
};

/** Times every case once and prints its figures. */
async function runRound(
  reader: TwoLevelToolCache,
  inProcess: TwoLevelToolCache,
  bare: Redis,
  bareAutoPipelined: Redis,
): Promise<void> {
  const getAndParse = async (index: number) => {
    const stored = await bare.get(keys[index % KEY_COUNT]);
    return stored === null ? null : JSON.parse(stored);
  };

  const sharedHit = await timeEach(SAMPLES, (index) =>
    reader.wrap(calls[index % KEY_COUNT], neverRuns),
  );
  const bareGet = await timeEach(SAMPLES, (index) => bare.get(keys[index % KEY_COUNT]));
  const bareGetParse = await timeEach(SAMPLES, getAndParse);
  const memoryHit = await timeEach(SAMPLES, () => inProcess.wrap(calls[0], neverRuns));

  let sharedLevelReads = 0;
  const sharedRate = await throughput(async (index) => {
    const result = await reader.wrap(calls[index % KEY_COUNT], neverRuns);
    if (result.level === 'shared') sharedLevelReads += 1;
  });
  const bareRate = await throughput((index) => bare.get(keys[index % KEY_COUNT]));
  const bareAutoRate = await throughput((index) => bareAutoPipelined.get(keys[index % KEY_COUNT]));
  const bareParseRate = await throughput(getAndParse);

  console.log(`shared_hit_p50_ms ${percentile(sharedHit, 0.5).toFixed(3)}`);
  console.log(`shared_hit_p95_ms ${percentile(sharedHit, 0.95).toFixed(3)}`);
  console.log(`bare_get_p50_ms ${percentile(bareGet, 0.5).toFixed(3)}`);
  console.log(`bare_get_p95_ms ${percentile(bareGet, 0.95).toFixed(3)}`);
  console.log(`bare_get_parse_p50_ms ${percentile(bareGetParse, 0.5).toFixed(3)}`);
  console.log(`bare_get_parse_p95_ms ${percentile(bareGetParse, 0.95).toFixed(3)}`);
  console.log(`shared_hit_ops_per_s_50_callers ${sharedRate.toFixed(0)}`);
  console.log(`bare_get_ops_per_s_50_callers ${bareRate.toFixed(0)}`);
  console.log(`bare_get_auto_pipelined_ops_per_s_50_callers ${bareAutoRate.toFixed(0)}`);
  console.log(`bare_get_parse_ops_per_s_50_callers ${bareParseRate.toFixed(0)}`);
  console.log(`throughput_ratio_shared_hit_to_bare_get ${(sharedRate / bareRate).toFixed(2)}`);
  console.log(
    `throughput_ratio_shared_hit_to_auto_pipelined_get ${(sharedRate / bareAutoRate).toFixed(2)}`,
  );
  console.log(
    `throughput_ratio_shared_hit_to_get_parse ${(sharedRate / bareParseRate).toFixed(2)}`,
  );
  const sharedShare = sharedLevelReads / (CONCURRENT_CALLERS * CALLS_PER_CALLER);
  console.log(`shared_level_share_of_concurrent_reads ${sharedShare.toFixed(3)}`);
  console.log(`unexpected_misses ${unexpectedMisses}`);
  console.log(`memory_hit_p50_us ${(percentile(memoryHit, 0.5) * 1000).toFixed(1)}`);
  console.log(`memory_hit_p95_us ${(percentile(memoryHit, 0.95) * 1000).toFixed(1)}`);
}

async function main(): Promise<void> {
  const bare = new Redis(REDIS_URL);
  // The cache's own connection pipelines automatically, so the bench shows bare GETs both ways.
  const bareAutoPipelined = new Redis(REDIS_URL, { enableAutoPipelining: true });
  // A 1 s command timeout instead of the 150 ms default, so a loaded machine causes no misses.
  const common = { redisUrl: REDIS_URL, namespace, logger: silentLogger, commandTimeoutMs: 1_000 };
  const writer = createToolCache(common);
  // One in-process entry and round-robin reads over KEY_COUNT keys make most reads shared hits.
  const reader = createToolCache({ ...common, maxEntries: 1 });
  const inProcess = createToolCache({ namespace, logger: silentLogger });
  try {
    await writer.whenReady();
    await reader.whenReady();
    for (const call of calls) await writer.wrap(call, async () => value);
    await inProcess.wrap(calls[0], async () => value);
    console.log(`value_json_bytes ${valueBytes}`);

    for (let round = 1; round <= ROUNDS; round += 1) {
      console.log(`round ${round} of ${ROUNDS}, load average ${loadavg()[0].toFixed(2)}`);
      await runRound(reader, inProcess, bare, bareAutoPipelined);
    }
  } finally {
    await bare.unlink(...keys);
    await Promise.all([
      writer.close(),
      reader.close(),
      inProcess.close(),
      bare.quit(),
      bareAutoPipelined.quit(),
    ]);
  }
}

await main();
