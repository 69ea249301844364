import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../../agent/logger.js';
import { LodgingInputError, LodgingProviderError } from './errors.js';
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
}

/** Builds the lodging MCP server with its two tools; the caller connects a transport. */
export function createLodgingServer(options: LodgingServerOptions): McpServer {
  const logger = options.logger;
  const now = options.now ?? (() => new Date());
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
    async (input) =>
      runTool(logger, 'search_accommodations', async () => {
        const result = await searchStays(provider, input, now());
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
    async (input) =>
      runTool(logger, 'get_accommodation_details', async () => {
        const result = await getStayDetails(provider, input, now());
        return {
          structuredContent: result,
          content: [{ type: 'text', text: renderDetails(result) }],
        };
      }),
  );

  logger.info({ provider: provider.name }, 'lodging MCP server created');
  return server;
}

/** Turns expected failures into `isError` results the model can read and correct. */
async function runTool(
  logger: Logger,
  tool: string,
  work: () => Promise<CallToolResult>,
): Promise<CallToolResult> {
  try {
    return await work();
  } catch (error) {
    let message: string;
    if (error instanceof LodgingInputError) {
      message = `Invalid ${error.message}`;
      logger.info({ tool, field: error.field }, 'tool call rejected');
    } else if (error instanceof LodgingProviderError) {
      message = error.message;
      logger.warn({ tool, status: error.status }, 'stays provider failed');
    } else {
      logger.error({ err: error, tool }, 'tool call failed');
      message = `${tool} failed unexpectedly: ${(error as Error).message}`;
    }
    return { isError: true, content: [{ type: 'text', text: message }] };
  }
}
