import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

import {
  forgetMemories,
  listMemories,
  recallMemories,
  rememberMemories,
} from '../../agent/memory-access.js';
import type { MemoryKind } from '../../memory/index.js';
import { runtimeFor, type ToolContext } from './context.js';
import { renderMemories } from './render.js';
import {
  forgetInputShape,
  forgetOutputShape,
  recallInputShape,
  recallOutputShape,
  rememberInputShape,
  rememberOutputShape,
} from './schemas.js';
import { runTool, structuredResult } from './tool-result.js';

/** Registers `remember`, `recall` and `forget` over the configured user's long-term memory. */
export function registerMemoryTools(server: McpServer, context: ToolContext): void {
  const { logger, userId } = context;

  server.registerTool(
    'remember',
    {
      title: 'Remember about the traveller',
      description:
        'Store something the traveller said about themselves (a preference, a fact, a trip) in ' +
        'long-term memory, which later chats and sessions recall. Store only what the traveller ' +
        'stated, never guesses.',
      inputSchema: rememberInputShape,
      outputSchema: rememberOutputShape,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
    },
    async ({ text, kind, topic }, extra) =>
      runTool('remember', extra, logger, async () => {
        const runtime = await runtimeFor(context, extra.signal);
        const memory = { kind: kind as MemoryKind, topic: topic ?? 'general', text };
        const stored = await rememberMemories(runtime.memory, userId, [memory]);
        const summary =
          stored > 0 ? `Remembered: ${text}` : `Already remembered, nothing changed: ${text}`;
        return structuredResult({ stored, memory }, summary);
      }),
  );

  server.registerTool(
    'recall',
    {
      title: 'Recall what is known about the traveller',
      description:
        "Search the traveller's long-term memory (preferences, facts, past trips), best match " +
        'first, or list everything when no query is given. Use it before planning, to respect ' +
        'stated preferences such as diet or seat.',
      inputSchema: recallInputShape,
      outputSchema: recallOutputShape,
      annotations: { readOnlyHint: true },
    },
    async ({ query, limit }, extra) =>
      runTool('recall', extra, logger, async () => {
        const runtime = await runtimeFor(context, extra.signal);
        const memories =
          query && query !== ''
            ? await recallMemories(runtime.memory, userId, query, limit)
            : await listMemories(runtime.memory, userId);
        return structuredResult({ memories }, renderMemories(memories, query || undefined));
      }),
  );

  server.registerTool(
    'forget',
    {
      title: 'Forget something about the traveller',
      description:
        'Delete memories when the traveller withdraws something ("forget that I am vegetarian"): ' +
        'by id from recall, by the best matches for a query, or all of them. Deletion is ' +
        'immediate and cannot be undone.',
      inputSchema: forgetInputShape,
      outputSchema: forgetOutputShape,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
    },
    async ({ id, query, all }, extra) =>
      runTool('forget', extra, logger, async () => {
        const options = all ? { all: true } : id ? { ids: [id] } : query ? { query } : undefined;
        if (!options) {
          return structuredResult(
            { deleted: 0 },
            'Nothing deleted: give an id, a query, or all: true.',
          );
        }
        const runtime = await runtimeFor(context, extra.signal);
        const deleted = await forgetMemories(runtime.memory, userId, options);
        return structuredResult(
          { deleted },
          deleted > 0
            ? `Forgot ${deleted} memories.`
            : 'No memory matched, so nothing was deleted.',
        );
      }),
  );
}
