/**
 * Measures the tool cache against Redis at 127.0.0.1:6379 (or BENCH_REDIS_URL) with a 10 KB
 * value: shared-level hit latency beside a bare ioredis GET, throughput of 50 concurrent
 * callers as a ratio, and in-process hit latency. A bare GET followed by JSON.parse is shown
 * too, because a shared hit returns a parsed value and so pays that parse. The compared
 * operations take turns within each round, so load on the machine affects them alike, and each
 * round prints its own figures after an untimed warm-up. `redis-benchmark -c 50` figures for the
 * same server follow when that tool is installed. Run: `npx tsx bench/cache.bench.ts [ROUNDS]`
 * (default 3). Keys live under a random namespace and are deleted at the end.
 */
import { spawnSync } from 'node:child_process';
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
/** Calls of each caller in one throughput batch, and timed batches per operation. */
const CALLS_PER_BATCH = 20;
const THROUGHPUT_BATCHES = 10;
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

type Operation = (index: number) => Promise<unknown>;

/** Times `operation` alone, after an untimed warm-up; returns sorted durations in ms. */
async function timeEach(samples: number, operation: Operation): Promise<number[]> {
  for (let index = 0; index < WARM_UP_CALLS; index += 1) await operation(index);
  const durations: number[] = [];
  for (let index = 0; index < samples; index += 1) {
    const startedAt = performance.now();
    await operation(index);
    durations.push(performance.now() - startedAt);
  }
  return durations.sort((a, b) => a - b);
}

/**
 * Times several operations in turns, one call of each per turn, rotating which goes first, so
 * that changes in machine load and garbage left by one operation fall on all of them alike.
 * Returns sorted durations in ms per operation.
 */
async function timeInTurns<Name extends string>(
  samples: number,
  operations: Record<Name, Operation>,
): Promise<Record<Name, number[]>> {
  const names = Object.keys(operations) as Name[];
  const durations = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<
    Name,
    number[]
  >;
  for (let index = 0; index < WARM_UP_CALLS + samples; index += 1) {
    for (let turn = 0; turn < names.length; turn += 1) {
      const name = names[(index + turn) % names.length];
      const startedAt = performance.now();
      await operations[name](index);
      if (index >= WARM_UP_CALLS) durations[name].push(performance.now() - startedAt);
    }
  }
  for (const name of names) durations[name].sort((a, b) => a - b);
  return durations;
}

/**
 * Returns operations per second of CONCURRENT_CALLERS loops, per operation. The operations take
 * turns in THROUGHPUT_BATCHES short batches in rotating order, as in timeInTurns. The first
 * batch of each is an untimed warm-up.
 */
async function throughputInTurns<Name extends string>(
  operations: Record<Name, Operation>,
): Promise<Record<Name, number>> {
  const names = Object.keys(operations) as Name[];
  const elapsedMs = Object.fromEntries(names.map((name) => [name, 0])) as Record<Name, number>;
  for (let batch = 0; batch <= THROUGHPUT_BATCHES; batch += 1) {
    for (let turn = 0; turn < names.length; turn += 1) {
      const name = names[(batch + turn) % names.length];
      const startedAt = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENT_CALLERS }, async (_, caller) => {
          // Callers start on different keys so that they do not share one in-process run.
          for (let call = 0; call < CALLS_PER_BATCH; call += 1) {
            await operations[name](caller + (batch * CALLS_PER_BATCH + call) * CONCURRENT_CALLERS);
          }
        }),
      );
      if (batch > 0) elapsedMs[name] += performance.now() - startedAt;
    }
  }

  const timedCalls = CONCURRENT_CALLERS * CALLS_PER_BATCH * THROUGHPUT_BATCHES;
  return Object.fromEntries(
    names.map((name) => [name, (timedCalls * 1000) / elapsedMs[name]]),
  ) as Record<Name, number>;
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

  let sharedLevelReads = 0;
  const latency = await timeInTurns(SAMPLES, {
    sharedHit: (index) => reader.wrap(calls[index % KEY_COUNT], neverRuns),
    bareGet: (index) => bare.get(keys[index % KEY_COUNT]),
    bareGetParse: getAndParse,
  });
  const rates = await throughputInTurns({
    shared: async (index) => {
      const result = await reader.wrap(calls[index % KEY_COUNT], neverRuns);
      if (result.level === 'shared') sharedLevelReads += 1;
    },
    bare: (index) => bare.get(keys[index % KEY_COUNT]),
    bareAuto: (index) => bareAutoPipelined.get(keys[index % KEY_COUNT]),
    bareParse: getAndParse,
  });
  const memoryHit = await timeEach(SAMPLES, () => inProcess.wrap(calls[0], neverRuns));

  const { sharedHit, bareGet, bareGetParse } = latency;
  const { shared: sharedRate, bare: bareRate, bareAuto: bareAutoRate } = rates;
  const bareParseRate = rates.bareParse;
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
  const sharedShare =
    sharedLevelReads / (CONCURRENT_CALLERS * CALLS_PER_BATCH * (THROUGHPUT_BATCHES + 1));
  console.log(`shared_level_share_of_concurrent_reads ${sharedShare.toFixed(3)}`);
  console.log(`unexpected_misses ${unexpectedMisses}`);
  console.log(`memory_hit_p50_us ${(percentile(memoryHit, 0.5) * 1000).toFixed(1)}`);
  console.log(`memory_hit_p95_us ${(percentile(memoryHit, 0.95) * 1000).toFixed(1)}`);
}

/**
 * Runs `redis-benchmark -c 50` for SET and GET of a value of the bench's size against the same
 * server, when the tool is installed, and prints its requests per second for reference. It
 * writes its own key, `key:__rand_int__`, which is deleted afterwards.
 */
async function printRedisBenchmark(admin: Redis): Promise<void> {
  const { hostname, port } = new URL(REDIS_URL);
  const args = ['-h', hostname, '-p', port || '6379', '-c', String(CONCURRENT_CALLERS)];
  args.push('-n', '50000', '-d', String(valueBytes), '-t', 'set,get', '--csv');
  const run = spawnSync('redis-benchmark', args, { encoding: 'utf8', timeout: 120_000 });
  if (run.error || run.status !== 0) {
    console.log(`redis_benchmark skipped (${run.error?.message ?? run.stderr.trim()})`);
    return;
  }

  // CSV rows look like "GET","41580.45",... after a header row.
  for (const line of run.stdout.trim().split('\n')) {
    const [test, rate] = line.split(',').map((field) => field.replaceAll('"', ''));
    if (test === 'SET' || test === 'GET') {
      console.log(`redis_benchmark_${test.toLowerCase()}_ops_per_s_50_clients ${rate}`);
    }
  }
  await admin.del('key:__rand_int__');
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
    await printRedisBenchmark(bare);
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
