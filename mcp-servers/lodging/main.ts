import { createServer } from 'node:http';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { loadConfig } from '../../agent/config.js';
import { createLogger, type Logger } from '../../agent/logger.js';
import { createLodgingHttpHandler } from './http.js';
import { createLodgingServer, type LodgingServerOptions } from './server.js';

const USAGE =
  'Usage: mcp-servers/lodging/main.ts [--http PORT] [--call-timeout-ms MS]\n' +
  '  --http PORT            serve Streamable HTTP at http://127.0.0.1:PORT/mcp (stdio when absent)\n' +
  '  --call-timeout-ms MS   time limit of one tool call in milliseconds (default 15000)';

interface CommandLine {
  httpPort?: number;
  callTimeoutMs?: number;
}

/** Parses the command line; throws with the usage text on an unknown flag or a bad number. */
function parseCommandLine(args: string[]): CommandLine {
  const result: CommandLine = {};
  for (let index = 0; index < args.length; index += 2) {
    const flag = args[index];
    const value = args[index + 1] ?? '';
    const number = Number(value);
    if (flag === '--http') {
      if (value === '' || !Number.isInteger(number) || number < 0 || number > 65535) {
        throw new Error(`--http needs a port number from 0 to 65535, got "${value}".\n${USAGE}`);
      }
      result.httpPort = number;
    } else if (flag === '--call-timeout-ms') {
      if (value === '' || !Number.isInteger(number) || number < 1) {
        throw new Error(
          `--call-timeout-ms needs a positive whole number, got "${value}".\n${USAGE}`,
        );
      }
      result.callTimeoutMs = number;
    } else {
      throw new Error(`Unknown argument "${flag}".\n${USAGE}`);
    }
  }
  return result;
}

function serveHttp(port: number, serverOptions: LodgingServerOptions, logger: Logger): void {
  const handler = createLodgingHttpHandler({ serverOptions, logger });
  const httpServer = createServer((request, response) => {
    handler.handle(request, response).catch((error: unknown) => {
      logger.error({ err: error, method: request.method }, 'MCP HTTP request failed');
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

  const stop = () => {
    logger.info({ sessions: handler.sessionCount() }, 'lodging MCP server stopping');
    // Open SSE streams would keep close() waiting, so sessions end first.
    void handler.close().then(() => {
      httpServer.closeAllConnections();
      httpServer.close(() => process.exit(0));
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function main(): Promise<void> {
  const commandLine = parseCommandLine(process.argv.slice(2));
  const config = loadConfig(process.env);
  const logger = createLogger(config.LOG_LEVEL);
  const serverOptions: LodgingServerOptions = {
    duffelAccessToken: config.DUFFEL_ACCESS_TOKEN,
    duffelBaseUrl: config.DUFFEL_BASE_URL,
    callTimeoutMs: commandLine.callTimeoutMs,
    logger,
  };

  if (commandLine.httpPort !== undefined) {
    serveHttp(commandLine.httpPort, serverOptions, logger);
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
