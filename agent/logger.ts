import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Creates the JSON logger. It writes to stderr so that stdio MCP servers keep stdout for
 * protocol messages, and redacts fields that may carry secrets.
 */
export function createLogger(level: string = 'info'): Logger {
  return pino(
    {
      level,
      redact: {
        paths: ['*.authorization', '*.apiKey', '*.token', 'headers.authorization', '*.password'],
        censor: '[redacted]',
      },
    },
    pino.destination(2),
  );
}

/** A logger that drops everything, for tests. */
export const silentLogger: Logger = pino({ level: 'silent' });
