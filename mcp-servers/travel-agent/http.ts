import type { Server } from 'node:http';
import { localhostHostValidation } from '@modelcontextprotocol/sdk/server/middleware/hostHeaderValidation.js';
import express, { type ErrorRequestHandler } from 'express';

import { ConfigError } from '../../agent/config.js';
import type { Logger } from '../../agent/logger.js';
import { isLoopbackHost } from './args.js';
import { bearerAuth, originGuard, sendJsonRpcError } from './http-guards.js';
import type { RuntimeHandle } from './lazy-runtime.js';
import { createTravelAgentMcpServer } from './server.js';
import { McpSessionRegistry } from './sessions.js';

/** Largest JSON body accepted; the SDK transport uses the same default. */
const MAX_BODY = '4mb';

export interface McpHttpOptions {
  runtime: RuntimeHandle;
  userId: string;
  logger: Logger;
  host: string;
  /** 0 picks a free port; the bound one is in the result. */
  port: number;
  /** Required when `host` is not a loopback address. */
  authToken?: string;
  /** Origins allowed besides loopback ones. */
  allowedOrigins: string[];
  /** Sessions with no open exchange for this long are closed. */
  sessionIdleMs: number;
}

/** A running Streamable HTTP endpoint. */
export interface McpHttpServer {
  /** The endpoint, such as `http://127.0.0.1:8788/mcp`. */
  url: string;
  port: number;
  sessions: McpSessionRegistry;
  /** Ends every session and stops listening; the runtime stays open. */
  close(): Promise<void>;
}

/**
 * Serves the agent over Streamable HTTP at `/mcp` with stateful sessions. Binding beyond
 * loopback without a token throws ConfigError, because anyone on the network could then spend
 * the agent's provider quota and read the configured user's memory.
 */
export async function startMcpHttpServer(options: McpHttpOptions): Promise<McpHttpServer> {
  const { logger } = options;
  const loopback = isLoopbackHost(options.host);
  if (!loopback && !options.authToken) {
    throw new ConfigError(
      `Binding to ${options.host} exposes the agent beyond this machine: set MCP_AUTH_TOKEN ` +
        '(16 characters or more) or leave out --host to bind 127.0.0.1.',
    );
  }

  const sessions = new McpSessionRegistry(
    () =>
      createTravelAgentMcpServer({
        runtime: options.runtime,
        userId: options.userId,
        logger,
      }),
    logger,
    options.sessionIdleMs,
  );

  const app = express();
  app.disable('x-powered-by');
  app.use(originGuard(options.allowedOrigins));
  // A Host check stops DNS rebinding on loopback; beyond loopback the token does that job.
  if (loopback) app.use(localhostHostValidation());
  app.use(bearerAuth(options.authToken));
  app.use(express.json({ limit: MAX_BODY }));

  app.all('/mcp', async (request, response) => {
    if (!['GET', 'POST', 'DELETE'].includes(request.method)) {
      response.set('Allow', 'GET, POST, DELETE');
      sendJsonRpcError(response, 405, `Method ${request.method} is not allowed on /mcp.`);
      return;
    }
    await sessions.handle(request, response);
  });
  app.use((_request, response) => {
    sendJsonRpcError(response, 404, 'Not found: the MCP endpoint is /mcp.');
  });
  const onError: ErrorRequestHandler = (error, _request, response, _next) => {
    const status = typeof error?.status === 'number' ? error.status : 500;
    if (status >= 500) logger.error({ err: error }, 'MCP HTTP request failed');
    if (response.headersSent) {
      response.end();
      return;
    }
    const message =
      error?.type === 'entity.parse.failed'
        ? 'Parse error: the body is not valid JSON.'
        : status === 413
          ? `The body is larger than ${MAX_BODY}.`
          : status >= 500
            ? 'Internal server error.'
            : String(error?.message ?? 'Bad request.');
    response.status(status).json({
      jsonrpc: '2.0',
      error: { code: error?.type === 'entity.parse.failed' ? -32700 : -32603, message },
      id: null,
    });
  };
  app.use(onError);

  const server: Server = await new Promise((resolve, reject) => {
    // Express 5 passes a listen error (such as EADDRINUSE) to this callback instead of throwing.
    const listening = app.listen(options.port, options.host, (error?: Error) =>
      error ? reject(error) : resolve(listening),
    );
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}/mcp`;

  const sweep = setInterval(
    () => void sessions.closeIdle(),
    Math.min(options.sessionIdleMs, 60_000),
  );
  sweep.unref();

  logger.info(
    { url, auth: options.authToken ? 'bearer' : 'none' },
    'travel agent MCP server listening',
  );
  return {
    url,
    port,
    sessions,
    async close() {
      clearInterval(sweep);
      await sessions.closeAll();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
