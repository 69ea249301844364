import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';

import type { AgentEvent } from '../../agent/events.js';
import type { Logger } from '../../agent/logger.js';

/** The per-request context the SDK passes to a tool handler. */
export type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** Sends one progress message; a no-op when the caller gave no progress token. */
export type ProgressReporter = (message: string) => void;

/**
 * Creates a reporter for one tool call. Each message raises `progress` by one, because the spec
 * requires it to grow and a turn does not know its number of steps in advance. The SDK drops
 * messages once the request is cancelled.
 */
export function createProgressReporter(extra: ToolExtra, logger: Logger): ProgressReporter {
  const progressToken = extra._meta?.progressToken;
  if (progressToken === undefined) return () => undefined;

  let progress = 0;
  return (message) => {
    progress += 1;
    extra
      .sendNotification({
        method: 'notifications/progress',
        params: { progressToken, progress, message },
      })
      .catch((error: unknown) => {
        // A closed connection is not worth failing the call for; the result reports the outcome.
        logger.debug({ err: (error as Error).message }, 'progress notification failed');
      });
  };
}

/** Describes an agent event as a progress message, or returns undefined for events not shown. */
export function describeAgentEvent(event: AgentEvent): string | undefined {
  switch (event.event) {
    case 'intent':
      return `Understood the request as ${event.data.intent}`;
    case 'tool_start':
      return `Started ${event.data.tool}`;
    case 'tool_end': {
      if (!event.data.ok)
        return `${event.data.tool} failed: ${event.data.error ?? 'unknown error'}`;
      const offers = countOffers(event.data.result);
      const found = offers === undefined ? '' : `, ${offers} offers`;
      return `Finished ${event.data.tool}${found}${event.data.cached ? ' (cached)' : ''}`;
    }
    default:
      return undefined;
  }
}

function countOffers(result: unknown): number | undefined {
  const offers = (result as { offers?: unknown } | undefined)?.offers;
  return Array.isArray(offers) ? offers.length : undefined;
}
