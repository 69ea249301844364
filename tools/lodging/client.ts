import {
  ErrorCode,
  McpError,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../../agent/logger.js';
import { ToolError, type ComponentHealth } from '../types.js';
import { readMcpServerEntry, type McpServerEntry } from './config.js';
import { openConnection, type McpConnection } from './connection.js';
import {
  MalformedResultError,
  parseSearchResult,
  toolErrorFromResult,
  UnreadableTextError,
} from './parse-result.js';
import type { LodgingClient, StaySearchInput, StaySearchResult } from './types.js';

/*
 * This client uses the MCP SDK's Client directly rather than MultiServerMCPClient from
 * @langchain/mcp-adapters 1.1.4. The adapters turn results into LangChain message content and
 * own the child's lifecycle, whereas the agent needs the raw structuredContent, a per-call time
 * limit with AbortSignal, and a restart decided per fault (timeout, crash, bad output).
 */

const DEFAULT_CALL_TIMEOUT_MS = 20_000;
const DEFAULT_SEARCH_TOOL = 'search_accommodations';
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export interface LodgingClientOptions {
  /** Path of the `mcpServers` JSON file. */
  configPath: string;
  logger: Logger;
  /** Time limit for connecting and for each tool call, in milliseconds. Defaults to 20000. */
  callTimeoutMs?: number;
  /** Key in `mcpServers` to use; defaults to `lodging`, else the first entry. */
  serverName?: string;
}

/** Rejects missing fields and malformed values before the server is started or called. */
function validateInput(input: StaySearchInput): void {
  if (typeof input.location !== 'string' || input.location.trim() === '') {
    throw new ToolError(
      'invalid_input',
      'Which city should I search for stays in? The location is missing.',
    );
  }
  if (!DATE_PATTERN.test(input.checkIn ?? '')) {
    throw new ToolError('invalid_input', 'The check-in date is missing or not in YYYY-MM-DD form.');
  }
  if (!DATE_PATTERN.test(input.checkOut ?? '')) {
    throw new ToolError(
      'invalid_input',
      'The check-out date is missing or not in YYYY-MM-DD form.',
    );
  }
  if (!Number.isInteger(input.adults) || input.adults < 1) {
    throw new ToolError(
      'invalid_input',
      `adults must be a whole number of at least 1, got ${input.adults}.`,
    );
  }
}

/** Arguments in our server's names, plus `guests` (everyone, for servers that take one count). */
function ourArguments(input: StaySearchInput): Record<string, unknown> {
  return {
    location: input.location.trim(),
    check_in: input.checkIn,
    check_out: input.checkOut,
    adults: input.adults,
    children: input.children,
    infants: input.infants,
    guests: input.adults + (input.children ?? 0) + (input.infants ?? 0),
    pets: input.pets,
    max_price: input.maxPrice,
    currency: input.currency,
  };
}

/** `guests` is not an argument of our server, so it is sent only when argMap names it. */
const SENT_ONLY_WHEN_MAPPED = new Set(['guests']);

/**
 * Builds the tool arguments: renames through `argMap` (null drops one), then keeps only the
 * properties the tool's input schema lists, so that a strict third-party server accepts them.
 */
function toToolArguments(
  input: StaySearchInput,
  argMap: Record<string, string | null>,
  tool: Tool,
): Record<string, unknown> {
  const accepted = schemaProperties(tool);
  const renamed: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(ourArguments(input))) {
    const target = name in argMap ? argMap[name] : SENT_ONLY_WHEN_MAPPED.has(name) ? null : name;
    if (value === undefined || target === null || target === undefined) continue;
    if (accepted && !accepted.has(target)) continue;
    renamed[target] = value;
  }
  return renamed;
}

/** Property names of the tool's input schema, or undefined when it lists none. */
function schemaProperties(tool: Tool): Set<string> | undefined {
  const properties = tool.inputSchema.properties;
  return properties && Object.keys(properties).length > 0
    ? new Set(Object.keys(properties))
    : undefined;
}

