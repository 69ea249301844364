import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { Logger } from '../../agent/logger.js';
import type { ComponentHealth } from '../types.js';
import { decodeEntry, encodeEntry } from './entry.js';
import { InvalidationChannel } from './invalidation-channel.js';
import { selectKeys } from './invalidation.js';
import { cacheKey, toolOfKey } from './key.js';
import type { MemoryLevel } from './memory-level.js';
import { CacheMetrics, type LookupOutcome } from './metrics.js';
import type { SharedLevel } from './shared-level.js';
import { SingleFlight } from './single-flight.js';
import { entryTtlMs, type TtlTable } from './ttl.js';
import type { CacheCall, CacheResult, InvalidateOptions, ToolCache } from './types.js';

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
}

/** Result of the one run per key that callers in this process share. */
interface FlightOutcome {
  result: CacheResult<unknown>;
  /** The stored entry, so callers who joined get their own copy of the value. */
  stored?: string;
}

/** A tool cache with an in-process LRU in front of an optional shared Redis level. */
export class TwoLevelToolCache implements ToolCache {
  private readonly metrics = new CacheMetrics();
  private readonly flights = new SingleFlight<FlightOutcome>();
  private readonly channel: InvalidationChannel | undefined;
  /** Count of invalidations this process has applied, so a run can tell one happened meanwhile. */
  private invalidations = 0;

  constructor(private readonly parts: TwoLevelToolCacheParts) {
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
    const ttlMs = entryTtlMs(this.parts.ttlTable, call, this.parts.random);
    if (ttlMs === 0) {
      const value = await this.runTool(call, run);
      this.recordLookup(call, 'miss', startedAt);
      return { value, cached: false };
    }

    const inMemory = this.readMemory(call, key);
    if (inMemory) {
      this.recordLookup(call, 'memory', startedAt);
      return { value: inMemory.value as T, cached: true, level: 'memory' };
    }

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

    if (flight.joined) {
      this.metrics.recordCoalesced(call.tool);
      return copyForJoiner(outcome) as CacheResult<T>;
    }

    this.recordLookup(call, outcome.result.level ?? 'miss', startedAt);
    return outcome.result as CacheResult<T>;
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
    });
  }

  async close(): Promise<void> {
    await Promise.all([this.parts.shared?.close(), this.channel?.close()]);
  }

  private countMemoryEntriesByTool(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const key of this.parts.memory.keys()) {
      const tool = toolOfKey(this.parts.namespace, key);
      if (tool !== undefined) counts.set(tool, (counts.get(tool) ?? 0) + 1);
    }
    return counts;
  }

  /** Deletes matching in-process entries and returns their keys. */
  private dropInProcess(options: InvalidateOptions): string[] {
    const selector = selectKeys(this.parts.namespace, options);
    this.invalidations += 1;
    return this.parts.memory.deleteMatching(selector.matches);
  }

  private readMemory(call: CacheCall, key: string): { value: unknown } | undefined {
    const stored = this.parts.memory.get(key);
    if (stored === undefined) return undefined;

    const decoded = decodeEntry(stored);
    if (!decoded) this.metrics.recordError(call.tool, 'garbage');
    return decoded;
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

    const read = await shared.read(key);
    if (read.status === 'failed') this.metrics.recordError(call.tool, 'shared_read');
    if (read.status === 'ok' && read.value !== null) {
      const hit = this.acceptShared(call, key, ttlMs, read.value);
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

      const poll = await shared.poll(key, lockKey);
      if (poll.status !== 'ok') {
        if (poll.status === 'failed') this.metrics.recordError(call.tool, 'shared_read');
        return undefined;
      }
      if (poll.value.stored !== null) {
        return this.acceptShared(call, key, ttlMs, poll.value.stored);
      }
      if (!poll.value.locked) return undefined;
    }
    return undefined;
  }

  /** Decodes a shared entry and copies it into memory; undefined for garbage. */
  private acceptShared(
    call: CacheCall,
    key: string,
    ttlMs: number,
    stored: string,
  ): FlightOutcome | undefined {
    const decoded = decodeEntry(stored);
    if (!decoded) {
      this.metrics.recordError(call.tool, 'garbage');
      this.parts.logger.warn({ key, tool: call.tool }, 'cache: ignoring a malformed shared entry');
      return undefined;
    }

    // The expiry written into the entry replaces PTTL, which would cost a second command per
    // hit. NOTE: this assumes the hosts' clocks agree within seconds. memoryMaxTtlMs bounds
    // the error otherwise.
    const remainingMs = decoded.expiresAt - Date.now();
    this.parts.memory.set(key, stored, Math.min(remainingMs, ttlMs, this.parts.memoryMaxTtlMs));
    return { result: { value: decoded.value, cached: true, level: 'shared' }, stored };
  }

  private async runAndStore(
    call: CacheCall,
    key: string,
    ttlMs: number,
    run: () => Promise<unknown>,
  ): Promise<FlightOutcome> {
    const invalidationsBefore = this.invalidations;
    const value = await this.runTool(call, run);

    let stored: string | undefined;
    try {
      stored = encodeEntry(value, Date.now() + ttlMs);
    } catch (error) {
      this.metrics.recordError(call.tool, 'serialize');
      this.parts.logger.warn(
        { err: error, tool: call.tool },
        'cache: result has no JSON form, not cached',
      );
    }
    if (stored === undefined) return { result: { value, cached: false } };

    // An invalidation during the run may target this very result, which could then be stale.
    // Any invalidation skips the store, which is simpler than matching it and costs one miss.
    if (this.invalidations !== invalidationsBefore) {
      return { result: { value, cached: false }, stored };
    }

    this.parts.memory.set(key, stored, Math.min(ttlMs, this.parts.memoryMaxTtlMs));
    const written = await this.parts.shared?.write(key, stored, ttlMs);
    if (written?.status === 'failed') this.metrics.recordError(call.tool, 'shared_write');
    return { result: { value, cached: false }, stored };
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

/** Copies the run's value for a caller who joined it, so callers cannot mutate each other's. */
function copyForJoiner(outcome: FlightOutcome): CacheResult<unknown> {
  if (outcome.stored === undefined) return outcome.result;

  const decoded = decodeEntry(outcome.stored);
  return decoded ? { ...outcome.result, value: decoded.value } : outcome.result;
}
