import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../../agent/logger.js';

/** Timeouts of the Redis connections, in milliseconds. */
export interface RedisTimeouts {
  /** Maximum wait for one command's reply before it counts as failed. */
  commandTimeoutMs: number;
  connectTimeoutMs: number;
  /** Upper bound of the reconnect backoff. */
  maxReconnectDelayMs: number;
}

/** Interval in which repeated connection errors are logged once, with a count of the rest. */
const ERROR_LOG_INTERVAL_MS = 30_000;

/**
 * Creates the command connection. Commands fail at once while disconnected (no offline
 * queue) and after `commandTimeoutMs` while Redis is slow, which bounds the delay per command.
 */
export function createCommandClient(url: string, timeouts: RedisTimeouts, logger: Logger): Redis {
  const client = new Redis(url, {
    ...baseOptions(timeouts),
    commandTimeout: timeouts.commandTimeoutMs,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    // Commands issued in the same tick go out in one write, which saves a syscall per command
    // when many callers hit the cache at once.
    enableAutoPipelining: true,
  });
  attachErrorLogging(client, 'command', logger);
  return client;
}

/**
 * Creates the pub/sub connection. It keeps an offline queue so that the SUBSCRIBE issued
 * before the first connect is sent once connected, and ioredis subscribes again after every
 * reconnect. Nothing waits on its replies, so it has no command timeout.
 */
export function createSubscriberClient(
  url: string,
  timeouts: RedisTimeouts,
  logger: Logger,
): Redis {
  const client = new Redis(url, {
    ...baseOptions(timeouts),
    enableOfflineQueue: true,
    // A SUBSCRIBE that gave up would never be sent again, so it waits for Redis however long.
    maxRetriesPerRequest: null,
  });
  attachErrorLogging(client, 'subscriber', logger);
  return client;
}

function baseOptions(timeouts: RedisTimeouts): RedisOptions {
  return {
    connectTimeout: timeouts.connectTimeoutMs,
    // Exponential backoff with jitter, capped at maxReconnectDelayMs. It never gives up,
    // because the cache works without Redis meanwhile and uses it again once it is back.
    retryStrategy: (attempt) =>
      Math.min(timeouts.maxReconnectDelayMs, 50 * 2 ** Math.min(attempt, 10)) +
      Math.floor(Math.random() * 50),
    // The maintenance-notification handshake sends CLIENT MAINT_NOTIFICATIONS, which Redis 7.0
    // rejects as an unknown subcommand, and the cache has no use for those notifications.
    maintNotifications: 'disabled',
  };
}

/**
 * Logs connection errors, at most one line per ERROR_LOG_INTERVAL_MS. The listener is also what
 * keeps the process alive, because an 'error' event without a listener throws.
 */
function attachErrorLogging(client: Redis, role: string, logger: Logger): void {
  let lastLoggedAt = 0;
  let suppressed = 0;

  client.on('error', (error: Error) => {
    const now = Date.now();
    if (now - lastLoggedAt < ERROR_LOG_INTERVAL_MS) {
      suppressed += 1;
      return;
    }

    logger.warn(
      { err: error, role, suppressedSinceLastLog: suppressed },
      'cache: Redis connection error',
    );
    lastLoggedAt = now;
    suppressed = 0;
  });
  client.on('ready', () => logger.info({ role }, 'cache: Redis connection ready'));
}

/**
 * Closes a connection with QUIT, waiting at most `timeoutMs` for pending replies. It
 * disconnects at once when not connected, because a QUIT queued offline would wait for Redis.
 */
export async function closeConnection(client: Redis, timeoutMs = 500): Promise<void> {
  if (client.status === 'end') return;
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }

  const timer = setTimeout(() => client.disconnect(), timeoutMs);
  try {
    await client.quit();
  } catch {
    client.disconnect();
  } finally {
    clearTimeout(timer);
  }
}