/** Whole nights between two YYYY-MM-DD dates, at least 1. */
function countNights(checkIn: string, checkOut: string): number {
  const nights = Math.round((Date.parse(checkOut) - Date.parse(checkIn)) / 86_400_000);
  return Number.isFinite(nights) && nights > 0 ? nights : 1;
}

interface LiveServer {
  entry: McpServerEntry;
  connection: McpConnection;
  searchTool: Tool;
}

/** Reads the mcpServers config file and connects lazily on first use. */
export function createLodgingClient(options: LodgingClientOptions): LodgingClient {
  const logger = options.logger;
  const timeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  let current: Promise<LiveServer> | undefined;
  let closing = false;

  /** Returns the live connection, starting the server when there is none or it has died. */
  function connect(): Promise<LiveServer> {
    if (current) return current;

    const attempt = (async () => {
      // Reading the file on each (re)start lets an edited config take effect after a fault.
      const entry = readMcpServerEntry(options.configPath, options.serverName);
      const started = Date.now();
      let connection: McpConnection;
      try {
        connection = await openConnection(entry, logger, timeoutMs);
      } catch (error) {
        throw startError(entry, error);
      }
      let searchTool: Tool;
      try {
        searchTool = await findSearchTool(entry, connection, timeoutMs);
      } catch (error) {
        await connection.close().catch(() => undefined);
        throw error instanceof ToolError ? error : startError(entry, error);
      }
      logger.info(
        { server: entry.name, transport: entry.transport, ms: Date.now() - started },
        'MCP lodging server connected',
      );
      void connection.closed.then(() => {
        if (current === attempt) current = undefined;
        if (!closing) logger.warn({ server: entry.name }, 'MCP lodging server connection closed');
      });
      return { entry, connection, searchTool };
    })();

    current = attempt;
    attempt.catch(() => {
      if (current === attempt) current = undefined;
    });
    return attempt;
  }

  /** Drops a faulty connection so the next call starts a fresh server. */
  function discard(
    attempt: Promise<unknown>,
    connection: McpConnection,
    entry: McpServerEntry,
    reason: string,
  ): void {
    logger.warn({ server: entry.name, reason }, 'restarting MCP lodging server on next call');
    if (current === attempt) current = undefined;
    connection
      .close()
      .catch((error: unknown) =>
        logger.warn({ server: entry.name, err: error }, 'closing MCP server failed'),
      );
  }

  return {
    async search(input, callOptions = {}): Promise<StaySearchResult> {
      validateInput(input);
      const attempt = connect();
      const { entry, connection, searchTool } = await attempt;
      const drop = (reason: string) => discard(attempt, connection, entry, reason);
      const signal = callOptions.signal;

      let result: CallToolResult;
      try {
        result = (await connection.client.callTool(
          { name: searchTool.name, arguments: toToolArguments(input, entry.argMap, searchTool) },
          undefined,
          { timeout: timeoutMs, signal },
        )) as CallToolResult;
      } catch (error) {
        if (signal?.aborted) throw error;
        throw callError(entry, connection, error, timeoutMs, drop);
      }

      if (result.isError) {
        throw toolErrorFromResult(result, entry.name);
      }
      try {
        const nights = countNights(input.checkIn, input.checkOut);
        return parseSearchResult(result, entry.name, input.location, nights);
      } catch (error) {
        if (error instanceof UnreadableTextError) {
          throw new ToolError('upstream_error', error.message, { server: entry.name });
        }
        if (!(error instanceof MalformedResultError)) throw error;
        drop('malformed result');
        throw new ToolError(
          'upstream_error',
          `The lodging server "${entry.name}" returned a malformed result (${error.message}); it will be restarted on the next search.`,
          { server: entry.name },
        );
      }
    },

    async health(): Promise<ComponentHealth> {
      const started = Date.now();
      try {
        const { entry, connection } = await connect();
        await connection.client.ping({ timeout: timeoutMs });
        return {
          status: 'ok',
          backend: `mcp-${entry.transport}`,
          latencyMs: Date.now() - started,
          detail: `server "${entry.name}"`,
        };
      } catch (error) {
        return {
          status: 'down',
          backend: 'mcp',
          latencyMs: Date.now() - started,
          detail: (error as Error).message,
        };
      }
    },

    async close(): Promise<void> {
      closing = true;
      const pending = current;
      current = undefined;
      const live = await pending?.catch(() => undefined);
      await live?.connection.close();
      closing = false;
    },
  };
}

