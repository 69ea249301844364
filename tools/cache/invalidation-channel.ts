import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../../agent/logger.js';
import { closeConnection } from './redis-client.js';
import { parseInvalidationMessage, type InvalidationMessage } from './invalidation.js';
import type { InvalidateOptions } from './types.js';

/** Callbacks of an InvalidationChannel. */
export interface InvalidationHandlers {
  /** Applies an invalidation another process published; may throw for options it rejects. */
  onInvalidate(options: InvalidateOptions): void;
  /** Runs after a reconnect, when messages published meanwhile may have been lost. */
  onReconnect(): void;
}

/**
 * The pub/sub channel that carries invalidations between processes. It listens on its own
 * connection, because a connection in subscriber mode cannot send other commands.
 */
export class InvalidationChannel {
  readonly name: string;
  /** Id of this process's messages, so it skips its own on receipt. */
  private readonly origin = randomUUID();
  /** Whether the first SUBSCRIBE succeeded; ioredis repeats it after each reconnect. */
  private subscribed = false;

  constructor(
    private readonly subscriber: Redis,
    namespace: string,
    private readonly logger: Logger,
    handlers: InvalidationHandlers,
  ) {
    this.name = `${namespace}:invalidate`;
    subscriber.on('message', (channel: string, text: string) => {
      if (channel === this.name) this.receive(text, handlers);
    });

    let connectedBefore = false;
    subscriber.on('ready', () => {
      if (connectedBefore) handlers.onReconnect();
      connectedBefore = true;
    });

    subscriber.subscribe(this.name).then(
      () => {
        this.subscribed = true;
      },
      (error: unknown) => {
        logger.warn({ err: error, channel: this.name }, 'cache: SUBSCRIBE failed');
      },
    );
  }

  /** Whether messages published now reach this process. */
  get listening(): boolean {
    return this.subscribed && this.subscriber.status === 'ready';
  }

  /** Serializes invalidate options into a message for PUBLISH. */
  encode(options: InvalidateOptions): string {
    const message: InvalidationMessage = { ...options, origin: this.origin };
    return JSON.stringify(message);
  }

  async close(): Promise<void> {
    await closeConnection(this.subscriber);
  }

  private receive(text: string, handlers: InvalidationHandlers): void {
    const message = parseInvalidationMessage(text);
    if (!message) {
      this.logger.warn({ channel: this.name }, 'cache: ignoring a malformed invalidation message');
      return;
    }
    if (message.origin === this.origin) return;

    const { origin, ...options } = message;
    try {
      handlers.onInvalidate(options);
    } catch (error) {
      this.logger.warn(
        { err: error, channel: this.name, origin },
        'cache: ignoring an invalid invalidation message',
      );
    }
  }
}
