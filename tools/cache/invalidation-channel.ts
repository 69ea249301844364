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
  /** Whether a SUBSCRIBE succeeded. From then on, ioredis repeats it after each reconnect. */
  private subscribed = false;
  private subscribing = false;
  private failedSubscribes = 0;

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
      // ioredis repeats only subscriptions that succeeded. A SUBSCRIBE rejected before, such as
      // with NOAUTH during a failed handshake, is sent again here.
      if (!this.subscribed && !this.subscribing) this.subscribe(handlers);
    });

    this.subscribe(handlers);
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

  private subscribe(handlers: InvalidationHandlers): void {
    const retry = this.failedSubscribes > 0;
    this.subscribing = true;
    this.subscriber.subscribe(this.name).then(
      () => {
        this.subscribing = false;
        this.subscribed = true;
        // Messages published while no SUBSCRIBE was active are lost.
        if (retry) handlers.onReconnect();
      },
      (error: unknown) => {
        this.subscribing = false;
        this.failedSubscribes += 1;
        this.logger.warn(
          { err: error, channel: this.name, failedSubscribes: this.failedSubscribes },
          'cache: SUBSCRIBE failed, retrying after the next reconnect',
        );
      },
    );
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
