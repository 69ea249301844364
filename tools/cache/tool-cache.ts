import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { Logger } from '../../agent/logger.js';
import type { ComponentHealth } from '../types.js';
import { decodeEntry, encodeEntryJson, readEntryExpiry } from './entry.js';
import { InvalidationChannel } from './invalidation-channel.js';
import { selectKeys } from './invalidation.js';
import { cacheKey, toolOfKey } from './key.js';
import type { MemoryLevel } from './memory-level.js';
import { CacheMetrics, type LookupOutcome } from './metrics.js';
import type { SharedLevel } from './shared-level.js';
import { PopularityTracker, mergePopular, parsePopular, type PopularEntry } from './popularity.js';
import { SingleFlight } from './single-flight.js';
import { capTtlByValue, configuredTtlSeconds, jitteredTtlMs, type TtlTable } from './ttl.js';
import type {
  CacheCall,
  CacheEntryInput,
  CacheResult,
  InvalidateOptions,
  ToolCache,
  WarmOptions,
  WarmReport,
  WarmTask,
} from './types.js';
import { runWarmTasks } from './warm.js';

/** Everything a TwoLevelToolCache needs, built by createToolCache. */
export interface TwoLevelToolCacheParts {
  namespace: string;
  logger: Logger;
  ttlTable: TtlTable;
  memory: MemoryLevel;
  /** Maximum time an entry stays in process, which bounds staleness after a lost invalidation. */
  memoryMaxTtlMs: number;
  /** Absent when no Redis URL is configured. */
  shared?: SharedLevel;
  subscriber?: Redis;
  /** How long the cross-process lock lives, so a crashed holder blocks others only this long. */
  lockTtlMs: number;
  /** How long a process waits for another process's run before running the tool itself. */
  lockWaitMs: number;
  lockPollMs: number;
  random: () => number;
  /** Interval between writes of the most requested calls to the shared level, in ms. */
  popularFlushMs: number;
}

/** Number of most requested calls kept in the shared level for warming. */
const POPULAR_LIMIT = 50;
/** How long popularCalls waits for the first connect to Redis, in ms. */
const POPULAR_CONNECT_WAIT_MS = 2_000;
/** The list of most requested calls expires when no process has written it for a week. */
const POPULAR_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Result of the one shared read or tool run per key that callers in this process share. A
 * shared hit carries the stored text, and each caller parses it once the flight has settled.
 * Parsing inside the flight kept every concurrent caller's parsed value alive across the
 * flight's promise hops, which doubled old-generation collections and cut the throughput of
 * 50 concurrent shared hits by about a third (bench/cache.bench.ts).
 */
type FlightOutcome = { source: 'shared'; stored: string } | ToolOutcome;

/** A tool run's result, and its stored entry unless it was not cacheable. */
interface ToolOutcome {
  source: 'tool';
  value: unknown;
  /** The stored entry, from which callers who joined get the frozen in-process copy. */
  stored?: string;
}

/** A tool cache with an in-process LRU in front of an optional shared Redis level. */
export class TwoLevelToolCache implements ToolCache {
  private readonly metrics = new CacheMetrics();
  private readonly flights = new SingleFlight<FlightOutcome>();
  private readonly channel: InvalidationChannel | undefined;
  /** Count of invalidations this process has applied, so a run can tell one happened meanwhile. */
  private invalidations = 0;
  private readonly popularity = new PopularityTracker();
  private readonly popularFlushTimer: NodeJS.Timeout | undefined;

  constructor(private readonly parts: TwoLevelToolCacheParts) {
    if (parts.shared) {
      this.popularFlushTimer = setInterval(() => void this.flushPopular(), parts.popularFlushMs);
      this.popularFlushTimer.unref();
    }
    this.channel = parts.subscriber
      ? new InvalidationChannel(parts.subscriber, parts.namespace, parts.logger, {
          onInvalidate: (options) => this.dropInProcess(options),
          // Messages published while the connection was down are lost, so the in-process level
          // is cleared rather than serve entries another process invalidated.
          onReconnect: () => parts.memory.clear(),
        })
      : undefined;
  }

