import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

import type { Logger } from '../../agent/logger.js';
import { registerChatTool } from './chat-tool.js';
import type { RuntimeHandle } from './lazy-runtime.js';
import { registerMemoryTools } from './memory-tools.js';
import { registerSearchTools } from './search-tools.js';

export interface TravelAgentMcpOptions {
  /** The shared runtime; one handle serves every session of the process. */
  runtime: RuntimeHandle;
  /** User whose memory and threads the tools use (TRAVEL_AGENT_USER). */
  userId: string;
  logger: Logger;
}

const INSTRUCTIONS =
  'A travel agent. Use chat for requests in plain language and keep its thread_id to refine ' +
  'them. Use search_flights, search_stays and destination_guide when you plan the trip ' +
  'yourself, and recall before planning to respect what the traveller told earlier. Results ' +
  'marked sample are invented offline and cannot be booked.';

/** Builds one MCP server with the agent's tools; the caller connects one transport to it. */
export function createTravelAgentMcpServer(options: TravelAgentMcpOptions): McpServer {
  const server = new McpServer(
    { name: 'travel-agent', title: 'Travel agent', version: '0.1.0' },
    { instructions: INSTRUCTIONS },
  );
  const context = { runtime: options.runtime, userId: options.userId, logger: options.logger };

  registerChatTool(server, context);
  registerSearchTools(server, context);
  registerMemoryTools(server, context);
  return server;
}
