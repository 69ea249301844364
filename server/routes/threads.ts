import { Router, type Response } from 'express';
import { z } from 'zod';

import type { AgentRuntime } from '../../agent/runtime.js';
import { cancelThreadTurns } from '../../agent/turn.js';
import { HttpError } from '../errors.js';
import { assertActsFor, boundUserOf } from '../limits.js';
import { idParam, idSchema, parseOrThrow } from '../validation.js';

const listQuery = z.object({
  user_id: idSchema,
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(200, 'must be at most 200')
    .default(50),
});

const ownerQuery = z.object({ user_id: idSchema.optional() });

/**
 * Threads: list a user's threads, read one with its full history and current slots, delete
 * one. When `user_id` is given, a thread of another user is reported as not found.
 */
export function threadRoutes(runtime: AgentRuntime): Router {
  const router = Router();

  /**
   * The owner a thread must have: the `user_id` given, or the user a bound key acts for.
   * Without either (no keys, or a service key) any thread id may be read, as the id itself is
   * an unguessable UUID unless the client chose it.
   */
  function ownerFor(query: unknown, response: Response): string | undefined {
    const { user_id: given } = parseOrThrow(ownerQuery, query, 'query');
    if (given !== undefined) assertActsFor(response, given);
    return given ?? boundUserOf(response);
  }

  async function loadOwned(threadId: string, userId: string | undefined) {
    const found = await runtime.threads.get(threadId);
    if (!found || (userId !== undefined && found.thread.userId !== userId)) {
      throw new HttpError(404, 'thread_not_found', `Thread ${threadId} was not found.`);
    }
    return found;
  }

  router.get('/threads', async (request, response) => {
    const query = parseOrThrow(
      listQuery,
      { user_id: boundUserOf(response), ...request.query },
      'query',
    );
    assertActsFor(response, query.user_id);
    const threads = await runtime.threads.list(query.user_id, query.limit);
    response.json({
      threads: threads.map((thread) => ({
        thread_id: thread.id,
        user_id: thread.userId,
        title: thread.title,
        created_at: thread.createdAt,
        updated_at: thread.updatedAt,
        message_count: thread.messageCount,
      })),
    });
  });

  router.get('/threads/:threadId', async (request, response) => {
    const threadId = idParam(request, 'threadId');
    const userId = ownerFor(request.query, response);
    const { thread, messages } = await loadOwned(threadId, userId);

    const snapshot = await runtime.graph.getState({ configurable: { thread_id: threadId } });
    const values = snapshot.values as { lastSearch?: unknown; summary?: string };
    response.json({
      thread_id: thread.id,
      user_id: thread.userId,
      title: thread.title,
      created_at: thread.createdAt,
      updated_at: thread.updatedAt,
      messages: messages.map(({ createdAt, ...message }) => ({
        ...message,
        created_at: createdAt,
      })),
      slots: values.lastSearch ?? null,
      summary: values.summary ?? '',
    });
  });

  router.delete('/threads/:threadId', async (request, response) => {
    const threadId = idParam(request, 'threadId');
    const userId = ownerFor(request.query, response);
    await loadOwned(threadId, userId);
    // Stop queued and running turns first, so none writes a checkpoint after the delete.
    await cancelThreadTurns(threadId);
    await runtime.threads.delete(threadId);
    const checkpointer = runtime.graph.checkpointer;
    if (checkpointer && typeof checkpointer === 'object') await checkpointer.deleteThread(threadId);
    response.status(204).end();
  });

  return router;
}
