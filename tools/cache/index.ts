import type { Logger } from '../../agent/logger.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { assertName } from './key.js';
import { MemoryLevel } from './memory-level.js';
import { createCommandClient, createSubscriberClient } from './redis-client.js';
import { SharedLevel } from './shared-level.js';
import { TwoLevelToolCache } from './tool-cache.js';
import { loadTtlTable } from './ttl.js';

export { cacheKey, cacheKeyPrefix, canonicalJson } from './key.js';
export {
  DEFAULT_PEAK_HOURS_UTC,
  DEFAULT_TTL_SECONDS,
  PEAK_HOURS_ENV_VARIABLE,
  TTL_ENV_VARIABLES,
  loadTtlTable,
} from './ttl.js';
export type { TtlContext, TtlPolicy, TtlRule, TtlTable } from './ttl.js';
export type {
  CacheCall,
  CacheDataType,
  CacheEntryInput,
  CacheResult,
  InvalidateOptions,
  ToolCache,
  WarmOptions,
  WarmReport,
  WarmTask,
} from './types.js';
export { readWarmSettings, startWarming, type StartWarmingOptions } from './warm.js';
export { TwoLevelToolCache } from './tool-cache.js';

/** Options of createToolCache; only `logger` is required. */
export interface ToolCacheOptions {
  /** Redis or Dragonfly URL; without it the cache lives in process only. */
  redisUrl?: string;
  /** First segment of every key and of the invalidation channel. Default `ta`. */
  namespace?: string;
  logger: Logger;
  /** Source of the `CACHE_TTL_*` overrides, in seconds; usually `process.env`. */
  env?: Record<string, string | undefined>;
  /** Entries in the in-process level. Default 5,000. */
  maxEntries?: number;
  /** Estimated bytes of JSON in the in-process level. Default 64 MiB. */
  maxMemoryBytes?: number;
  /**
   * Maximum life of an in-process entry in seconds, which bounds staleness after a lost
   * invalidation message. Default 300.
   */
  memoryMaxTtlSeconds?: number;
  /** Redis command timeout in ms. Default 150. */
  commandTimeoutMs?: number;
  /** Consecutive Redis failures that make the cache skip Redis. Default 3. */
  breakerFailureThreshold?: number;
  /** How long Redis is skipped before one trial command, in ms. Default 5,000. */
  breakerOpenMs?: number;
  /** Life of the cross-process single-flight lock in ms. Default 10,000. */
  lockTtlMs?: number;
  /** How long a process waits for another process's run in ms. Default 3,000. */
  lockWaitMs?: number;
  /** Interval between checks while waiting, in ms. Default 50. */
  lockPollMs?: number;
  /** Random source for TTL jitter, for tests. Default Math.random. */
  random?: () => number;
  /** Commands awaiting a Redis reply above which new ones are skipped. Default 1,000. */
  maxPendingCommands?: number;
  /** Interval between saves of the most requested calls to Redis, in ms. Default 60,000. */
  popularFlushMs?: number;
}

/** In-process LRU only when redisUrl is unset; LRU in front of Redis/Dragonfly otherwise. */
export function createToolCache(options: ToolCacheOptions): TwoLevelToolCache {
  const namespace = options.namespace ?? 'ta';
  assertName('namespace', namespace);
  const ttlTable = loadTtlTable(options.env);
  const memory = new MemoryLevel({
    maxEntries: positive('maxEntries', options.maxEntries ?? 5_000),
    maxBytes: positive('maxMemoryBytes', options.maxMemoryBytes ?? 64 * 1024 * 1024),
  });

  const common = {
    namespace,
    logger: options.logger,
    ttlTable,
    memory,
    memoryMaxTtlMs: positive('memoryMaxTtlSeconds', options.memoryMaxTtlSeconds ?? 300) * 1000,
    lockTtlMs: positive('lockTtlMs', options.lockTtlMs ?? 10_000),
    lockWaitMs: positive('lockWaitMs', options.lockWaitMs ?? 3_000),
    lockPollMs: positive('lockPollMs', options.lockPollMs ?? 50),
    random: options.random ?? Math.random,
    popularFlushMs: positive('popularFlushMs', options.popularFlushMs ?? 60_000),
  };
  const redisUrl = options.redisUrl?.trim();
  if (!redisUrl) return new TwoLevelToolCache(common);

  const timeouts = {
    commandTimeoutMs: positive('commandTimeoutMs', options.commandTimeoutMs ?? 150),
    connectTimeoutMs: 1_000,
    maxReconnectDelayMs: 2_000,
  };
  const breaker = new CircuitBreaker({
    failureThreshold: positive('breakerFailureThreshold', options.breakerFailureThreshold ?? 3),
    openMs: positive('breakerOpenMs', options.breakerOpenMs ?? 5_000),
  });
  const client = createCommandClient(redisUrl, timeouts, options.logger);
  const maxPending = positive('maxPendingCommands', options.maxPendingCommands ?? 1_000);
  const shared = new SharedLevel(client, breaker, options.logger, maxPending);
  const subscriber = createSubscriberClient(redisUrl, timeouts, options.logger);
  return new TwoLevelToolCache({ ...common, shared, subscriber });
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new TypeError(`Invalid cache option ${name} ${value}: use a positive number.`);
  }
  return value;
}
