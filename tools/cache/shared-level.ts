import { ReplyError, type Redis } from 'ioredis';
import type { Logger } from '../../agent/logger.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { closeConnection } from './redis-client.js';

/** Outcome of one guarded Redis operation. */
export type SharedOutcome<T> =
  | { status: 'ok'; value: T }
  /** Not sent, because the connection is down or the circuit is open. */
  | { status: 'skipped' }
  | { status: 'failed'; error: Error };

/** Keys per SCAN page, and so per UNLINK batch, during invalidation. */
const SCAN_BATCH_SIZE = 500;

/**
 * Deletes a lock only while it still carries the caller's token, so a holder whose lock
 * expired cannot delete the next holder's lock. The key is passed in KEYS, as Dragonfly
 * requires for every key a script touches.
 */
const RELEASE_LOCK_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

/**
 * The shared level in Redis or Dragonfly. Every operation goes through a circuit breaker
 * and returns a failed outcome instead of throwing, so that a cache fault cannot fail a tool call.
 */
export class SharedLevel {
  constructor(
    private readonly client: Redis,
    private readonly breaker: CircuitBreaker,
    private readonly logger: Logger,
    /**
     * Commands awaiting a reply above which new ones are skipped. A server that stops
     * replying keeps timed-out commands in the client's queue until it replies or the
     * connection drops, so this bounds that queue.
     */
    private readonly maxPendingCommands = 1_000,
  ) {
    // A reconnect closes the circuit, so the shared level is used again before openMs ends.
    client.on('ready', () => this.recordSuccess());
  }

  get circuitState() {
    return this.breaker.state;
  }

  /** Commands sent and still awaiting a reply, including timed-out ones. */
  get pendingCommands(): number {
    return this.client.commandQueue.length;
  }

  get connectionStatus(): string {
    return this.client.status;
  }

  read(key: string): Promise<SharedOutcome<string | null>> {
    return this.guard('read', async (client) => expectTextOrNull(await client.get(key), 'GET'));
  }

  /** Reads many keys with one MGET; the reply has one entry per key, null for a miss. */
  readMany(keys: readonly string[]): Promise<SharedOutcome<Array<string | null>>> {
    return this.guard('read_many', async (client) => {
      const reply: unknown = await client.mget(...keys);
      if (!Array.isArray(reply) || reply.length !== keys.length) {
        throw unexpectedReply('MGET', reply);
      }
      return reply.map((item) => expectTextOrNull(item, 'MGET'));
    });
  }

  /** Writes many entries with SET PX in one pipeline; fails if any write failed. */
  writeMany(
    entries: ReadonlyArray<{ key: string; stored: string; ttlMs: number }>,
  ): Promise<SharedOutcome<void>> {
    return this.guard('write_many', async (client) => {
      const pipeline = client.pipeline();
      for (const entry of entries) pipeline.set(entry.key, entry.stored, 'PX', entry.ttlMs);
      const replies = (await pipeline.exec()) ?? [];
      const failure = replies.find(([error]) => error !== null);
      if (failure?.[0]) throw failure[0];
    });
  }

  write(key: string, stored: string, ttlMs: number): Promise<SharedOutcome<void>> {
    return this.guard('write', async (client) => {
      await client.set(key, stored, 'PX', ttlMs);
    });
  }

  /** Acquires the lock unless another caller has it; resolves true when this caller got it. */
  acquireLock(lockKey: string, token: string, ttlMs: number): Promise<SharedOutcome<boolean>> {
    return this.guard('lock', async (client) => {
      return (await client.set(lockKey, token, 'PX', ttlMs, 'NX')) === 'OK';
    });
  }

  releaseLock(lockKey: string, token: string): Promise<SharedOutcome<void>> {
    return this.guard('unlock', async (client) => {
      await client.eval(RELEASE_LOCK_SCRIPT, 1, lockKey, token);
    });
  }

  /** Reads an entry that another process is computing, and whether its lock still exists. */
  poll(
    key: string,
    lockKey: string,
  ): Promise<SharedOutcome<{ stored: string | null; locked: boolean }>> {
    return this.guard('poll', async (client) => {
      const [stored, lockCount] = await Promise.all([client.get(key), client.exists(lockKey)]);
      if (typeof lockCount !== 'number') throw unexpectedReply('EXISTS', lockCount);
      return { stored: expectTextOrNull(stored, 'GET'), locked: lockCount > 0 };
    });
  }

