import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Logger } from '../../agent/logger.js';
import type { McpServerEntry } from './config.js';

/** Lines of the child's stderr kept to explain a failed start. */
const STDERR_TAIL_LINES = 5;

/** One live MCP session with a server: the SDK client, its transport and the child's stderr tail. */
export interface McpConnection {
  client: Client;
  /** Resolves when the transport closes (the child exited or the HTTP session ended). */
  closed: Promise<void>;
  isClosed(): boolean;
  stderrTail(): string;
  close(): Promise<void>;
}

/** Starts the server (stdio) or opens a session (HTTP) and runs the MCP handshake. */
export async function openConnection(
  entry: McpServerEntry,
  logger: Logger,
  timeoutMs: number,
): Promise<McpConnection> {
  const stderrLines: string[] = [];
  const transport =
    entry.transport === 'stdio'
      ? new StdioClientTransport({
          command: entry.command,
          args: entry.args,
          env: entry.env,
          cwd: entry.cwd,
          stderr: 'pipe',
        })
      : new StreamableHTTPClientTransport(new URL(entry.url), {
          requestInit: { headers: entry.headers },
        });

  if (transport instanceof StdioClientTransport) {
    // The server's logs go to our logger; the last lines also explain a crash at start.
    transport.stderr?.on('data', (chunk: Buffer) => {
      for (const line of chunk
        .toString('utf8')
        .split('\n')
        .filter((text) => text.trim() !== '')) {
        stderrLines.push(line.slice(0, 500));
        if (stderrLines.length > STDERR_TAIL_LINES) stderrLines.shift();
        logger.debug({ server: entry.name, line }, 'MCP server stderr');
      }
    });
  }

  const client = new Client({ name: 'travel-agent-lodging', version: '0.1.0' });
  let closed = false;
  const closedPromise = new Promise<void>((resolve) => {
    client.onclose = () => {
      closed = true;
      resolve();
    };
  });
  // Transport errors (a bad line on stdout, a broken pipe) surface as failed calls; log them here
  // so that they never become unhandled.
  client.onerror = (error) => {
    logger.warn({ server: entry.name, err: error }, 'MCP transport error');
  };

  try {
    await client.connect(transport, { timeout: timeoutMs });
  } catch (error) {
    await client.close().catch(() => undefined);
    // The caller puts the child's last stderr lines into its message about the failed start.
    throw Object.assign(error instanceof Error ? error : new Error(String(error)), {
      stderrTail: stderrLines.join(' | '),
    });
  }

  return {
    client,
    closed: closedPromise,
    isClosed: () => closed,
    stderrTail: () => stderrLines.join(' | '),
    close: async () => {
      await client.close();
    },
  };
}