  async wrap<T>(call: CacheCall, run: () => Promise<T>): Promise<CacheResult<T>> {
    const startedAt = performance.now();
    const key = cacheKey(this.parts.namespace, call);
    const seconds = configuredTtlSeconds(this.parts.ttlTable, call, Date.now());
    if (seconds <= 0) {
      const value = await this.runTool(call, run);
      this.recordLookup(call, 'miss', startedAt);
      return { value, cached: false };
    }

    this.popularity.record(key, call);
    const inMemory = this.parts.memory.get(key);
    if (inMemory) {
      this.recordLookup(call, 'memory', startedAt);
      return { value: inMemory.value as T, cached: true, level: 'memory' };
    }

    const outcome = await this.lookupShared(
      call,
      key,
      jitteredTtlMs(seconds, this.parts.random),
      run,
    );
    if (outcome.joined) {
      this.metrics.recordCoalesced(call.tool);
      return outcome.result as CacheResult<T>;
    }

    this.recordLookup(call, outcome.result.level ?? 'miss', startedAt);
    return outcome.result as CacheResult<T>;
  }

  async getMany<T>(calls: readonly CacheCall[]): Promise<Array<CacheResult<T> | undefined>> {
    const startedAt = performance.now();
    const now = Date.now();
    const results: Array<CacheResult<T> | undefined> = calls.map(() => undefined);
    const pending: Array<{ index: number; key: string; ttlMs: number }> = [];

    calls.forEach((call, index) => {
      const key = cacheKey(this.parts.namespace, call);
      const seconds = configuredTtlSeconds(this.parts.ttlTable, call, now);
      if (seconds <= 0) return;

      this.popularity.record(key, call);
      const inMemory = this.parts.memory.get(key);
      if (inMemory) {
        results[index] = { value: inMemory.value as T, cached: true, level: 'memory' };
      } else {
        pending.push({ index, key, ttlMs: jitteredTtlMs(seconds, this.parts.random) });
      }
    });

    const { shared } = this.parts;
    if (shared && pending.length > 0) {
      const invalidationsBefore = this.invalidations;
      const read = await shared.readMany(pending.map((item) => item.key));
      if (read.status === 'failed')
        this.metrics.recordError(calls[pending[0].index].tool, 'shared_read');
      if (read.status === 'ok') {
        const readAt = Date.now();
        pending.forEach((item, position) => {
          const stored = read.value[position];
          if (stored === null) return;
          const decoded = decodeEntry(stored);
          if (!decoded) {
            this.reportGarbage(calls[item.index], item.key);
            return;
          }
          if (decoded.expiresAt <= readAt) return;
          if (this.invalidations === invalidationsBefore) {
            this.keepInMemory(item.key, stored, decoded.expiresAt, item.ttlMs);
          }
          results[item.index] = { value: decoded.value as T, cached: true, level: 'shared' };
        });
      }
    }

    calls.forEach((call, index) => {
      this.recordLookup(call, results[index]?.level ?? 'miss', startedAt);
    });
    return results;
  }

  setMany(entries: readonly CacheEntryInput[]): Promise<void> {
    return this.storeMany(entries, this.invalidations);
  }

  async wrapMany<T>(
    calls: readonly CacheCall[],
    run: (missing: CacheCall[]) => Promise<T[]>,
  ): Promise<Array<CacheResult<T>>> {
    const cached = await this.getMany<T>(calls);
    const missing = calls.filter((_, index) => cached[index] === undefined);
    if (missing.length === 0) return cached as Array<CacheResult<T>>;

    const invalidationsBefore = this.invalidations;
    const values = await this.runTool(missing[0], () => run(missing));
    if (!Array.isArray(values) || values.length !== missing.length) {
      throw new TypeError(
        `Invalid wrapMany result for tool ${missing[0].tool}: expected an array of ` +
          `${missing.length} values, one per missing call, in order.`,
      );
    }
    const entries = missing.map((call, position) => ({ call, value: values[position] }));
    await this.storeMany(entries, invalidationsBefore);

    let position = 0;
    return cached.map((result) => result ?? { value: values[position++], cached: false });
  }

