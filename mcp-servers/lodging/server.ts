import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../../agent/logger.js';
import { LodgingInputError, LodgingProviderError, LodgingTimeoutError } from './errors.js';
import { createDuffelProvider } from './providers/duffel.js';
import { createSampleProvider } from './providers/sample.js';
import type { LodgingProvider } from './providers/types.js';
import { renderDetails, renderSearch } from './render.js';
import {
  detailsInputShape,
  detailsOutputShape,
  searchInputShape,
  searchOutputShape,
} from './schemas.js';
import { getStayDetails, searchStays } from './search.js';

export interface LodgingServerOptions {
  /** Duffel access token; without it the server returns sample listings. */
  duffelAccessToken?: string;
  /** Base URL of the Duffel API; tests point it at a local stand-in. */
  duffelBaseUrl?: string;
  logger: Logger;
  /** Clock for date checks; tests pin it. */
  now?: () => Date;
  /**
   * Time limit of one tool call in milliseconds, upstream requests included. Defaults to 15000,
   * below the lodging client's 20 s, so that a slow provider returns a readable tool error, not a client timeout.
   */
  callTimeoutMs?: number;
}

const DEFAULT_CALL_TIMEOUT_MS = 15_000;

/** Builds the lodging MCP server with its two tools; the caller connects a transport. */
export function createLodgingServer(options: LodgingServerOptions): McpServer {
  const logger = options.logger;
  const now = options.now ?? (() => new Date());
  const callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  const provider: LodgingProvider = options.duffelAccessToken
    ? createDuffelProvider({
        accessToken: options.duffelAccessToken,
        baseUrl: options.duffelBaseUrl,
        logger,
      })
    : createSampleProvider();

  const server = new McpServer(
    { name: 'lodging', version: '0.1.0' },
    {
      instructions:
        'Search stays with search_accommodations, then fetch rooms and rates with ' +
        'get_accommodation_details. Results marked sample are invented and cannot be booked.',
    },
  );

  server.registerTool(
    'search_accommodations',
    {
      title: 'Search accommodations',
      description:
        'Find hotels, guesthouses and apartments in a city for given dates and guests, cheapest ' +
        'first, 10 per page. Returns the place that was understood, so check it matches the ' +
        "user's intent. Use get_accommodation_details for rooms, rates and cancellation terms.",
      inputSchema: searchInputShape,
      outputSchema: searchOutputShape,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async (input, extra) =>
      runTool(logger, 'search_accommodations', extra.signal, callTimeoutMs, async (signal) => {
        const result = await searchStays(provider, input, now(), signal);
        return {
          structuredContent: result,
          content: [{ type: 'text', text: renderSearch(result) }],
        };
      }),
  );

  server.registerTool(
    'get_accommodation_details',
    {
      title: 'Get accommodation details',
      description:
        'Fetch one accommodation from a search_accommodations result with its rooms, rates, board ' +
        'and cancellation terms for the given dates and guests.',
      inputSchema: detailsInputShape,
      outputSchema: detailsOutputShape,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async (input, extra) =>
      runTool(logger, 'get_accommodation_details', extra.signal, callTimeoutMs, async (signal) => {
        const result = await getStayDetails(provider, input, now(), signal);
        return {
          structuredContent: result,
          content: [{ type: 'text', text: renderDetails(result) }],
        };
      }),
  );

  logger.info({ provider: provider.name }, 'lodging MCP server created');
  return server;
}

/**
 * Runs one tool call under a time limit and turns expected failures into `isError` results the
 * model can read and correct. The signal passed to `work` aborts when the client cancels the call
 * (`notifications/cancelled`, which the SDK turns into `extra.signal`) or the time limit runs out,
 * and the provider passes it on to its upstream requests.
 */
async function runTool(
  logger: Logger,
  tool: string,
  cancelSignal: AbortSignal,
  timeoutMs: number,
  work: (signal: AbortSignal) => Promise<CallToolResult>,
): Promise<CallToolResult> {
  const limit = new AbortController();
  const timer = setTimeout(() => limit.abort(new LodgingTimeoutError(timeoutMs)), timeoutMs);
  const signal = AbortSignal.any([cancelSignal, limit.signal]);
  try {
    return await work(signal);
  } catch (error) {
    return failureResult(logger, tool, error, cancelSignal);
  } finally {
    clearTimeout(timer);
  }
}

function failureResult(
  logger: Logger,
  tool: string,
  error: unknown,
  cancelSignal: AbortSignal,
): CallToolResult {
  if (cancelSignal.aborted) {
    // The SDK sends no response to a cancelled request, so this result is never seen.
    logger.info({ tool }, 'tool call cancelled by the client');
    return errorResult(`${tool} was cancelled.`, 'cancelled');
  }
  if (error instanceof LodgingTimeoutError) {
    logger.warn({ tool, timeoutMs: error.timeoutMs }, 'tool call timed out');
    return errorResult(
      `${tool} timed out: the stays provider sent ${error.message}; try again, or search fewer guests or a smaller area.`,
      'timeout',
    );
  }
  if (error instanceof LodgingInputError) {
    logger.info({ tool, field: error.field }, 'tool call rejected');
    return errorResult(`Invalid ${error.message}`, 'invalid_input');
  }
  if (error instanceof LodgingProviderError) {
    logger.warn({ tool, status: error.status }, 'stays provider failed');
    const code = error.status === 429 ? 'rate_limited' : 'upstream_error';
    return errorResult(error.message, code, error.details?.retryAfterSeconds);
  }
  logger.error({ err: error, tool }, 'tool call failed');
  return errorResult(`${tool} failed unexpectedly: ${(error as Error).message}`, 'internal_error');
}

/**
 * Builds an `isError` result. `_meta.error_code` (and `retry_after_seconds` for rate limits) lets
 * a program react without parsing the message, which is written for the model.
 */
function errorResult(message: string, code: string, retryAfterSeconds?: number): CallToolResult {
  const meta: Record<string, unknown> = { error_code: code };
  if (retryAfterSeconds !== undefined) {
    meta.retry_after_seconds = retryAfterSeconds;
  }
  return { isError: true, content: [{ type: 'text', text: message }], _meta: meta };
}