  /**
   * Deletes the keys that match a SCAN MATCH pattern and pass `filter`, one SCAN page per
   * UNLINK, and returns the deleted keys.
   */
  async deleteMatching(
    pattern: string,
    filter: (key: string) => boolean,
  ): Promise<SharedOutcome<string[]>> {
    const removed: string[] = [];
    let cursor = '0';
    do {
      const page = await this.guard('scan', async (client) =>
        expectScanPage(await client.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_BATCH_SIZE)),
      );
      if (page.status !== 'ok') return page;

      const [nextCursor, scanned] = page.value;
      const keys = scanned.filter(filter);
      if (keys.length > 0) {
        const unlinked = await this.guard('unlink', (client) => client.unlink(...keys));
        if (unlinked.status !== 'ok') return unlinked;
        removed.push(...keys);
      }
      cursor = nextCursor;
    } while (cursor !== '0');

    return { status: 'ok', value: removed };
  }

  publish(channel: string, message: string): Promise<SharedOutcome<number>> {
    return this.guard('publish', (client) => client.publish(channel, message));
  }

  /**
   * Sends PING past the circuit breaker and returns the round trip in ms, for health checks.
   * It fails without sending while maxPendingCommands are awaiting a reply, so that health
   * checks of a server that stopped replying cannot grow the queue.
   */
  async ping(): Promise<SharedOutcome<number>> {
    if (this.client.status !== 'ready') return { status: 'skipped' };
    const pending = this.client.commandQueue.length;
    if (pending >= this.maxPendingCommands) {
      return { status: 'failed', error: new Error(`${pending} commands are awaiting a reply`) };
    }

    const startedAt = performance.now();
    try {
      await this.client.ping();
      return { status: 'ok', value: performance.now() - startedAt };
    } catch (error) {
      return { status: 'failed', error: asError(error) };
    }
  }

  async close(): Promise<void> {
    await closeConnection(this.client);
  }

  private recordSuccess(): void {
    if (this.breaker.recordSuccess()) {
      this.logger.info('cache: Redis is reachable again, using the shared level');
    }
  }

  private async guard<T>(
    operation: string,
    run: (client: Redis) => Promise<T>,
  ): Promise<SharedOutcome<T>> {
    // Without an offline queue a command sent now would fail at once. It is skipped without
    // counting a failure, because the reconnect loop is already at work.
    if (this.client.status !== 'ready') return { status: 'skipped' };
    if (this.client.commandQueue.length >= this.maxPendingCommands) return { status: 'skipped' };
    if (!this.breaker.allowRequest()) return { status: 'skipped' };

    try {
      const value = await run(this.client);
      this.recordSuccess();
      return { status: 'ok', value };
    } catch (error) {
      // An error reply, such as WRONGTYPE for a key of another type, proves Redis is up.
      if (error instanceof ReplyError) {
        this.recordSuccess();
        return { status: 'failed', error: asError(error) };
      }

      const opened = this.breaker.recordFailure();
      if (opened) {
        this.logger.warn(
          { err: error, operation },
          'cache: Redis failing, skipping the shared level for a while',
        );
      }
      return { status: 'failed', error: asError(error) };
    }
  }
}

/**
 * Returns a GET or MGET reply item, and throws for any type other than a string or null, which
 * only a broken server or a proxy that is not Redis sends. The guard counts that as a failure.
 */
function expectTextOrNull(reply: unknown, command: string): string | null {
  if (reply === null || typeof reply === 'string') return reply;
  throw unexpectedReply(command, reply);
}

function expectScanPage(reply: unknown): [cursor: string, keys: string[]] {
  if (
    Array.isArray(reply) &&
    reply.length === 2 &&
    typeof reply[0] === 'string' &&
    Array.isArray(reply[1]) &&
    reply[1].every((key) => typeof key === 'string')
  ) {
    return [reply[0], reply[1]];
  }
  throw unexpectedReply('SCAN', reply);
}

function unexpectedReply(command: string, reply: unknown): Error {
  let type: string = typeof reply;
  if (Array.isArray(reply)) type = 'array';
  if (reply === null) type = 'null';
  return new Error(`Invalid ${command} reply from the cache server: a value of type ${type}`);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