  async warm(tasks: readonly WarmTask[], options: WarmOptions): Promise<WarmReport> {
    const report = await runWarmTasks(tasks, options, async (task, signal) => {
      const key = cacheKey(this.parts.namespace, task.call);
      const seconds = configuredTtlSeconds(this.parts.ttlTable, task.call, Date.now());
      if (this.parts.memory.get(key)) return { value: undefined, cached: true };
      const ttlMs = jitteredTtlMs(seconds, this.parts.random);
      if (ttlMs === 0) return { value: undefined, cached: false };

      const outcome = await this.lookupShared(task.call, key, ttlMs, () => task.run(signal));
      return outcome.result;
    });
    this.parts.logger.info({ ...report, tasks: tasks.length }, 'cache: warming finished');
    return report;
  }

  async popularCalls(limit = POPULAR_LIMIT): Promise<CacheCall[]> {
    const { shared } = this.parts;
    if (!shared) {
      const local = this.popularity.snapshot();
      return mergePopular([], local, limit).map((entry) => ({ ...entry.call }));
    }

    // Warming calls this right after start, usually before the first connect has completed.
    await this.waitForConnection(shared, POPULAR_CONNECT_WAIT_MS);
    await this.flushPopular();
    const read = await shared.read(this.popularKey());
    const stored = read.status === 'ok' ? parsePopular(read.value) : [];
    return stored.slice(0, limit).map((entry) => ({ ...entry.call }));
  }

  /** Adds this process's request counts to the list of most requested calls in the shared level. */
  async flushPopular(): Promise<void> {
    const { shared } = this.parts;
    const local = this.popularity.drain();
    if (!shared || local.length === 0) return;

    // NOTE: two processes flushing at once may lose one's counts, since this is a read, then a
    // write. The list only orders warming, so a lost count costs little.
    const read = await shared.read(this.popularKey());
    if (read.status !== 'ok') return;
    const merged: PopularEntry[] = mergePopular(parsePopular(read.value), local, POPULAR_LIMIT);
    const written = await shared.write(this.popularKey(), JSON.stringify(merged), POPULAR_TTL_MS);
    if (written.status !== 'ok') this.logSharedProblem('save popular calls', written, {});
  }

  async invalidate(options: InvalidateOptions): Promise<number> {
    const selector = selectKeys(this.parts.namespace, options);
    const removed = new Set(this.dropInProcess(options));

    const { shared } = this.parts;
    if (!shared) return removed.size;

    for (const pattern of selector.patterns) {
      const outcome = await shared.deleteMatching(pattern, selector.matches);
      if (outcome.status === 'ok') {
        for (const key of outcome.value) removed.add(key);
      } else {
        this.logSharedProblem('invalidate', outcome, { pattern });
      }
    }

    if (!this.channel) return removed.size;
    const published = await shared.publish(this.channel.name, this.channel.encode(options));
    if (published.status !== 'ok') {
      // NOTE: other processes keep their in-process copies until memoryMaxTtlMs passes.
      this.logSharedProblem('publish', published, { channel: this.channel.name });
    }
    return removed.size;
  }

