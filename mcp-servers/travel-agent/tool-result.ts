import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

import type { Logger } from '../../agent/logger.js';
import { ThreadNotFoundError } from '../../agent/turn.js';
import { ToolError } from '../../tools/types.js';
import type { ToolExtra } from './progress.js';

/** The agent runtime failed to open; each later call tries to open it again. */
export class AgentUnavailableError extends Error {
  constructor(cause: unknown) {
    super(
      `The travel agent could not start: ${(cause as Error)?.message ?? cause}. The server log ` +
        'has details; the next call tries to start it again.',
      { cause },
    );
    this.name = 'AgentUnavailableError';
  }
}

/** Builds a successful result with structured content and a text rendering of it. */
export function structuredResult(
  structuredContent: Record<string, unknown>,
  text: string,
): CallToolResult {
  return { structuredContent, content: [{ type: 'text', text }] };
}

/** Builds an `isError` result, which the calling model reads and can correct. */
export function errorResult(message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: message }] };
}

/**
 * Runs a tool body and turns every failure into an `isError` result, so the client never sees
 * a protocol error for a failed search. A cancelled call also gets one, which the SDK drops
 * instead of sending.
 */
export async function runTool(
  tool: string,
  extra: ToolExtra,
  logger: Logger,
  work: () => Promise<CallToolResult>,
): Promise<CallToolResult> {
  const log = logger.child({ tool, requestId: extra.requestId, sessionId: extra.sessionId });
  try {
    return await work();
  } catch (error) {
    if (extra.signal.aborted) {
      log.info('tool call cancelled by the client');
      return errorResult(`${tool} was cancelled.`);
    }
    if (error instanceof ToolError) {
      log.info({ code: error.code, err: error.message }, 'tool call failed');
      return errorResult(error.message);
    }
    if (error instanceof ThreadNotFoundError || error instanceof AgentUnavailableError) {
      log.warn({ err: error.message }, 'tool call failed');
      return errorResult(error.message);
    }
    log.error({ err: error }, 'tool call failed unexpectedly');
    return errorResult(`${tool} failed unexpectedly: ${(error as Error)?.message ?? error}`);
  }
}