function startError(entry: McpServerEntry, error: unknown): ToolError {
  const tail = (error as { stderrTail?: string }).stderrTail;
  const failure =
    entry.transport === 'stdio'
      ? `could not be started (${entry.command} ${entry.args.join(' ')})`
      : `could not be reached at ${entry.url}`;
  const reason =
    error instanceof McpError && error.code === ErrorCode.RequestTimeout
      ? 'it did not finish the MCP handshake in time'
      : (error as Error).message;
  return new ToolError(
    'unavailable',
    `The lodging server "${entry.name}" ${failure}: ${reason}${tail ? `; its last output: ${tail}` : ''}.`,
    { server: entry.name },
  );
}

function callError(
  entry: McpServerEntry,
  connection: McpConnection,
  error: unknown,
  timeoutMs: number,
  drop: (reason: string) => void,
): ToolError {
  if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) {
    drop('timeout');
    return new ToolError(
      'timeout',
      `The lodging server "${entry.name}" did not answer within ${timeoutMs / 1000} s; try again, it will be restarted.`,
      { server: entry.name },
    );
  }
  if (
    connection.isClosed() ||
    (error instanceof McpError && error.code === ErrorCode.ConnectionClosed)
  ) {
    drop('connection closed');
    const tail = connection.stderrTail();
    return new ToolError(
      'unavailable',
      `The lodging server "${entry.name}" stopped during the search${tail ? ` (last output: ${tail})` : ''}; try again, it will be restarted.`,
      { server: entry.name },
    );
  }
  drop('call failed');
  return new ToolError(
    'upstream_error',
    `The lodging server "${entry.name}" failed the search: ${(error as Error).message}; try again, it will be restarted.`,
    { server: entry.name },
  );
}

/**
 * Finds the search tool, failing early with the fix named when the server does not offer it or
 * when the tool requires an argument that no mapping fills.
 */
async function findSearchTool(
  entry: McpServerEntry,
  connection: McpConnection,
  timeoutMs: number,
): Promise<Tool> {
  const toolName = entry.toolMap.search ?? DEFAULT_SEARCH_TOOL;
  const { tools } = await connection.client.listTools(undefined, { timeout: timeoutMs });
  const tool = tools.find((candidate) => candidate.name === toolName);
  if (!tool) {
    const offered = tools.map((candidate) => candidate.name).join(', ') || 'none';
    throw new ToolError(
      'unavailable',
      `The lodging server "${entry.name}" has no tool "${toolName}" (it offers: ${offered}); set toolMap.search in the MCP config.`,
      { server: entry.name },
    );
  }

  const filled = new Set(
    Object.keys(ourArguments({ location: '', checkIn: '', checkOut: '', adults: 1 }))
      .map((name) =>
        name in entry.argMap ? entry.argMap[name] : SENT_ONLY_WHEN_MAPPED.has(name) ? null : name,
      )
      .filter((name): name is string => typeof name === 'string'),
  );
  const missing = (tool.inputSchema.required ?? []).filter((name) => !filled.has(name));
  if (missing.length > 0) {
    throw new ToolError(
      'unavailable',
      `The tool "${toolName}" of lodging server "${entry.name}" requires ${missing.join(', ')}, which no argument fills; map them in argMap in the MCP config.`,
      { server: entry.name },
    );
  }
  return tool;
}