  /**
   * Waits until the shared level can serve commands and the invalidation channel is
   * subscribed. Resolves false after `timeoutMs`, and at once when no Redis is configured.
   */
  async whenReady(timeoutMs = 2_000): Promise<boolean> {
    const { shared } = this.parts;
    if (!shared || !this.channel) return false;

    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      if (shared.connectionStatus === 'ready' && this.channel.listening) return true;
      await sleep(10);
    }
    return false;
  }

  async health(): Promise<ComponentHealth> {
    const { shared } = this.parts;
    if (!shared) {
      return {
        status: 'ok',
        backend: 'memory',
        detail: 'in-process only; set a Redis URL to share results between processes',
      };
    }

    const ping = await shared.ping();
    if (ping.status === 'ok') {
      const open = shared.circuitState !== 'closed';
      return {
        status: open ? 'degraded' : 'ok',
        backend: 'redis',
        latencyMs: Math.round(ping.value * 100) / 100,
        ...(open ? { detail: 'recent Redis failures; the shared level is skipped for now' } : {}),
      };
    }

    const reason =
      ping.status === 'failed' ? ping.error.message : `connection ${shared.connectionStatus}`;
    return {
      status: 'degraded',
      backend: 'redis',
      detail: `shared level unreachable (${reason}); tool calls use the in-process level only`,
    };
  }

  metricsText(): string {
    return this.metrics.render({
      memoryEntriesByTool: this.countMemoryEntriesByTool(),
      memoryBytes: this.parts.memory.bytes,
      circuitOpen: this.parts.shared !== undefined && this.parts.shared.circuitState !== 'closed',
      pendingCommands: this.parts.shared?.pendingCommands ?? 0,
    });
  }

  async close(): Promise<void> {
    clearInterval(this.popularFlushTimer);
    await this.flushPopular();
    await Promise.all([this.parts.shared?.close(), this.channel?.close()]);
  }

  private popularKey(): string {
    return `${this.parts.namespace}:warm:popular`;
  }

  /**
   * Reads the shared level, or runs the tool, once per key in this process at a time. A caller
   * who joined another's run gets the shared frozen copy, and `joined` is true.
   */
  private async lookupShared(
    call: CacheCall,
    key: string,
    ttlMs: number,
    run: () => Promise<unknown>,
  ): Promise<{ result: CacheResult<unknown>; joined: boolean }> {
    const task = () => this.readSharedOrRun(call, key, ttlMs, run);
    let flight = this.flights.run(key, task);
    let outcome: FlightOutcome;
    try {
      outcome = await flight.promise;
    } catch (error) {
      if (!flight.joined) throw error;

      // The joined run used another caller's `run`, which may have failed for that caller's own
      // reason, such as its abort signal. Joiners try once more, again coalesced among themselves.
      flight = this.flights.run(key, task);
      outcome = await flight.promise;
    }

    const { joined } = flight;
    if (outcome.source === 'tool') {
      const { stored } = outcome;
      const frozen = joined && stored !== undefined ? this.frozenCopy(key, stored) : undefined;
      return { result: { value: (frozen ?? outcome).value, cached: false }, joined };
    }

    // The caller who read the entry gets its own parse; callers who joined share the frozen one.
    const decoded = joined ? this.frozenCopy(key, outcome.stored) : decodeEntry(outcome.stored);
    if (decoded) {
      return { result: { value: decoded.value, cached: true, level: 'shared' }, joined };
    }

    // The entry started and ended like one but its value did not parse, so it is garbage.
    this.reportGarbage(call, key);
    this.parts.memory.delete(key);
    const ran = await this.runAndStore(call, key, ttlMs, run);
    return { result: { value: ran.value, cached: false }, joined };
  }

  /** Returns the frozen in-process entry, or a decoded copy when it was evicted meanwhile. */
  private frozenCopy(key: string, stored: string): { value: unknown } | undefined {
    return this.parts.memory.get(key) ?? decodeEntry(stored);
  }

  private countMemoryEntriesByTool(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const key of this.parts.memory.keys()) {
      const tool = toolOfKey(this.parts.namespace, key);
      if (tool !== undefined) counts.set(tool, (counts.get(tool) ?? 0) + 1);
    }
    return counts;
  }

  /**
   * Stores results at both levels unless an invalidation was applied since `invalidationsBefore`
   * was read, because the results may predate it.
   */
  private async storeMany(
    entries: readonly CacheEntryInput[],
    invalidationsBefore: number,
  ): Promise<void> {
    if (this.invalidations !== invalidationsBefore) return;

    const now = Date.now();
    const writes: Array<{ key: string; stored: string; ttlMs: number }> = [];

    for (const { call, value } of entries) {
      const key = cacheKey(this.parts.namespace, call);
      const ttlMs = jitteredTtlMs(
        configuredTtlSeconds(this.parts.ttlTable, call, now),
        this.parts.random,
      );
      const prepared = this.prepareEntry(call, value, ttlMs, now);
      if (!prepared) continue;

      this.parts.memory.setStored(
        key,
        prepared.stored,
        Math.min(prepared.ttlMs, this.parts.memoryMaxTtlMs),
      );
      writes.push({ key, stored: prepared.stored, ttlMs: prepared.ttlMs });
    }

    const { shared } = this.parts;
    if (!shared || writes.length === 0) return;
    const written = await shared.writeMany(writes);
    if (written.status === 'failed') this.metrics.recordError(entries[0].call.tool, 'shared_write');
  }

  private async waitForConnection(shared: SharedLevel, timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (shared.connectionStatus !== 'ready' && performance.now() < deadline) {
      await sleep(10);
    }
  }

  /** Deletes matching in-process entries and returns their keys. */
  private dropInProcess(options: InvalidateOptions): string[] {
    const selector = selectKeys(this.parts.namespace, options);
    this.invalidations += 1;
    return this.parts.memory.deleteMatching(selector.matches);
  }

  /** Reads the shared level, then runs the tool under the cross-process lock on a miss. */
  private async readSharedOrRun(
    call: CacheCall,
    key: string,
    ttlMs: number,
    run: () => Promise<unknown>,
  ): Promise<FlightOutcome> {
    const { shared } = this.parts;
    if (!shared) return this.runAndStore(call, key, ttlMs, run);

    const invalidationsBefore = this.invalidations;
    const read = await shared.read(key);
    if (read.status === 'failed') this.metrics.recordError(call.tool, 'shared_read');
    if (read.status === 'ok' && read.value !== null) {
      const hit = this.acceptShared(call, key, ttlMs, read.value, invalidationsBefore);
      if (hit) return hit;
    }
    if (read.status !== 'ok') return this.runAndStore(call, key, ttlMs, run);

    return this.runUnderLock(shared, call, key, ttlMs, run);
  }

  private async runUnderLock(
    shared: SharedLevel,
    call: CacheCall,
    key: string,
    ttlMs: number,
    run: () => Promise<unknown>,
  ): Promise<FlightOutcome> {
    const lockKey = `${this.parts.namespace}:lock:${key.slice(this.parts.namespace.length + 1)}`;
    const token = randomUUID();
    const lock = await shared.acquireLock(lockKey, token, this.parts.lockTtlMs);
    if (lock.status === 'failed') this.metrics.recordError(call.tool, 'lock');

    if (lock.status === 'ok' && lock.value) {
      try {
        return await this.runAndStore(call, key, ttlMs, run);
      } finally {
        const released = await shared.releaseLock(lockKey, token);
        if (released.status === 'failed') this.metrics.recordError(call.tool, 'lock');
      }
    }

    if (lock.status === 'ok') {
      const hit = await this.waitForOtherProcess(shared, call, key, lockKey, ttlMs);
      if (hit) return hit;
    }

    // The lock holder failed, is slower than lockWaitMs, or Redis is failing, so run it here.
    return this.runAndStore(call, key, ttlMs, run);
  }

  /** Polls for the value another process is computing; undefined when it does not arrive. */
  private async waitForOtherProcess(
    shared: SharedLevel,
    call: CacheCall,
    key: string,
    lockKey: string,
    ttlMs: number,
  ): Promise<FlightOutcome | undefined> {
    const deadline = performance.now() + this.parts.lockWaitMs;
    while (performance.now() < deadline) {
      await sleep(this.parts.lockPollMs);

      const invalidationsBefore = this.invalidations;
      const poll = await shared.poll(key, lockKey);
      if (poll.status !== 'ok') {
        if (poll.status === 'failed') this.metrics.recordError(call.tool, 'shared_read');
        return undefined;
      }
      if (poll.value.stored !== null) {
        return this.acceptShared(call, key, ttlMs, poll.value.stored, invalidationsBefore);
      }
      if (!poll.value.locked) return undefined;
    }
    return undefined;
  }

  /**
   * Checks the start and end of a shared entry and copies it into memory. Returns undefined
   * for garbage and for an entry past its own expiry, which Redis still holds when the writer's
   * clock runs behind this host's. The value is parsed later, by each caller, so a bad value is
   * found only then. No copy is kept when an invalidation was applied during the read, because
   * Redis may have sent the entry before the invalidation removed it.
   */
  private acceptShared(
    call: CacheCall,
    key: string,
    ttlMs: number,
    stored: string,
    invalidationsBefore: number,
  ): FlightOutcome | undefined {
    const expiresAt = readEntryExpiry(stored);
    if (expiresAt === undefined) {
      this.reportGarbage(call, key);
      return undefined;
    }
    if (expiresAt <= Date.now()) return undefined;

    if (this.invalidations === invalidationsBefore) {
      this.keepInMemory(key, stored, expiresAt, ttlMs);
    }
    return { source: 'shared', stored };
  }

  /**
   * Copies a shared entry into the in-process level, where its first hit parses it. The expiry
   * written into the entry replaces PTTL, which would cost a second command per hit. NOTE: this
   * assumes the hosts' clocks agree within seconds. memoryMaxTtlMs bounds the error otherwise.
   */
  private keepInMemory(key: string, stored: string, expiresAt: number, ttlMs: number): void {
    const memoryTtlMs = Math.min(expiresAt - Date.now(), ttlMs, this.parts.memoryMaxTtlMs);
    this.parts.memory.setStored(key, stored, memoryTtlMs);
  }

  private reportGarbage(call: CacheCall, key: string): void {
    this.metrics.recordError(call.tool, 'garbage');
    this.parts.logger.warn({ key, tool: call.tool }, 'cache: ignoring a malformed shared entry');
  }

  private async runAndStore(
    call: CacheCall,
    key: string,
    ttlMs: number,
    run: () => Promise<unknown>,
  ): Promise<ToolOutcome> {
    const invalidationsBefore = this.invalidations;
    const value = await this.runTool(call, run);
    const prepared = this.prepareEntry(call, value, ttlMs, Date.now());
    if (!prepared) return { source: 'tool', value };

    // An invalidation during the run may target this very result, which could then be stale.
    // Any invalidation skips the store, which is simpler than matching it and costs one miss.
    // NOTE: another process's invalidation counts here only once its message arrives, so a
    // write that lands between that process's UNLINK and the message's arrival survives it.
    if (this.invalidations !== invalidationsBefore) {
      return { source: 'tool', value, stored: prepared.stored };
    }

    const memoryTtlMs = Math.min(prepared.ttlMs, this.parts.memoryMaxTtlMs);
    this.parts.memory.setStored(key, prepared.stored, memoryTtlMs);
    const written = await this.parts.shared?.write(key, prepared.stored, prepared.ttlMs);
    if (written?.status === 'failed') this.metrics.recordError(call.tool, 'shared_write');
    return { source: 'tool', value, stored: prepared.stored };
  }

  /**
   * Serializes a result for both levels with its TTL capped by the value's own expiry.
   * Returns undefined, and counts and logs why, when the result must not be cached.
   */
  private prepareEntry(
    call: CacheCall,
    value: unknown,
    configuredTtlMs: number,
    now: number,
  ): { stored: string; ttlMs: number } | undefined {
    let ttlMs: number;
    let json: string | undefined;
    try {
      ttlMs = capTtlByValue(configuredTtlMs, call, value, now);
      json = JSON.stringify(value);
    } catch (error) {
      this.metrics.recordError(call.tool, 'serialize');
      this.parts.logger.warn(
        { err: error, tool: call.tool },
        'cache: result has no JSON form or a bad expiry, not cached',
      );
      return undefined;
    }
    if (json === undefined || ttlMs <= 0) return undefined;

    return { stored: encodeEntryJson(json, now + ttlMs), ttlMs };
  }

  private async runTool<T>(call: CacheCall, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      this.metrics.recordError(call.tool, 'tool');
      throw error;
    }
  }

  private recordLookup(call: CacheCall, outcome: LookupOutcome, startedAt: number): void {
    this.metrics.recordLookup(call.tool, outcome, (performance.now() - startedAt) / 1000);
  }

  private logSharedProblem(
    operation: string,
    outcome: { status: 'skipped' } | { status: 'failed'; error: Error },
    context: Record<string, unknown>,
  ): void {
    this.parts.logger.warn(
      { ...context, operation, err: outcome.status === 'failed' ? outcome.error : undefined },
      outcome.status === 'failed'
        ? `cache: ${operation} failed on the shared level`
        : `cache: ${operation} skipped, the shared level is unreachable`,
    );
  }
}
