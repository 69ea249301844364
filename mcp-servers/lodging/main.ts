import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { loadConfig } from '../../agent/config.js';
import { createLogger, type Logger } from '../../agent/logger.js';
import { createLodgingServer, type LodgingServerOptions } from './server.js';

const USAGE = 'Usage: mcp-servers/lodging/main.ts [--http PORT]  (stdio when --http is absent)';

/** Reads `--http PORT`; returns undefined for stdio. */
function parseHttpPort(args: string[]): number | undefined {
  const flag = args.indexOf('--http');
  if (flag === -1) {
    return undefined;
  }
  const port = Number(args[flag + 1]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(
      `--http needs a port number from 0 to 65535, got "${args[flag + 1] ?? ''}". ${USAGE}`,
    );
  }
  return port;
}

/**
 * Serves Streamable HTTP statelessly: each POST gets a fresh server and transport, which the SDK
 * requires without sessions. The tools keep no state between calls, so sessions would add nothing.
 */
function serveHttp(port: number, serverOptions: LodgingServerOptions, logger: Logger): void {
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/mcp') {
      response
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"error":"not_found","message":"Use /mcp"}');
      return;
    }
    // A browser page must not drive a local server: reject any Origin that is not loopback.
    const origin = request.headers.origin;
    if (
      origin !== undefined &&
      !/^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(origin)
    ) {
      response
        .writeHead(403, { 'content-type': 'application/json' })
        .end('{"error":"forbidden","message":"Origin not allowed"}');
      return;
    }
    if (request.method !== 'POST') {
      response.writeHead(405, { allow: 'POST', 'content-type': 'application/json' });
      response.end(
        '{"jsonrpc":"2.0","error":{"code":-32000,"message":"Method not allowed; this server is stateless and takes POST only."},"id":null}',
      );
      return;
    }

    const server = createLodgingServer(serverOptions);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    response.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(request, response);
  };

  const httpServer = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      logger.error({ err: error }, 'MCP HTTP request failed');
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'application/json' });
      }
      response.end(
        '{"jsonrpc":"2.0","error":{"code":-32603,"message":"Internal server error"},"id":null}',
      );
    });
  });
  httpServer.listen(port, '127.0.0.1', () => {
    const address = httpServer.address();
    const boundPort = typeof address === 'object' && address ? address.port : port;
    logger.info({ url: `http://127.0.0.1:${boundPort}/mcp` }, 'lodging MCP server listening');
  });
  const stop = () => httpServer.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.LOG_LEVEL);
  const serverOptions: LodgingServerOptions = {
    duffelAccessToken: config.DUFFEL_ACCESS_TOKEN,
    duffelBaseUrl: config.DUFFEL_BASE_URL,
    logger,
  };

  const port = parseHttpPort(process.argv.slice(2));
  if (port !== undefined) {
    serveHttp(port, serverOptions, logger);
    return;
  }

  const server = createLodgingServer(serverOptions);
  const transport = new StdioServerTransport();
  transport.onclose = () => {
    logger.info('stdin closed; lodging MCP server stopping');
  };
  await server.connect(transport);
  logger.info('lodging MCP server ready on stdio');
}

main().catch((error: unknown) => {
  process.stderr.write(`lodging MCP server failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
