import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

import type { AgentEvent } from '../../agent/events.js';
import { runTurn } from '../../agent/turn.js';
import type { DestinationResult } from '../../tools/destination/index.js';
import type { FlightSearchResult } from '../../tools/flights/index.js';
import type { StaySearchResult } from '../../tools/lodging/index.js';
import { runtimeFor, type ToolContext } from './context.js';
import { createProgressReporter, describeAgentEvent } from './progress.js';
import { chatInputShape, chatOutputShape } from './schemas.js';
import { runTool, structuredResult } from './tool-result.js';

const CHAT_DESCRIPTION =
  'Talk to the travel agent in plain language: it understands flight, stay and destination ' +
  'requests, searches, and replies with the best options. Pass the returned thread_id back to ' +
  'refine the same request ("make it business class", "cheaper hotels"). It also remembers ' +
  'preferences the traveller states, across sessions. The structured result carries every offer ' +
  'it found. Results marked sample are invented offline and cannot be booked. Use the direct ' +
  'search tools instead when you already have exact dates, places and counts.';

/** Search results of one turn, gathered from its `tool_end` events. */
interface TurnFindings {
  flights?: FlightSearchResult;
  stays?: StaySearchResult;
  destination?: DestinationResult;
  toolErrors: Array<{ tool: string; error: string }>;
}

function collectFinding(findings: TurnFindings, event: AgentEvent): void {
  if (event.event !== 'tool_end') return;
  const { tool, ok, result, error } = event.data;
  if (!ok) {
    findings.toolErrors.push({ tool, error: error ?? 'unknown error' });
    return;
  }
  // The graph's tool names; memory tools return nothing worth showing as an offer.
  if (tool === 'search_flights') findings.flights = result as FlightSearchResult;
  if (tool === 'search_accommodations') findings.stays = result as StaySearchResult;
  if (tool === 'destination_guide') findings.destination = result as DestinationResult;
}

/** Registers `chat`, which runs one agent turn and streams its steps as progress. */
export function registerChatTool(server: McpServer, context: ToolContext): void {
  server.registerTool(
    'chat',
    {
      title: 'Chat with the travel agent',
      description: CHAT_DESCRIPTION,
      inputSchema: chatInputShape,
      outputSchema: chatOutputShape,
      annotations: { readOnlyHint: false, openWorldHint: true },
    },
    async ({ message, thread_id, time_zone }, extra) =>
      runTool('chat', extra, context.logger, async () => {
        const progress = createProgressReporter(extra, context.logger);
        const runtime = await runtimeFor(context, extra.signal);

        const findings: TurnFindings = { toolErrors: [] };
        const turn = await runTurn(
          runtime,
          {
            userId: context.userId,
            threadId: thread_id,
            message,
            timeZone: time_zone,
            signal: extra.signal,
          },
          (event) => {
            if (event.event === 'thread') return;
            collectFinding(findings, event);
            const step = describeAgentEvent(event);
            if (step) progress(step);
          },
        );
        // The graph can finish its last step just as the cancellation arrives.
        extra.signal.throwIfAborted();

        return structuredResult(
          {
            thread_id: turn.threadId,
            reply: turn.reply,
            intent: turn.intent,
            ...(findings.flights ? { flights: findings.flights } : {}),
            ...(findings.stays ? { stays: findings.stays } : {}),
            ...(findings.destination ? { destination: findings.destination } : {}),
            tool_errors: findings.toolErrors,
          },
          `${turn.reply}\n\n(thread_id: ${turn.threadId})`,
        );
      }),
  );
}
