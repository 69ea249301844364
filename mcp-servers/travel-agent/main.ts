import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

import { loadConfig } from '../../agent/config.js';
import { createLogger, type Logger } from '../../agent/logger.js';
import { createAgentRuntime } from '../../agent/runtime.js';
import { describeStartupError } from '../../agent/startup-error.js';
import { parseServeMode, UsageError, type ServeMode } from './args.js';
import { loadMcpAgentConfig, type McpAgentConfig } from './config.js';
import { startMcpHttpServer } from './http.js';
import { createRuntimeHandle, type RuntimeHandle } from './lazy-runtime.js';
import { createTravelAgentMcpServer } from './server.js';

/** How long shutdown waits for the runtime to close before exiting anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Serves on stdio. Stdout carries protocol messages only, so stray `console` output from any
 * dependency is sent to stderr, where the client keeps or drops it as logs.
 */
async function serveStdio(
  runtime: RuntimeHandle,
  config: McpAgentConfig,
  logger: Logger,
  stop: (reason: string) => void,
): Promise<void> {
  const toStderr = (...values: unknown[]) => console.error(...values);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;

  const server = createTravelAgentMcpServer({ runtime, userId: config.userId, logger });
  const transport = new StdioServerTransport();
  transport.onerror = (error) => logger.warn({ err: error.message }, 'stdio message rejected');
  // The SDK transport does not watch for the end of stdin, which is how clients end the session.
  process.stdin.once('end', () => stop('stdin closed'));
  process.stdout.on('error', () => stop('stdout closed'));

  await server.connect(transport);
  logger.info({ user: config.userId }, 'travel agent MCP server ready on stdio');
}

async function main(): Promise<void> {
  let mode: ServeMode;
  try {
    mode = parseServeMode(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }

  const appConfig = loadConfig(process.env);
  const config = loadMcpAgentConfig(process.env);
  const logger = createLogger(appConfig.LOG_LEVEL).child({ component: 'travel-agent-mcp' });
  process.on('unhandledRejection', (reason) => {
    logger.error(
      { err: reason instanceof Error ? reason.message : String(reason) },
      'unhandled rejection',
    );
  });

  const runtime = createRuntimeHandle(() => createAgentRuntime(appConfig, logger), logger);
  let closeTransport: () => Promise<void> = async () => undefined;

  let stopping = false;
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'travel agent MCP server stopping');
    const grace = new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref());
    const closing = closeTransport().then(() => runtime.close());
    Promise.race([closing, grace])
      .catch((error: unknown) => logger.warn({ err: (error as Error).message }, 'shutdown failed'))
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  if (mode.transport === 'stdio') {
    await serveStdio(runtime, config, logger, stop);
  } else {
    const http = await startMcpHttpServer({
      runtime,
      userId: config.userId,
      logger,
      host: mode.host,
      port: mode.port,
      authToken: config.authToken,
      allowedOrigins: config.allowedOrigins,
      sessionIdleMs: config.sessionIdleMs,
    });
    closeTransport = () => http.close();
    process.stderr.write(`Travel agent MCP server at ${http.url} (user ${config.userId})\n`);
  }

  // Opening memory takes seconds; start now, once the transport can respond to initialize.
  runtime.warmUp();
}

main().catch((error) => {
  const message = describeStartupError(error);
  process.stderr.write(`Travel agent MCP server failed to start: ${message}\n`);
  process.exit(1);
});
