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
  /** Upper bound on the TTL in seconds, known before the call. 0 or less skips caching. */
  maxTtlSeconds?: number;
  /**
   * Reads the expiry a result carries, such as the earliest `expiresAt` of flight offers, as an
   * ISO 8601 date-time. The entry's TTL is then at most the time left until it, so a cached
   * search is never served past its offers' expiry. Undefined means the result does not expire.
   */
  expiresAt?: (value: unknown) => string | undefined;
}

/** A result to store with `setMany`. */
export interface CacheEntryInput {
  call: CacheCall;
  value: unknown;
}

/** A call to run in the background by `warm`, usually a tool's most requested arguments. */
export interface WarmTask {
  call: CacheCall;
  /** Runs the tool; `signal` aborts once the warming deadline passes. */
  run: (signal: AbortSignal) => Promise<unknown>;
}

/** Bounds of one `warm` pass. */
export interface WarmOptions {
  /** Maximum number of tasks started. */
  maxCalls: number;
  /** Time after which no task starts and running ones are aborted, in ms. */
  deadlineMs: number;
  /** Tasks run at the same time. Default 2. */
  concurrency?: number;
}

/** What one `warm` pass did. */
export interface WarmReport {
  /** Tasks whose result was already cached. */
  alreadyCached: number;
  /** Tasks that ran the tool; their results are cached unless the TTL rules skip them. */
  ran: number;
  failed: number;
  /** Tasks still running at the deadline; their signals were aborted. */
  unfinished: number;
  /** Tasks not started because of maxCalls or the deadline. */
  skipped: number;
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
  /**
   * Reads many calls at once: the in-process level, then one MGET for the rest. Returns a
   * result per call in order, undefined for a miss; it never runs a tool.
   */
  getMany<T>(calls: readonly CacheCall[]): Promise<Array<CacheResult<T> | undefined>>;
  /** Stores many results at once, in one pipeline on the shared level. */
  setMany(entries: readonly CacheEntryInput[]): Promise<void>;
  /**
   * Serves what is cached and runs `run` once for all misses, which must return one value per
   * call it is given, in order; stores those values and returns a result per call.
   */
  wrapMany<T>(
    calls: readonly CacheCall[],
    run: (missing: CacheCall[]) => Promise<T[]>,
  ): Promise<Array<CacheResult<T>>>;
  /** Runs warming tasks within the bounds and caches their results; never throws for a task. */
  warm(tasks: readonly WarmTask[], options: WarmOptions): Promise<WarmReport>;
  /**
   * Returns the most requested global calls (no userId), recorded by this and earlier processes
   * in the shared level, most requested first, for `warm` at the next start.
   */
  popularCalls(limit?: number): Promise<CacheCall[]>;
  /** Removes matching entries in every process and returns how many distinct keys were removed. */
  invalidate(options: InvalidateOptions): Promise<number>;
  /** Pings the shared level and reports its state. */
  health(): Promise<ComponentHealth>;
  /** Renders per-tool counters, the hit ratio, the latency histogram and the in-process size. */
  metricsText(): string;
  /** Closes the Redis connections; `wrap` keeps working in process afterwards. */
  close(): Promise<void>;
}
