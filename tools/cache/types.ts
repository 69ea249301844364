import type { ComponentHealth } from '../types.js';

/** Kind of data a tool returns; each kind has its own time to live. */
export type CacheDataType =
  'flight_search' | 'stay_search' | 'destination_page' | 'destination_facts' | 'reference';

/** Description of one tool call, from which the cache builds the key and the TTL. */
export interface CacheCall {
  /** Tool name: letters, digits, `_`, `-` and `.` only. */
  tool: string;
  dataType: CacheDataType;
  /** Tool arguments; their canonical form is hashed into the key. */
  args: unknown;
  /** Owner of a per-user result; per-user keys live under the user's prefix. */
  userId?: string;
  /** Version of the tool's result shape; bump it to stop reading older entries. Default 1. */
  schemaVersion?: number;
  /** Upper bound on the TTL in seconds, such as the offers' expiry. 0 or less skips caching. */
  maxTtlSeconds?: number;
}

/** A value from `wrap` and where it came from. */
export interface CacheResult<T> {
  value: T;
  cached: boolean;
  level?: 'memory' | 'shared';
}

/**
 * Selection of entries for `invalidate`. `tool` and `userId` may be combined, but `prefix` must
 * be used alone.
 */
export interface InvalidateOptions {
  tool?: string;
  userId?: string;
  /** A prefix of full cache keys, starting with the namespace, as `cacheKeyPrefix` builds. */
  prefix?: string;
}

/** A cache of tool results in process, shared through Redis or Dragonfly when configured. */
export interface ToolCache {
  /** Returns the cached value or runs `run` once (single flight) and stores its result. */
  wrap<T>(call: CacheCall, run: () => Promise<T>): Promise<CacheResult<T>>;
  /** Removes matching entries in every process and returns how many distinct keys were removed. */
  invalidate(options: InvalidateOptions): Promise<number>;
  /** Pings the shared level and reports its state. */
  health(): Promise<ComponentHealth>;
  /** Renders per-tool counters, the hit ratio, the latency histogram and the in-process size. */
  metricsText(): string;
  /** Closes the Redis connections; `wrap` keeps working in process afterwards. */
  close(): Promise<void>;
}
