import type { Server } from 'node:http';

import { loadConfig } from '../agent/config.js';
import { describeStartupError } from '../agent/startup-error.js';
import { createLogger } from '../agent/logger.js';
import { createAgentRuntime } from '../agent/runtime.js';
import { createServerApp } from './app.js';

/** How long shutdown waits for in-flight turns before closing anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.LOG_LEVEL);

  // A dependency's stray rejection is logged, never allowed to take the server down.
  process.on('unhandledRejection', (reason) => {
    logger.error(
      { err: reason instanceof Error ? reason.message : String(reason) },
      'unhandled rejection',
    );
  });

  const runtime = await createAgentRuntime(config, logger);
  const { app, inFlight } = createServerApp(runtime, logger);

  const server: Server = await new Promise((resolve, reject) => {
    // Express 5 passes a listen error (such as EADDRINUSE) to this callback instead of throwing.
    const listening = app.listen(config.PORT, config.HOST, (error?: Error) =>
      error ? reject(error) : resolve(listening),
    );
  });
  // Idle keep-alive connections outlive the clients' own idle timeouts (4 s in undici, 60 s in
  // most load balancers), so a client never reuses a socket the server is closing.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
  logger.info({ port, dataDir: config.dataDir }, 'server started');
  process.stdout.write(
    `Travel agent listening on http://${host}:${port} (data in ${config.dataDir})\n` +
      `Try: curl -N http://${host}:${port}/chat -H 'content-type: application/json' ` +
      `-d '{"user_id":"me","message":"flights from Berlin to Lisbon next Friday for 2 adults"}'\n`,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, inFlight: inFlight.size }, 'shutting down');
    server.close();
    const grace = new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref());
    await Promise.race([Promise.allSettled([...inFlight]), grace]);
    server.closeAllConnections();
    await runtime.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  process.stderr.write(`Failed to start: ${describeStartupError(error)}\n`);
  process.exit(1);
});
